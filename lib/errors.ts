// Typed domain errors. Each maps to one HTTP status; the message is a sentence for the user.

export type ErrorCode = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited'

export const statusOf: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'DomainError'
  }
  get status(): number {
    return statusOf[this.code]
  }
}

export const invalid = (message: string, details?: unknown) => new DomainError('invalid', message, details)
export const unauthenticated = (message = 'Sign in first, or send a personal access token as "Authorization: Bearer …".') =>
  new DomainError('unauthenticated', message)
export const forbidden = (message: string) => new DomainError('forbidden', message)
export const notFound = (what: string) => new DomainError('not_found', `${what} was not found, or you are not a member of its project.`)
export const conflict = (message: string, details?: unknown) => new DomainError('conflict', message, details)
export const rateLimited = (message: string) => new DomainError('rate_limited', message)
