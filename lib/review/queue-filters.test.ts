import { describe, expect, it } from 'vitest'
import { defaultQueueFilters, filtersFromSearch, searchOfFilters, type QueueFilters } from './queue-filters'

const parse = (query: string) => filtersFromSearch(new URLSearchParams(query))

describe('the review queue filters in the URL', () => {
  it('reads every filter back from the query it writes', () => {
    const filters: QueueFilters = { status: 'approved', labelId: 'lbl_1', annotatorId: 'cm9x-2', olderThanHours: '24', sort: 'newest', page: 3 }
    const query = searchOfFilters(filters)
    expect(query).toBe('status=approved&label=lbl_1&annotator=cm9x-2&older=24&sort=newest&page=3')
    expect(parse(query)).toEqual(filters)
  })

  it('leaves the defaults out: the plain queue has a plain URL', () => {
    expect(searchOfFilters(defaultQueueFilters)).toBe('')
    expect(parse('')).toEqual(defaultQueueFilters)
  })

  it('falls back to the default for each value that does not parse, keeping the others', () => {
    expect(parse('status=bogus&page=-3&older=5&sort=random&label=a%20b&annotator=u1')).toEqual({ ...defaultQueueFilters, annotatorId: 'u1' })
    expect(parse('page=2.5').page).toBe(1)
    expect(parse('status=needs_revision').status).toBe('needs_revision')
  })
})
