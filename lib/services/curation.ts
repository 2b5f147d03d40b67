// Curation of one document (docs/decisions/0025): the annotators' tags as rows (lib/curation/rows.ts),
// each decision written with the row's new gold tags and an append-only CurationEvent in one
// transaction. Decisions on one document are serialised by a row lock on the document, so two
// curators never both decide a row against the same gold state.
import { createHash, randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeProject, authorizeProjectRead } from '../auth/permissions'
import { anyConnection, sql, withTransaction, type Connection } from '../db/sql'
import { conflict, invalid, notFound } from '../errors'
import { curationRows, type CurationRow } from '../curation/rows'
import type { CurationDecisionInput, CurationOverviewItem, CurationRowView, CurationState, GoldTagView } from '../schemas/curation'
import { LabelTree } from '../taxonomy/tree'
import { checkLabel, checkSpan, readSpan } from './tags'

type DecisionKind = 'accept' | 'take' | 'fix' | 'drop'

interface InputTag {
  id: string
  version: number
  authorId: string
  authorName: string
  labelId: string
  start: number
  end: number
  quote: string
  status: string
}

interface GoldRow {
  id: string
  labelId: string
  start: number
  end: number
  quote: string
  rowKey: string
  curatorName: string
  createdAt: Date
  sourceTagIds: string[]
}

interface LoadedState {
  state: CurationState
  rows: (CurationRow<InputTag> & { key: string })[]
}

/** A row's key: short and fixed-length, from the ids and versions of its tags. */
export const rowKeyOf = (keyText: string) => createHash('sha256').update(keyText).digest('hex').slice(0, 32)

async function documentOf(actor: Actor, documentId: string, client: Connection = anyConnection) {
  const [document] = await client.query<{ id: string; projectId: string; archived: boolean }>(
    sql`SELECT id, "projectId", "archivedAt" IS NOT NULL AS archived FROM "Document" WHERE id = ${documentId}`,
  )
  if (!document || !actor.roles.has(document.projectId)) throw notFound('The document', { key: 'permission.documentNotFound' })
  // Curators are the reviewers and managers: curation decides between annotators' tags, as review does.
  authorizeProject(actor, document.projectId, 'tag.review')
  return document
}

/**
 * What curation works from: the document's tags that are not deleted and not rejected (a rejected
 * tag was judged already), whatever their review state otherwise, so that curation can run before
 * or after review.
 */
async function loadState(client: Connection, document: { id: string; projectId: string }): Promise<LoadedState> {
  // One after another: on a transaction's connection, queries cannot overlap.
  const tags = await client.query<InputTag>(sql`
      SELECT t.id, t.version, t."authorId", u.name AS "authorName", t."labelId", t.start, t."end", t.quote, t.status::text AS status
      FROM "Tag" t JOIN "User" u ON u.id = t."authorId"
      WHERE t."documentId" = ${document.id} AND t."deletedAt" IS NULL AND t.status <> 'rejected'`)
  const labels = await client.query<{ id: string; parentId: string | null; name: string; order: number; color: string }>(
      sql`SELECT id, "parentId", name, "order", color FROM "Label" WHERE "projectId" = ${document.projectId}`,
  )
  const gold = await client.query<GoldRow>(sql`
      SELECT g.id, g."labelId", g.start, g."end", g.quote, g."rowKey", u.name AS "curatorName", g."createdAt",
             coalesce((SELECT array_agg(s."tagId" ORDER BY s."tagId") FROM "GoldTagSource" s WHERE s."goldTagId" = g.id), '{}') AS "sourceTagIds"
      FROM "GoldTag" g JOIN "User" u ON u.id = g."curatorId"
      WHERE g."documentId" = ${document.id} AND g."supersededAt" IS NULL
      ORDER BY g.start, g."end", g.id`)
  const events = await client.query<{ id: string; rowKey: string; decision: DecisionKind; actorName: string; before: unknown; after: unknown; createdAt: Date }>(sql`
      SELECT e.id, e."rowKey", e.decision::text AS decision, u.name AS "actorName", e.before, e.after, e."createdAt"
      FROM "CurationEvent" e JOIN "User" u ON u.id = e."actorId"
      WHERE e."documentId" = ${document.id} ORDER BY e.seq`)
  const tree = new LabelTree(labels)
  const pathOf = (labelId: string) => {
    const path = tree.path(labelId)
    return path.length ? path : [labelId]
  }
  const annotators = [...new Map(tags.map((t) => [t.authorId, { id: t.authorId, name: t.authorName }])).values()].sort((a, b) => a.name.localeCompare(b.name))
  const rows = curationRows(tags, annotators.length).map((row) => ({ ...row, key: rowKeyOf(row.keyText) }))
  const latest = new Map(events.map((e) => [e.rowKey, e]))
  const goldView = (g: GoldRow): GoldTagView => ({
    id: g.id,
    labelId: g.labelId,
    labelPath: pathOf(g.labelId),
    start: g.start,
    end: g.end,
    quote: g.quote,
    sourceTagIds: g.sourceTagIds,
    curatorName: g.curatorName,
    createdAt: g.createdAt.toISOString(),
  })
  const keys = new Set(rows.map((r) => r.key))
  const views: CurationRowView[] = rows.map((row) => {
    const event = latest.get(row.key)
    return {
      key: row.key,
      kind: row.kind,
      start: row.start,
      end: row.end,
      tags: row.tags.map((t) => ({ id: t.id, version: t.version, authorId: t.authorId, labelId: t.labelId, labelPath: pathOf(t.labelId), start: t.start, end: t.end, quote: t.quote, status: t.status })),
      decision: event ? { kind: event.decision, curatorName: event.actorName, at: event.createdAt.toISOString() } : null,
      gold: gold.filter((g) => g.rowKey === row.key).map(goldView),
    }
  })
  const decided = views.filter((v) => v.decision).length
  return {
    rows,
    state: {
      documentId: document.id,
      projectId: document.projectId,
      annotators,
      labels: tree.labels.map((l) => ({ id: l.id, path: pathOf(l.id), color: l.color })),
      rows: views,
      progress: { rows: views.length, decided, agreements: views.filter((v) => v.kind === 'agreement').length, disagreements: views.filter((v) => v.kind === 'disagreement').length },
      curated: views.length > 0 && decided === views.length,
      staleGold: gold.filter((g) => !keys.has(g.rowKey)).map(goldView),
      history: events
        .slice(-200)
        .reverse()
        .map((e) => ({ id: e.id, decision: e.decision, rowKey: e.rowKey, actorName: e.actorName, before: e.before, after: e.after, createdAt: e.createdAt.toISOString() })),
    },
  }
}

