// The workbench talks to the same /api/v1 routes that scripts use, with the session cookie.
import type { TagView } from '@/lib/schemas/tags'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) {
    const payload = (await response.json().catch(() => null)) as { error?: { message?: string } } | null
    throw new ApiError(response.status, payload?.error?.message ?? `The server answered ${response.status}.`)
  }
  return (await response.json()) as T
}

export const tagApi = {
  create: (documentId: string, input: { labelId: string; start: number; end: number; quote: string }) =>
    call<TagView>('POST', `/api/v1/documents/${documentId}/tags`, input),
  update: (tagId: string, input: { version: number; labelId?: string; start?: number; end?: number; quote?: string }) =>
    call<TagView>('PATCH', `/api/v1/tags/${tagId}`, input),
  remove: (tagId: string, version: number) => call<TagView>('DELETE', `/api/v1/tags/${tagId}?version=${version}`),
  restore: (tagId: string, version: number) => call<TagView>('POST', `/api/v1/tags/${tagId}/restore`, { version }),
  setAssignment: (documentId: string, state: 'todo' | 'in_progress' | 'done') =>
    call<{ state: string }>('PUT', `/api/v1/documents/${documentId}/assignment`, { state }),
}
