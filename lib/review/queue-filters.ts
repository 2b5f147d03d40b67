// The review queue's filters as a URL query (issue #16): a reviewer shares a filtered queue by its
// link, and the back button returns to the earlier filters. Short names in the URL; anything that
// does not parse falls back to its default, so that a hand-edited or outdated link still opens.
import { idSchema } from '../schemas/common'
import { reviewQueueQuery, type ReviewQueueQuery } from '../schemas/review'

export interface QueueFilters {
  status: ReviewQueueQuery['status']
  labelId: string | null
  annotatorId: string | null
  /** One of the queue's age choices, in hours. */
  olderThanHours: string | null
  sort: ReviewQueueQuery['sort']
  page: number
}

export const queueAges = ['1', '24', '168'] as const

export const defaultQueueFilters: QueueFilters = { status: 'pending', labelId: null, annotatorId: null, olderThanHours: null, sort: 'oldest', page: 1 }

/** The filters a URL's query describes. */
export function filtersFromSearch(search: URLSearchParams): QueueFilters {
  const field = <T>(name: string, parse: (v: string) => T | undefined, fallback: T): T => {
    const raw = search.get(name)
    return raw === null ? fallback : (parse(raw) ?? fallback)
  }
  const id = (v: string) => idSchema.safeParse(v).data ?? undefined
  const d = defaultQueueFilters
  return {
    status: field('status', (v) => reviewQueueQuery.shape.status.safeParse(v).data, d.status),
    labelId: field('label', id, d.labelId),
    annotatorId: field('annotator', id, d.annotatorId),
    olderThanHours: field('older', (v) => ((queueAges as readonly string[]).includes(v) ? v : undefined), d.olderThanHours),
    sort: field('sort', (v) => reviewQueueQuery.shape.sort.safeParse(v).data, d.sort),
    page: field('page', (v) => reviewQueueQuery.shape.page.safeParse(v).data, d.page),
  }
}

/** The query string of the filters, defaults left out (the plain queue has a plain URL). */
export function searchOfFilters(f: QueueFilters): string {
  const d = defaultQueueFilters
  const search = new URLSearchParams()
  if (f.status !== d.status) search.set('status', f.status)
  if (f.labelId) search.set('label', f.labelId)
  if (f.annotatorId) search.set('annotator', f.annotatorId)
  if (f.olderThanHours) search.set('older', f.olderThanHours)
  if (f.sort !== d.sort) search.set('sort', f.sort)
  if (f.page > 1) search.set('page', String(f.page))
  return search.toString()
}