/** The curation of a document: its rows (agreements proposed, disagreements to decide), gold tags, progress and history. */
export async function curationState(actor: Actor, input: { documentId: string }): Promise<CurationState> {
  const document = await documentOf(actor, input.documentId)
  return (await loadState(anyConnection, document)).state
}

interface NewGold {
  labelId: string
  start: number
  end: number
  quote: string
  sources: string[]
}

/** The gold tags a decision makes of a row. */
async function goldOf(row: LoadedState['rows'][number], input: CurationDecisionInput, state: CurationState): Promise<NewGold[]> {
  const sameAs = (t: { start: number; end: number; labelId: string }) => row.tags.filter((o) => o.start === t.start && o.end === t.end && o.labelId === t.labelId).map((o) => o.id)
  switch (input.decision) {
    case 'accept':
    case 'accept_all': {
      if (row.kind !== 'agreement') throw conflict('The annotators do not agree on this row, so there is nothing to accept as it is; take one, fix or drop it.', undefined, { key: 'curation.notAnAgreement' })
      const [first] = row.tags
      return [{ labelId: first.labelId, start: first.start, end: first.end, quote: first.quote, sources: row.tags.map((t) => t.id) }]
    }
    case 'take': {
      if (!state.annotators.some((a) => a.id === input.annotatorId)) {
        throw invalid(`body.annotatorId: ${input.annotatorId} did not tag this document.`, [{ path: 'body.annotatorId', message: 'is not an annotator of this document' }], { key: 'curation.unknownAnnotator' })
      }
      // Another annotator's identical tag is a source of the same gold tag.
      return row.tags.filter((t) => t.authorId === input.annotatorId).map((t) => ({ labelId: t.labelId, start: t.start, end: t.end, quote: t.quote, sources: sameAs(t) }))
    }
    case 'fix': {
      const fix = input.fix!
      const span = await readSpan(state.documentId, fix.start, fix.end, fix.labelId)
      if (!span) throw notFound('The document', { key: 'permission.documentNotFound' })
      checkLabel(span, fix.labelId)
      checkSpan(span, fix.start, fix.end, fix.quote)
      const sources = row.tags.filter((t) => t.start < fix.end && t.end > fix.start).map((t) => t.id)
      if (sources.length === 0) {
        throw invalid(`body.fix: [${fix.start}, ${fix.end}) overlaps no tag of this row ([${row.start}, ${row.end})); a fixed gold tag comes from the annotators' tags it corrects.`, [{ path: 'body.fix', message: 'overlaps no tag of the row' }], {
          key: 'curation.fixOutsideRow',
          values: { start: row.start, end: row.end },
        })
      }
      return [{ labelId: fix.labelId, start: fix.start, end: fix.end, quote: fix.quote, sources }]
    }
    case 'drop':
      return []
  }
}

const goldJson = (g: { id: string; labelId: string; start: number; end: number; quote: string; sources: string[] }) => ({ id: g.id, labelId: g.labelId, start: g.start, end: g.end, quote: g.quote, sources: g.sources })

