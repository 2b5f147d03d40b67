// The research views (issue 15; docs/decisions/0030): where and when each label is reported, and
// every passage in context. Every figure is aggregated by Postgres; this module builds the statements
// from a fixed set of pieces (no text from outside ever becomes SQL) and turns counts into measures.
import type { Actor } from '../auth/actor'
import { authorizeProject, seesOnlyOwnTags } from '../auth/permissions'
import { db } from '../db/client'
import { connect, query, sql, type Sql } from '../db/sql'
import { invalid } from '../errors'
import type {
  ConcordanceLine,
  ConcordanceQuery,
  ConcordanceSort,
  Distribution,
  DistributionDimension,
  DistributionQuery,
  DistributionRow,
  ResearchFilter,
} from '../schemas/research'
import { LabelTree, pathString } from '../taxonomy/tree'

/** What every research statement is scoped by: the project, and whose open tags the actor may see. */
interface Scope {
  projectId: string
  /** In blind mode an annotator sees approved tags and their own, as in exports (permissions.ts). */
  ownOrApprovedOf: string | null
}

async function scopeOf(actor: Actor, projectId: string): Promise<Scope> {
  const role = authorizeProject(actor, projectId, 'project.read')
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { blindMode: true } })
  return { projectId, ownOrApprovedOf: seesOnlyOwnTags(role, project) ? actor.id : null }
}

/** The documents the filter selects: the project's, not archived, of the region, level and years asked for. */
function documentConditions(scope: Scope, filter: ResearchFilter): Sql {
  const conditions = [sql`d."projectId" = ${scope.projectId}`, sql`d."archivedAt" IS NULL`]
  if (filter.province !== undefined) conditions.push(sql`d.province = ${filter.province}`)
  if (filter.city !== undefined) conditions.push(sql`d.city = ${filter.city}`)
  if (filter.level !== undefined) conditions.push(sql`d.level = ${filter.level}`)
  if (filter.yearFrom !== undefined) conditions.push(sql`d."reportYear" >= ${filter.yearFrom}`)
  if (filter.yearTo !== undefined) conditions.push(sql`d."reportYear" <= ${filter.yearTo}`)
  return sql.join(conditions, sql` AND `)
}

/** The tags the filter selects (of documents joined as `d`): not deleted, of the statuses and label family asked for. */
function tagConditions(scope: Scope, filter: ResearchFilter & { q?: string }): Sql {
  const conditions = [sql`t."projectId" = ${scope.projectId}`, sql`t."deletedAt" IS NULL`, sql`t.status = ANY(${filter.status}::"TagStatus"[])`]
  if (filter.labelId !== undefined) {
    // A label and its sub-labels (the taxonomy has two levels: docs/decisions/0022).
    conditions.push(sql`t."labelId" IN (SELECT id FROM "Label" WHERE "projectId" = ${scope.projectId} AND (id = ${filter.labelId} OR "parentId" = ${filter.labelId}))`)
  }
  if (scope.ownOrApprovedOf) conditions.push(sql`(t.status = 'approved' OR t."authorId" = ${scope.ownOrApprovedOf})`)
  if (filter.q) {
    // ILIKE lets the trigram index (docs/decisions/0031) find the candidates; strpos decides, as before.
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conditions.push(sql`t.quote ILIKE ${pattern} AND strpos(lower(t.quote), lower(${filter.q})) > 0`)
  }
  return sql.join(conditions, sql` AND `)
}

/**
 * Whether the materialised counts answer for this scope: they count every live tag by status, so
 * they cannot tell an annotator's own open tags from others' (blind mode reads the tag table).
 */
function countsServe(scope: Scope, filter?: { q?: string }) {
  return scope.ownOrApprovedOf === null && !filter?.q
}

/** tagConditions for "ResearchCount" c (joined to documents as `d`): the statuses and label family asked for. */
function countConditions(scope: Scope, filter: ResearchFilter): Sql {
  const conditions = [sql`c.status = ANY(${filter.status}::"TagStatus"[])`]
  if (filter.labelId !== undefined) {
    conditions.push(sql`c."labelId" IN (SELECT id FROM "Label" WHERE "projectId" = ${scope.projectId} AND (id = ${filter.labelId} OR "parentId" = ${filter.labelId}))`)
  }
  return sql.join(conditions, sql` AND `)
}

