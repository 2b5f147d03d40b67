// A region over the years (issue 15, view 3; docs/decisions/0032): its reports side by side by year,
// per label count and share by year (the distribution's own figures, lib/services/research.ts), and
// each report's text reuse against its predecessor — the latest earlier report of the same province,
// city and level (a gap year compares with the last report there is).
import type { Actor } from '../auth/actor'
import { authorizeProject } from '../auth/permissions'
import { query, sql } from '../db/sql'
import { notFound } from '../errors'
import { compareReports, type ReuseEntry, type ReuseSummary } from '../research/reuse'
import type { RegionQuery, ResearchRegion } from '../schemas/research'
import { researchDistribution } from './research'

export const REGION_REPORT_LIMIT = 500

interface DocumentRow {
  id: string
  title: string
  province: string | null
  city: string | null
  level: string | null
  year: number | null
  length: number
}

// Texts are immutable (a corrected text is a new document), so a pair's reuse never goes stale: kept
// in memory, newest last, up to this many pairs.
const CACHE_PAIRS = 20_000
const reuseCache = new Map<string, ReuseSummary>()

function cached(key: string, compute: () => ReuseSummary): ReuseSummary {
  const hit = reuseCache.get(key)
  if (hit) return hit
  const value = compute()
  reuseCache.set(key, value)
  if (reuseCache.size > CACHE_PAIRS) reuseCache.delete(reuseCache.keys().next().value!)
  return value
}

const sameSeries = (a: DocumentRow, b: DocumentRow) => a.province === b.province && a.city === b.city && a.level === b.level

/** Each report's predecessor among `all` (ordered by year): the latest earlier report of its series. */
function predecessors(all: DocumentRow[]): Map<string, DocumentRow> {
  const out = new Map<string, DocumentRow>()
  for (const doc of all) {
    if (doc.year === null) continue
    let best: DocumentRow | null = null
    for (const other of all) {
      if (other.year === null || other.year >= doc.year || !sameSeries(doc, other)) continue
      if (!best || other.year > best.year! || (other.year === best.year && other.id < best.id)) best = other
    }
    if (best) out.set(doc.id, best)
  }
  return out
}

async function textsOf(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await query<{ id: string; text: string }>(sql`SELECT id, text FROM "Document" WHERE id = ANY(${ids}::text[])`)
  return new Map(rows.map((r) => [r.id, r.text]))
}

export async function researchRegion(actor: Actor, input: { projectId: string } & RegionQuery): Promise<ResearchRegion> {
  authorizeProject(actor, input.projectId, 'project.read')
  const { labelLevel, ...filter } = input
  const [byLabel, byYear, series] = await Promise.all([
    researchDistribution(actor, { ...filter, groupBy: ['label', 'year'], labelLevel }),
    researchDistribution(actor, { ...filter, groupBy: ['year'], labelLevel }),
    // Every year of the region's reports, also before yearFrom: the first year's predecessor may lie there.
    query<DocumentRow>(sql`
      SELECT id, title, province, city, level, "reportYear" AS year, length FROM "Document" d
      WHERE d."projectId" = ${input.projectId} AND d."archivedAt" IS NULL AND d.province = ${input.province}
        ${input.city !== undefined ? sql`AND d.city = ${input.city}` : sql``} ${input.level !== undefined ? sql`AND d.level = ${input.level}` : sql``}
        ${input.yearTo !== undefined ? sql`AND d."reportYear" <= ${input.yearTo}` : sql``}
      ORDER BY d."reportYear" NULLS LAST, d.city COLLATE "C" NULLS FIRST, d.level COLLATE "C" NULLS FIRST, d.title COLLATE "C", d.id`),
  ])
  const shown = series.filter((d) => input.yearFrom === undefined || (d.year !== null && d.year >= input.yearFrom))
  const reports = shown.slice(0, REGION_REPORT_LIMIT)
  const before = predecessors(series)
  const missing = reports.filter((d) => before.has(d.id) && !reuseCache.has(`${before.get(d.id)!.id}:${d.id}`))
  const texts = await textsOf([...new Set(missing.flatMap((d) => [d.id, before.get(d.id)!.id]))])
  return {
    labels: byLabel.labels,
    rows: byLabel.rows,
    years: byYear.rows,
    truncated: shown.length > reports.length,
    reports: reports.map((d) => {
      const p = before.get(d.id)
      return {
        documentId: d.id,
        title: d.title,
        city: d.city,
        level: d.level,
        year: d.year,
        length: d.length,
        predecessor: p ? { documentId: p.id, title: p.title, year: p.year! } : null,
        reuse: p ? cached(`${p.id}:${d.id}`, () => compareReports(texts.get(p.id) ?? '', texts.get(d.id) ?? '').summary) : null,
      }
    }),
  }
}

/** One report against its predecessor, sentence by sentence (the diff view). */
export async function researchReuse(actor: Actor, input: { projectId: string; documentId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const [doc] = await query<DocumentRow & { text: string }>(
    sql`SELECT id, title, province, city, level, "reportYear" AS year, length, text FROM "Document" WHERE id = ${input.documentId} AND "projectId" = ${input.projectId} AND "archivedAt" IS NULL`,
  )
  if (!doc) throw notFound('The document', { key: 'research.documentNotFound' })
  const series = doc.year === null || doc.province === null ? [] : await query<DocumentRow>(sql`
    SELECT id, title, province, city, level, "reportYear" AS year, length FROM "Document"
    WHERE "projectId" = ${input.projectId} AND "archivedAt" IS NULL AND province = ${doc.province}
      AND city IS NOT DISTINCT FROM ${doc.city} AND level IS NOT DISTINCT FROM ${doc.level} AND "reportYear" < ${doc.year}`)
  const p = predecessors([...series, doc]).get(doc.id)
  if (!p) return { documentId: doc.id, predecessor: null, summary: null, entries: [] as ReuseEntry[] }
  const previous = (await textsOf([p.id])).get(p.id) ?? ''
  const { summary, entries } = compareReports(previous, doc.text)
  reuseCache.set(`${p.id}:${doc.id}`, summary)
  return { documentId: doc.id, predecessor: { documentId: p.id, title: p.title, year: p.year! }, summary, entries }
}
