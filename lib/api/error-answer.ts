// The JSON answer of a refused or failed API request, apart from the route machinery (no server
// imports), so that the browser's client (lib/api/client.ts) and its tests share this one shape.
import { DomainError, type MessageValues } from '../errors'

export interface FieldError {
  path: string
  message: string
}

/** What the UI needs to say why something was refused (an ApiError, or a server action's answer). */
export interface Refusal {
  message: string
  messageKey?: string
  messageValues?: MessageValues
}

export interface ErrorAnswer {
  error: {
    code: string
    /** The English sentence scripts read. */
    message: string
    /** Its key under apiErrors in messages/api-errors.<locale>.json, and the values it interpolates. */
    messageKey?: string
    messageValues?: MessageValues
    /** The invalid fields of a 400. */
    fields?: FieldError[]
    /** A conflict's details, e.g. the resource as it is now. */
    [detail: string]: unknown
  }
}

/** The status and body for an error; anything but a DomainError is a 500 that says nothing of its cause. */
export function errorAnswer(error: unknown): { status: number; body: ErrorAnswer; unexpected: boolean } {
  if (error instanceof DomainError) {
    // Array details name the invalid fields; object details (e.g. a conflict's current state) go along as they are.
    const extra = Array.isArray(error.details) ? { fields: error.details as FieldError[] } : error.details && typeof error.details === 'object' ? error.details : {}
    const i18n = error.i18n ? { messageKey: error.i18n.key, ...(error.i18n.values ? { messageValues: error.i18n.values } : {}) } : {}
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...i18n, ...extra } }, unexpected: false }
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Something went wrong on the server; the error was logged. Try again, and tell an admin if it persists.', messageKey: 'server.internal' } },
    unexpected: true,
  }
}