/** The number of tags the filter selects (`total`), or per label: from the counts when they serve, else from the tags. */
function tagTotal(scope: Scope, filter: ResearchFilter & { q?: string }, perLabel = false): Sql {
  const label = (column: Sql) => (perLabel ? sql`${column} AS "labelId", ` : sql``)
  const grouped = perLabel ? sql` GROUP BY 1` : sql``
  return countsServe(scope, filter)
    ? sql`SELECT ${label(sql`c."labelId"`)}COALESCE(sum(c.tags), 0)::int AS total FROM "ResearchCount" c JOIN "Document" d ON d.id = c."documentId" WHERE ${documentConditions(scope, filter)} AND ${countConditions(scope, filter)}${grouped}`
    : sql`SELECT ${label(sql`t."labelId"`)}count(*)::int AS total FROM "Tag" t JOIN "Document" d ON d.id = t."documentId" WHERE ${documentConditions(scope, filter)} AND ${tagConditions(scope, filter)}${grouped}`
}

async function labelsOf(projectId: string) {
  const labels = await db.label.findMany({ where: { projectId }, select: { id: true, parentId: true, name: true, order: true, color: true } })
  return new LabelTree(labels)
}

/** A document dimension's column in the `docs` set. */
const documentColumn: Record<Exclude<DistributionDimension, 'label'>, Sql> = {
  province: sql`province`,
  city: sql`city`,
  year: sql`year`,
}

interface CountRow {
  labelId: string | null
  province: string | null
  city: string | null
  year: number | null
  tags: number
  reportsWithLabel: number
  reports: number
  characters: number
}

/** Counts into measures: tags per 10,000 characters, and the share of reports carrying the label. */
export function withMeasures(row: CountRow): DistributionRow {
  return {
    ...row,
    perTenThousand: row.characters > 0 ? (row.tags * 10_000) / row.characters : null,
    share: row.reports > 0 ? row.reportsWithLabel / row.reports : null,
  }
}

/**
 * The label × region × year matrix (or any coarser grouping of it) with the three measures. Each
 * group's reports and characters count every selected document of its region and year, tagged or
 * not, so that per-10k and share compare reports of different lengths and regions of different sizes.
 * Without `label` in groupBy every group of documents is answered, zeros included; with it, only the
 * groups that have tags (the others are zero).
 */
