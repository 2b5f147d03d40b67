import type { ExportView } from '@/lib/services/exports'

export type ExportSummary = Omit<ExportView, 'manifest'>

export interface ExportPreview {
  documents: number
  spans: number
  perLabel: { label: string; color: string; spans: number }[]
  perStatus: Record<string, number>
}

async function json<T>(response: Response): Promise<T> {
  const payload = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null
  if (!response.ok) throw new Error(payload?.error?.message ?? `The server answered ${response.status}.`)
  return payload as T
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

export const exportApi = {
  preview: (projectId: string, filters: unknown) => post(`/api/v1/projects/${projectId}/exports/preview`, filters).then((r) => json<ExportPreview>(r)),
  start: (projectId: string, request: unknown) => post(`/api/v1/projects/${projectId}/exports`, request).then((r) => json<ExportView>(r)),
  list: (projectId: string) => fetch(`/api/v1/projects/${projectId}/exports`).then((r) => json<{ items: ExportSummary[] }>(r)),
  remove: (exportId: string) => fetch(`/api/v1/exports/${exportId}`, { method: 'DELETE' }).then((r) => json<{ outcome: 'deleted' | 'cancelling' }>(r)),
  get: (exportId: string) => fetch(`/api/v1/exports/${exportId}`).then((r) => json<ExportView>(r)),
}