/**
 * Decides one row (or, with accept_all, every undecided agreement): the row's current gold tags are
 * superseded (kept, with the time), the new ones written with their sources, and a CurationEvent
 * records before and after. Re-deciding a row is the same call; its history keeps every decision.
 * Answers the document's curation as it is now.
 */
export async function decideCuration(actor: Actor, input: CurationDecisionInput & { documentId: string }): Promise<CurationState> {
  const document = await documentOf(actor, input.documentId)
  if (document.archived) throw conflict('This document is archived, so it is read-only; restore it first.', undefined, { key: 'document.archivedReadOnly' })
  return withTransaction(async (client) => {
    await client.query(sql`SELECT id FROM "Document" WHERE id = ${document.id} FOR UPDATE`)
    const loaded = await loadState(client, document)
    const targets =
      input.decision === 'accept_all'
        ? loaded.rows.filter((r) => r.kind === 'agreement' && !loaded.state.rows.find((v) => v.key === r.key)?.decision)
        : loaded.rows.filter((r) => r.key === input.rowKey)
    if (input.decision !== 'accept_all' && targets.length === 0) {
      throw conflict('This row changed since you loaded it (an annotator edited, added or deleted one of its tags); nothing was decided. Here is the curation as it is now.', { current: loaded.state }, { key: 'curation.rowChanged' })
    }
    const kind: DecisionKind = input.decision === 'accept_all' ? 'accept' : input.decision
    let remaining = loaded.state.progress.rows - loaded.state.progress.decided
    // Gold tags of rows that no longer exist (their tags changed) go with the first decision after,
    // recorded in its event's "before": the export never writes them beside the new row's gold.
    let stale = loaded.state.staleGold.map((g) => g.id)
    for (const row of targets) {
      const made = await goldOf(row, input, loaded.state)
      const superseded = await client.query<{ id: string; labelId: string; start: number; end: number; quote: string; sources: string[] }>(sql`
        UPDATE "GoldTag" g SET "supersededAt" = now()
        WHERE g."documentId" = ${document.id} AND (g."rowKey" = ${row.key} OR g.id = ANY(${stale}::text[])) AND g."supersededAt" IS NULL
        RETURNING g.id, g."labelId", g.start, g."end", g.quote,
                  coalesce((SELECT array_agg(s."tagId" ORDER BY s."tagId") FROM "GoldTagSource" s WHERE s."goldTagId" = g.id), '{}') AS sources`)
      stale = []
      const written = made.map((g) => ({ ...g, id: randomUUID() }))
      for (const g of written) {
        await client.query(sql`
          INSERT INTO "GoldTag" (id, "projectId", "documentId", "labelId", start, "end", quote, "rowKey", "curatorId")
          VALUES (${g.id}, ${document.projectId}, ${document.id}, ${g.labelId}, ${g.start}, ${g.end}, ${g.quote}, ${row.key}, ${actor.id})`)
        await client.query(sql`INSERT INTO "GoldTagSource" ("goldTagId", "tagId") SELECT ${g.id}, unnest(${g.sources}::text[])`)
      }
      if (!loaded.state.rows.find((v) => v.key === row.key)?.decision) remaining -= 1
      await client.query(sql`
        INSERT INTO "CurationEvent" (id, "documentId", "rowKey", "actorId", decision, before, after, remaining)
        VALUES (${randomUUID()}, ${document.id}, ${row.key}, ${actor.id}, ${kind}::"CurationDecisionKind",
                ${JSON.stringify(superseded.map(goldJson))}::jsonb, ${JSON.stringify(written.map(goldJson))}::jsonb, ${remaining})`)
    }
    return (await loadState(client, document)).state
  })
}

/**
 * The project's documents that two or more annotators tagged (the ones curation is for), with how
 * far their curation got as of its last decision, for the review page.
 */
export async function curationOverview(actor: Actor, input: { projectId: string }): Promise<CurationOverviewItem[]> {
  authorizeProjectRead(actor, input.projectId, 'tag.review')
  return anyConnection.query<CurationOverviewItem>(sql`
    SELECT d.id AS "documentId", d.title, a.annotators,
           (SELECT e.remaining FROM "CurationEvent" e WHERE e."documentId" = d.id ORDER BY e.seq DESC LIMIT 1) AS remaining,
           (SELECT count(*)::int FROM "CurationEvent" e WHERE e."documentId" = d.id) AS decisions
    FROM (SELECT t."documentId", count(DISTINCT t."authorId")::int AS annotators FROM "Tag" t
          WHERE t."projectId" = ${input.projectId} AND t."deletedAt" IS NULL AND t.status <> 'rejected'
          GROUP BY t."documentId" HAVING count(DISTINCT t."authorId") >= 2) a
    JOIN "Document" d ON d.id = a."documentId" AND d."archivedAt" IS NULL
    ORDER BY d.title, d.id
    LIMIT 500`)
}