export async function researchDistribution(actor: Actor, input: { projectId: string } & DistributionQuery): Promise<Distribution> {
  const scope = await scopeOf(actor, input.projectId)
  // A city is read with its province: two provinces may have a city of one name.
  const dimensions = new Set(input.groupBy)
  if (dimensions.has('city')) dimensions.add('province')
  const documentDims = (['province', 'city', 'year'] as const).filter((d) => dimensions.has(d))
  const byLabel = dimensions.has('label')
  const labelKey = input.labelLevel === 'top' ? sql`COALESCE(l."parentId", l.id)` : sql`t."labelId"`

  const docCols = documentDims.map((d) => documentColumn[d])
  const docColsOfD = documentDims.map((d) => sql`d.${documentColumn[d]}`)
  const groupDocs = docCols.length ? sql`GROUP BY ${sql.join(docCols)}` : sql``
  const tagGroup = [...(byLabel ? [sql`1`] : []), ...docColsOfD.map((_, i) => sql.raw(String(i + (byLabel ? 2 : 1))))]
  const joinOn = documentDims.length ? sql.join(documentDims.map((d) => sql`g.${documentColumn[d]} IS NOT DISTINCT FROM n.${documentColumn[d]}`), sql` AND `) : sql`true`
  const select = (from: 'g' | 'n') =>
    sql.join(
      (['province', 'city', 'year'] as const).map((d) => (documentDims.includes(d) ? sql`${sql.raw(from)}.${documentColumn[d]} AS ${documentColumn[d]}` : sql`NULL AS ${documentColumn[d]}`)),
    )

  const tagGroups = sql`
      SELECT ${byLabel ? sql`${labelKey} AS "labelId", ` : sql``}${docColsOfD.length ? sql`${sql.join(docColsOfD)}, ` : sql``}
             count(*)::int AS tags, count(DISTINCT t."documentId")::int AS "reportsWithLabel"
      FROM "Tag" t JOIN docs d ON d.id = t."documentId" ${input.labelLevel === 'top' && byLabel ? sql`JOIN "Label" l ON l.id = t."labelId"` : sql``}
      WHERE ${tagConditions(scope, input)}
      ${tagGroup.length ? sql`GROUP BY ${sql.join(tagGroup)}` : sql``}`
  // The same groups from the materialised counts (docs/decisions/0031): one row per document, label
  // and status, first summed per document (and label key), so that each row of x is one report
  // carrying the label and the share is a plain count, no DISTINCT over tags.
  const countedTags = countsServe(scope)
  const countLabelKey = input.labelLevel === 'top' ? sql`COALESCE(l."parentId", l.id)` : sql`c."labelId"`
  const docColsOfX = documentDims.map((d) => sql`x.${documentColumn[d]}`)
  const innerKeys = [sql`c."documentId"`, ...(byLabel ? [countLabelKey] : []), ...docColsOfD]
  const outerKeys = [...(byLabel ? [sql`x."labelId"`] : []), ...docColsOfX]
  const countedGroups = sql`
      SELECT ${byLabel ? sql`x."labelId", ` : sql``}${docColsOfX.length ? sql`${sql.join(docColsOfX)}, ` : sql``}
             sum(x.tags)::int AS tags, count(*)::int AS "reportsWithLabel"
      FROM (
        SELECT ${sql.join(innerKeys.map((k, i) => (i === 1 && byLabel ? sql`${k} AS "labelId"` : k)))}, sum(c.tags) AS tags
        FROM "ResearchCount" c JOIN docs d ON d.id = c."documentId" ${input.labelLevel === 'top' && byLabel ? sql`JOIN "Label" l ON l.id = c."labelId"` : sql``}
        WHERE ${countConditions(scope, input)}
        GROUP BY ${sql.join(innerKeys)}
      ) x
      ${outerKeys.length ? sql`GROUP BY ${sql.join(outerKeys)}` : sql``}`

  const statement = sql`
    WITH docs AS (
      SELECT d.id, d.province, d.city, d."reportYear" AS year, d.length FROM "Document" d WHERE ${documentConditions(scope, input)}
    ),
    n AS (
      SELECT ${docCols.length ? sql`${sql.join(docCols)}, ` : sql``}count(*)::int AS reports, COALESCE(sum(length), 0)::float8 AS characters FROM docs ${groupDocs}
    ),
    g AS (${countedTags ? countedGroups : tagGroups})
    ${
      byLabel
        ? sql`SELECT g."labelId", ${select('g')}, g.tags, g."reportsWithLabel", n.reports, n.characters FROM g JOIN n ON ${joinOn}`
        : sql`SELECT NULL::text AS "labelId", ${select('n')}, COALESCE(g.tags, 0)::int AS tags, COALESCE(g."reportsWithLabel", 0)::int AS "reportsWithLabel", n.reports, n.characters
              FROM n LEFT JOIN g ON ${joinOn}`
    }`

  const [rows, tree, totals] = await Promise.all([
    query<CountRow>(statement),
    labelsOf(input.projectId),
    query<{ tags: number; reports: number; characters: number }>(sql`
      WITH docs AS (SELECT d.id, d.length FROM "Document" d WHERE ${documentConditions(scope, input)})
      SELECT (${countedTags ? sql`SELECT COALESCE(sum(c.tags), 0)::int FROM "ResearchCount" c JOIN docs d ON d.id = c."documentId" WHERE ${countConditions(scope, input)}` : sql`SELECT count(*)::int FROM "Tag" t JOIN docs d ON d.id = t."documentId" WHERE ${tagConditions(scope, input)}`}) AS tags,
             (SELECT count(*)::int FROM docs) AS reports,
             (SELECT COALESCE(sum(length), 0)::float8 FROM docs) AS characters`),
  ])
  const named = new Set(rows.map((r) => r.labelId).filter((id): id is string => id !== null))
  const labels = [...named].flatMap((id) => {
    const label = tree.get(id)
    return label ? [{ id, name: label.name, path: pathString(tree.path(id)), color: label.color, parentId: label.parentId }] : []
  })
  return { groupBy: input.groupBy, labelLevel: input.labelLevel, labels, rows: rows.map(withMeasures), totals: totals[0] }
}

/** A label's path (top/leaf) of "Label" l and its parent pl. */
const labelPath = sql`(CASE WHEN pl.id IS NULL THEN l.name ELSE pl.name || '/' || l.name END)`

