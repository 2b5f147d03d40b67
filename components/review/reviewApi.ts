import type { ReviewAction } from '@/lib/schemas/review'
import type { TagView } from '@/lib/schemas/tags'
import { ApiError } from '@/components/annotate/api'

export interface ReviewResult {
  ok: boolean
  tag?: TagView
  /** On a conflict: the tag as it is now. */
  current?: TagView
  message?: string
}

export async function postReview(tagId: string, body: { action: ReviewAction; version: number; reasonCode?: string; reason?: string; fix?: { start: number; end: number; quote: string; labelId: string } }): Promise<ReviewResult> {
  const response = await fetch(`/api/v1/tags/${tagId}/review`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  const payload = (await response.json().catch(() => null)) as (TagView & { error?: { message: string; current?: TagView } }) | null
  if (response.ok) return { ok: true, tag: payload as TagView }
  return { ok: false, message: payload?.error?.message ?? `HTTP ${response.status}`, current: payload?.error?.current }
}

export interface TagEventView {
  id: string
  action: string
  actorName: string
  before: { start?: number; end?: number; quote?: string; labelId?: string; status?: string } | null
  after: { start?: number; end?: number; quote?: string; labelId?: string; status?: string } | null
  reasonCode: string | null
  reason: string | null
  createdAt: string
}

export async function fetchEvents(tagId: string): Promise<TagEventView[]> {
  const response = await fetch(`/api/v1/tags/${tagId}/events`)
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`)
  return ((await response.json()) as { items: TagEventView[] }).items
}
