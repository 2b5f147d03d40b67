// The export's gold option (docs/decisions/0025): a curated document is written with its gold tags,
// one version per passage, instead of its annotators' tags. A document counts as curated when every
// curation row is decided (see curatedDocument); every other document (never curated, or curated in
// part) is written with its tags of the selected statuses, as without the option.
import { sql, type Sql } from '../db/sql'
import type { Selection } from './selection'

/**
 * Whether the document (alias d) is curated: its last CurationEvent left no row undecided, and no
 * tag of it changed since in a way that changes its rows (lib/curation/rows.ts: added, deleted or
 * restored, moved, relabelled, rejected or un-rejected; a review that only changes the status does not).
 */
export function curatedDocument(alias = 'd'): Sql {
  const d = sql.raw(alias)
  return sql`coalesce((SELECT e.remaining = 0 AND NOT EXISTS (
        SELECT 1 FROM "TagEvent" te JOIN "Tag" t ON t.id = te."tagId"
         WHERE t."documentId" = ${d}.id AND te."createdAt" >= e."createdAt"
           AND (te.action IN ('created', 'deleted', 'restored')
                OR te.before->'start' IS DISTINCT FROM te.after->'start' OR te.before->'end' IS DISTINCT FROM te.after->'end'
                OR te.before->'labelId' IS DISTINCT FROM te.after->'labelId'
                OR (te.before->>'status' = 'rejected') IS DISTINCT FROM (te.after->>'status' = 'rejected')))
      FROM "CurationEvent" e WHERE e."documentId" = ${d}.id ORDER BY e.seq DESC LIMIT 1), false)`
}

/** Conditions on gold tags (alias g): current ones (not superseded), of the selected labels and dates. */
export function goldConditions(selection: Selection, alias = 'g'): Sql {
  const g = sql.raw(alias)
  const c = [sql`${g}."projectId" = ${selection.projectId}`, sql`${g}."supersededAt" IS NULL`]
  if (selection.labelIds) c.push(sql`${g}."labelId" = ANY(${selection.labelIds}::text[])`)
  if (selection.from) c.push(sql`${g}."createdAt" >= ${selection.from}`)
  if (selection.until) c.push(sql`${g}."createdAt" < ${selection.until}`)
  return sql.join(c, sql` AND `)
}

/** The gold spans of the document (alias d) as the export's span tuples: status "gold", the curator as author, source "curation". */
export function goldSpansJson(selection: Selection, alias = 'd'): Sql {
  const d = sql.raw(alias)
  return sql`(SELECT coalesce(json_agg(json_build_array(g.id, g.start, g."end", g.quote, g."labelId", 'gold', g."curatorId", NULL, 'curation')
                 ORDER BY g.start, g."end", g.id), '[]'::json)
          FROM "GoldTag" g WHERE g."documentId" = ${d}.id AND ${goldConditions(selection)})`
}

/**
 * Every span the gold option writes, as rows shaped like "Tag" (for spans.csv with a split): gold tags
 * of curated documents, and the selected tags of the others.
 */
export function goldLayerSpans(selection: Selection, tagConditions: Sql): Sql {
  return sql`
    SELECT t.id, t."documentId", t.start, t."end", t."labelId", t.quote, t.status::text AS status, t."authorId", t."reviewerId", t.source::text AS source
      FROM "Tag" t JOIN "Document" td ON td.id = t."documentId" WHERE ${tagConditions} AND NOT ${curatedDocument('td')}
    UNION ALL
    SELECT g.id, g."documentId", g.start, g."end", g."labelId", g.quote, 'gold', g."curatorId", NULL, 'curation'
      FROM "GoldTag" g JOIN "Document" gd ON gd.id = g."documentId" WHERE ${goldConditions(selection)} AND ${curatedDocument('gd')}`
}