/** The sort keys of each order, always ending in the tag's id so that pages never overlap. */
const concordanceOrder: Record<ConcordanceSort, Sql> = {
  document: sql`d.title COLLATE "C", d.id, t.start, t.id`,
  // Read from the passage outwards: the left context backwards (the stored prefix, up to 32 characters).
  left: sql`reverse(t.prefix) COLLATE "C", t.id`,
  right: sql`t.suffix COLLATE "C", t.id`,
  region: sql`d.province COLLATE "C" NULLS LAST, d.city COLLATE "C" NULLS LAST, d."reportYear" NULLS LAST, d.id, t.start, t.id`,
  year: sql`d."reportYear" NULLS LAST, d.province COLLATE "C" NULLS LAST, d.city COLLATE "C" NULLS LAST, d.id, t.start, t.id`,
  // By the label's path (top/leaf), in code-point order as the taxonomy's names are compared, then as
  // the year order. A page is read label by label (labelPage), each in the year index's order.
  label: sql`${labelPath} COLLATE "C", l.id, d."reportYear" NULLS LAST, d.province COLLATE "C" NULLS LAST, d.city COLLATE "C" NULLS LAST, d.id, t.start, t.id`,
}

interface LineRow extends Omit<ConcordanceLine, 'labelPath'> {
  labelId: string
}

/**
 * One statement for a page of lines (or all of them, for a download): the context is cut from the
 * document's text by Postgres' substr, which counts code points, as offsets do (architecture.md, The
 * offset contract).
 */
function concordanceStatement(scope: Scope, input: Omit<ConcordanceQuery, 'page' | 'pageSize'>, limit?: { offset: number; count: number }, onlyLabelId?: string): Sql {
  const width = input.width
  return sql`
    SELECT t.id AS "tagId", d.id AS "documentId", d.title, d.province, d.city, d."reportYear" AS year, t."labelId", t.status::text AS status, t.start, t."end",
           substr(d.text, greatest(t.start - ${width}::int, 0) + 1, t.start - greatest(t.start - ${width}::int, 0)) AS left,
           t.quote,
           substr(d.text, t."end" + 1, ${width}::int) AS right
    FROM "Tag" t JOIN "Document" d ON d.id = t."documentId"
    ${input.sort === 'label' ? sql`JOIN "Label" l ON l.id = t."labelId" LEFT JOIN "Label" pl ON pl.id = l."parentId"` : sql``}
    WHERE ${documentConditions(scope, input)} AND ${tagConditions(scope, input)}${onlyLabelId ? sql` AND t."labelId" = ${onlyLabelId}` : sql``}
    ORDER BY ${concordanceOrder[input.sort]}
    ${limit ? sql`LIMIT ${limit.count} OFFSET ${limit.offset}` : sql``}`
}

function labelPathOf(tree: LabelTree, labelId: string) {
  return tree.get(labelId) ? pathString(tree.path(labelId)) : labelId
}

/**
 * A page in label order, read label by label (docs/decisions/0035): the lines per label in path order
 * (from the counts when they serve), then only the labels the page falls in, each in the year
 * index's order. One statement over all labels would sort every matching tag for each page (2.5 s for
 * 300,000 tags); this reads about a page's worth.
 */
async function labelPage(scope: Scope, input: ConcordanceQuery): Promise<{ rows: LineRow[]; total: number }> {
  const labels = await query<{ labelId: string; lines: number }>(sql`
    SELECT n."labelId", n.total AS lines FROM (${tagTotal(scope, input, true)}) n JOIN "Label" l ON l.id = n."labelId" LEFT JOIN "Label" pl ON pl.id = l."parentId"
    WHERE n.total > 0 ORDER BY ${labelPath} COLLATE "C", l.id`)
  const rows: LineRow[] = []
  let skip = (input.page - 1) * input.pageSize
  for (const { labelId, lines } of labels) {
    if (rows.length === input.pageSize) break
    if (skip >= lines) {
      skip -= lines
      continue
    }
    const count = Math.min(input.pageSize - rows.length, lines - skip)
    rows.push(...(await query<LineRow>(concordanceStatement(scope, { ...input, sort: 'year' }, { offset: skip, count }, labelId))))
    skip = 0
  }
  return { rows, total: labels.reduce((sum, l) => sum + l.lines, 0) }
}

