// Typed domain errors. Each maps to one HTTP status; the message is a sentence for the user.
//
// The English `message` is what scripts read in the API's answer. A translatable error also carries
// a message key (under `apiErrors` in messages/api-errors.<locale>.json) and its values, so that the UI shows the same
// sentence in the UI's language (the API answer carries both: `messageKey`, `messageValues`).
// Keys are relative to `apiErrors` (messages/api-errors.<locale>.json), grouped by area: `tag.stale`.

export type ErrorCode = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited'

export const statusOf: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
}

/** Values interpolated into a translated message (ICU placeholders in messages/*.json). */
export type MessageValues = Record<string, string | number>

/** A message key under `apiErrors` (messages/api-errors.<locale>.json), e.g. { key: 'tag.stale', values: { version: 3 } }. */
export interface Translatable {
  key: string
  values?: MessageValues
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly i18n?: Translatable,
  ) {
    super(message)
    this.name = 'DomainError'
  }
  get status(): number {
    return statusOf[this.code]
  }
}

export const invalid = (message: string, details?: unknown, i18n?: Translatable) => new DomainError('invalid', message, details, i18n)
export const unauthenticated = (message = 'Sign in first, or send a personal access token as "Authorization: Bearer …".', i18n: Translatable = { key: 'auth.signInFirst' }) =>
  new DomainError('unauthenticated', message, undefined, i18n)
export const forbidden = (message: string, i18n?: Translatable) => new DomainError('forbidden', message, undefined, i18n)
export const notFound = (what: string, i18n?: Translatable) => new DomainError('not_found', `${what} was not found, or you are not a member of its project.`, undefined, i18n)
export const conflict = (message: string, details?: unknown, i18n?: Translatable) => new DomainError('conflict', message, details, i18n)
export const rateLimited = (message: string, i18n?: Translatable) => new DomainError('rate_limited', message, undefined, i18n)
