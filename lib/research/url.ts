// The research tab's state lives in its URL (issue 15: a view can be shared with a colleague): the
// filters under the API's own parameter names, so the same values go to the API unchanged.

export const filterKeys = ['status', 'labelId', 'province', 'city', 'level', 'yearFrom', 'yearTo'] as const
export type FilterKey = (typeof filterKeys)[number]

export const measures = ['count', 'perTenThousand', 'share'] as const
export type Measure = (typeof measures)[number]

export type ResearchView = 'distribution' | 'concordance' | 'region' | 'compare'

/** The filters of the URL, as API query values (absent ones left out). */
export function filtersOf(params: URLSearchParams): Partial<Record<FilterKey, string>> {
  const out: Partial<Record<FilterKey, string>> = {}
  for (const key of filterKeys) {
    const value = params.get(key)
    if (value) out[key] = value
  }
  return out
}

/** The URL's parameters with some changed (null or '' removes one); a change of filter goes back to page 1. */
export function withParams(params: URLSearchParams, changes: Record<string, string | number | null | undefined>): URLSearchParams {
  const next = new URLSearchParams(params)
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') next.delete(key)
    else next.set(key, String(value))
  }
  if (!('page' in changes)) next.delete('page')
  return next
}

/** The concordance of one cell, bar or tile: the current filters narrowed to it. */
export function concordanceParams(params: URLSearchParams, narrow: { labelId?: string | null; province?: string | null; city?: string | null; year?: number | null }): URLSearchParams {
  const changes: Record<string, string | number | null> = { view: 'concordance', q: null }
  if (narrow.labelId) changes.labelId = narrow.labelId
  if (narrow.province) changes.province = narrow.province
  if (narrow.city) changes.city = narrow.city
  if (narrow.year !== undefined && narrow.year !== null) {
    changes.yearFrom = narrow.year
    changes.yearTo = narrow.year
  }
  return withParams(params, changes)
}

/** A measure's value of a row, and how it is written. */
export function measureOf(row: { tags: number; perTenThousand: number | null; share: number | null }, measure: Measure): number {
  if (measure === 'count') return row.tags
  if (measure === 'perTenThousand') return row.perTenThousand ?? 0
  return row.share ?? 0
}

export function formatMeasure(value: number, measure: Measure): string {
  if (measure === 'count') return String(value)
  if (measure === 'share') return `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`
  return value.toFixed(value > 0 && value < 10 ? 2 : 1)
}