/** One page of the concordance: every tag of the filter as a line, with its context. */
export async function researchConcordance(actor: Actor, input: { projectId: string } & ConcordanceQuery) {
  const scope = await scopeOf(actor, input.projectId)
  if (input.sort === 'label') {
    const [{ rows, total }, tree] = await Promise.all([labelPage(scope, input), labelsOf(input.projectId)])
    return { items: rows.map((r) => ({ ...r, labelPath: labelPathOf(tree, r.labelId) })), total, page: input.page, pageSize: input.pageSize }
  }
  const [rows, count, tree] = await Promise.all([
    query<LineRow>(concordanceStatement(scope, input, { offset: (input.page - 1) * input.pageSize, count: input.pageSize })),
    query<{ total: number }>(tagTotal(scope, input)),
    labelsOf(input.projectId),
  ])
  return {
    items: rows.map((r) => ({ ...r, labelPath: labelPathOf(tree, r.labelId) })),
    total: count[0].total,
    page: input.page,
    pageSize: input.pageSize,
  }
}

/** An XLSX file is built in memory by write-excel-file: above this many lines, the CSV (streamed) is the way. */
export const XLSX_LINE_LIMIT = 50_000

const BATCH = 2_000

/**
 * Every line of the filter, in batches from a server-side cursor on one connection (constant memory,
 * whatever the number of lines). The XLSX download first counts and refuses above XLSX_LINE_LIMIT.
 */
export async function* concordanceLines(actor: Actor, input: { projectId: string } & Omit<ConcordanceQuery, 'page' | 'pageSize'>, limit?: number): AsyncGenerator<ConcordanceLine[]> {
  const scope = await scopeOf(actor, input.projectId)
  if (limit !== undefined) {
    const [{ total }] = await query<{ total: number }>(
      tagTotal(scope, input),
    )
    if (total > limit) {
      throw invalid(`The concordance has ${total} lines; an XLSX download holds at most ${limit}. Narrow the filter, or download the CSV, which has no limit.`, undefined, {
        key: 'research.xlsxTooLarge',
        values: { total, limit },
      })
    }
  }
  const tree = await labelsOf(input.projectId)
  const connection = await connect()
  try {
    // One read-only snapshot, so that the lines are consistent with each other.
    await connection.query(sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`)
    await connection.query(sql`DECLARE research_lines NO SCROLL CURSOR FOR ${concordanceStatement(scope, input)}`)
    for (;;) {
      const rows = await connection.query<LineRow>(sql.raw(`FETCH ${BATCH} FROM research_lines`))
      if (rows.length === 0) break
      yield rows.map((r) => ({ ...r, labelPath: labelPathOf(tree, r.labelId) }))
    }
  } finally {
    // Also when the consumer stops early (the download was cancelled): the cursor goes with the transaction.
    await connection.query(sql`ROLLBACK`).catch(() => undefined)
    connection.release()
  }
}

/** What the filter bar offers: the project's provinces, cities, levels and report years, with report counts. */
export async function researchFacets(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const rows = await query<{ province: string | null; city: string | null; level: string | null; year: number | null; reports: number }>(sql`
    SELECT province, city, level, "reportYear" AS year, count(*)::int AS reports
    FROM "Document" d WHERE d."projectId" = ${input.projectId} AND d."archivedAt" IS NULL
    GROUP BY province, city, level, "reportYear"`)
  const tally = <K>(key: (r: (typeof rows)[number]) => K | null) => {
    const counts = new Map<K, number>()
    for (const r of rows) {
      const k = key(r)
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + r.reports)
    }
    return counts
  }
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  const cities = tally((r) => (r.province && r.city ? `${r.province}\u0000${r.city}` : null))
  return {
    provinces: [...tally((r) => r.province)].map(([value, count]) => ({ value, count })).sort((a, b) => byCode(a.value, b.value)),
    cities: [...cities].map(([key, count]) => ({ province: key.split('\u0000')[0], value: key.split('\u0000')[1], count })).sort((a, b) => byCode(a.province + a.value, b.province + b.value)),
    levels: [...tally((r) => r.level)].map(([value, count]) => ({ value, count })).sort((a, b) => byCode(a.value, b.value)),
    years: [...tally((r) => r.year)].map(([value, count]) => ({ value, count })).sort((a, b) => a.value - b.value),
  }
}

export type ResearchFacets = Awaited<ReturnType<typeof researchFacets>>
