// Suggestions (issue 14, docs/decisions/0028): compute for a document, list, accept, reject, accept all in a section,
// settings and rule patterns, training and runs. The engine (lib/suggest, pure) proposes candidates; this module stores
// them in "Suggestion", never as tags: a suggestion becomes a tag only when someone accepts it, as their own pending tag
// with source `suggestion` and the suggestion's provenance in its TagEvent.
//
// A suggestion keeps the label it was made for. When read it follows a merge (Label.aliasOfId) and is hidden when its
// label (or the label's parent) is archived, as tags are (docs/decisions/0026).
import { randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeDocument, authorizeProject, seesOnlyOwnTags } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql, withTransaction, type Connection } from '../db/sql'
import { conflict, invalid, notFound } from '../errors'
import type { CreatePatternInput, SuggestionSettingsView, SuggestionSourceName, SuggestionView } from '../schemas/suggestions'
import { characterDiff } from '../research/reuse'
import { CodePointIndex } from '../text/codepoints'
import { checkLabel, checkSpan, readSpan, tagColumns, view, type TagRow } from './tags'
import * as engine from './suggestion-engine'
import type { SuggestionCandidate, SuggestLabel } from '../suggest/types'

// ---- labels: merges followed, archived ones dropped ----

interface LabelRow {
  id: string
  parentId: string | null
  name: string
  archived: boolean
  aliasOfId: string | null
  keywords: string[]
  color: string
}

export class ProjectLabels {
  private readonly byId: Map<string, LabelRow>
  constructor(rows: LabelRow[]) {
    this.byId = new Map(rows.map((r) => [r.id, r]))
  }

  /** The live label a suggestion made for `labelId` stands for now: a merge's target; null when archived (or gone). */
  resolve(labelId: string): LabelRow | null {
    let label = this.byId.get(labelId)
    // Aliases are kept one hop deep by the taxonomy service; the bound only guards against a cycle in bad data.
    for (let hop = 0; label?.aliasOfId && hop < 8; hop++) label = this.byId.get(label.aliasOfId)
    if (!label || label.archived || label.aliasOfId) return null
    const parent = label.parentId ? this.byId.get(label.parentId) : null
    if (parent && parent.archived) return null
    return label
  }

  path(label: LabelRow): string {
    const parent = label.parentId ? this.byId.get(label.parentId) : null
    return parent ? `${parent.name}/${label.name}` : label.name
  }

  /** The live labels as the engine sees them. */
  live(): SuggestLabel[] {
    return [...this.byId.values()].filter((l) => this.resolve(l.id)?.id === l.id).map((l) => ({ id: l.id, path: this.path(l), parentId: l.parentId, keywords: l.keywords }))
  }
}

export async function projectLabels(projectId: string, connection: Pick<Connection, 'query'> = { query }): Promise<ProjectLabels> {
  const rows = await connection.query<LabelRow>(sql`SELECT id, "parentId", name, archived, "aliasOfId", keywords, color FROM "Label" WHERE "projectId" = ${projectId}`)
  return new ProjectLabels(rows)
}

// ---- settings ----

export interface FloorNotice {
  source: SuggestionSourceName
  precision: number
  at: string
}

export const defaultSettings: SuggestionSettingsView = {
  ruleEnabled: true,
  modelEnabled: true,
  propagationEnabled: true,
  ruleThreshold: 0.5,
  modelThreshold: 0.6,
  propagationThreshold: 0.8,
  precisionFloor: 0.5,
  retrainAfter: 50,
  suggestOnImport: true,
  nextByUncertainty: false,
}

export async function readSettings(projectId: string): Promise<SuggestionSettingsView & { floorNotices: FloorNotice[] }> {
  const row = await db.suggestionSettings.findUnique({ where: { projectId } })
  if (!row) return { ...defaultSettings, floorNotices: [] }
  const { projectId: _, updatedAt: __, floorNotices, ...settings } = row
  return { ...settings, floorNotices: (floorNotices as unknown as FloorNotice[]) ?? [] }
}

const enabledOf = (s: SuggestionSettingsView): Record<SuggestionSourceName, boolean> => ({ rule: s.ruleEnabled, model: s.modelEnabled, propagation: s.propagationEnabled })
const thresholdOf = (s: SuggestionSettingsView): Record<SuggestionSourceName, number> => ({ rule: s.ruleThreshold, model: s.modelThreshold, propagation: s.propagationThreshold })

export async function getSuggestionSettings(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  return readSettings(input.projectId)
}

export async function updateSuggestionSettings(actor: Actor, input: Partial<SuggestionSettingsView> & { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.configure')
  const { projectId, ...changes } = input
  const current = await readSettings(projectId)
  // A manager turning a source back on clears the floor's notice for it: they chose to trust it again.
  const turnedOn = (['rule', 'model', 'propagation'] as const).filter((s) => changes[`${s}Enabled`] === true)
  const floorNotices = current.floorNotices.filter((n) => !turnedOn.includes(n.source))
  const next = { ...current, ...changes, floorNotices }
  const { floorNotices: notices, ...columns } = next
  await db.suggestionSettings.upsert({
    where: { projectId },
    create: { projectId, ...columns, floorNotices: notices as object[] },
    update: { ...columns, floorNotices: notices as object[], updatedAt: new Date() },
  })
  return readSettings(projectId)
}

// ---- rule patterns ----

const patternView = (p: { id: string; labelId: string; kind: string; pattern: string; mustAlsoContain: string | null; createdAt: Date }) => ({
  id: p.id,
  labelId: p.labelId,
  kind: p.kind as 'literal' | 'regex',
  pattern: p.pattern,
  mustAlsoContain: p.mustAlsoContain,
  createdAt: p.createdAt.toISOString(),
})

export async function listPatterns(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const rows = await db.suggestionPattern.findMany({ where: { projectId: input.projectId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
  return { items: rows.map(patternView) }
}

export async function createPattern(actor: Actor, input: CreatePatternInput & { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.configure')
  const labels = await projectLabels(input.projectId)
  if (!labels.resolve(input.labelId) || labels.resolve(input.labelId)?.id !== input.labelId) {
    throw invalid(`body.labelId: there is no live label ${input.labelId} in this project.`, [{ path: 'body.labelId', message: 'is not a live label of this project' }], { key: 'suggestion.unknownLabel' })
  }
  const check = engine.validatePattern({ id: 'new', labelId: input.labelId, kind: input.kind, pattern: input.pattern, mustAlsoContain: input.mustAlsoContain ?? null })
  if (!check.ok) {
    throw invalid(`body.pattern: ${check.detail}`, [{ path: 'body.pattern', message: check.detail }], { key: 'suggestion.patternRefused', values: { code: check.code } })
  }
  const row = await db.suggestionPattern.create({
    data: { projectId: input.projectId, labelId: input.labelId, kind: input.kind, pattern: input.pattern, mustAlsoContain: input.mustAlsoContain || null, createdById: actor.id },
  })
  return patternView(row)
}

export async function deletePattern(actor: Actor, input: { projectId: string; patternId: string }) {
  authorizeProject(actor, input.projectId, 'project.configure')
  const removed = await db.suggestionPattern.deleteMany({ where: { id: input.patternId, projectId: input.projectId } })
  if (removed.count === 0) throw notFound('The rule pattern', { key: 'suggestion.patternNotFound' })
}

// ---- listing ----

interface SuggestionRow {
  id: string
  documentId: string
  labelId: string
  start: number
  end: number
  quote: string
  source: SuggestionSourceName
  ref: string
  score: number
  status: 'open' | 'accepted' | 'rejected'
  decidedById: string | null
  decidedAt: Date | null
  tagId: string | null
}

const suggestionColumns = sql`id, "documentId", "labelId", start, "end", quote, source, ref, score, status, "decidedById", "decidedAt", "tagId"`

function suggestionView(row: SuggestionRow, labels: ProjectLabels): SuggestionView | null {
  const label = labels.resolve(row.labelId)
  if (!label) return null
  return { id: row.id, documentId: row.documentId, start: row.start, end: row.end, quote: row.quote, labelId: label.id, label_path: labels.path(label), source: row.source, ref: row.ref, score: row.score, status: row.status }
}

/**
 * A document's open suggestions the project shows now: sources switched on, scores at or above their threshold, labels
 * live (a merged label's suggestion shown under its successor, once per span).
 */
export async function listSuggestions(actor: Actor, input: { documentId: string }) {
  const { projectId } = await authorizeDocument(actor, input.documentId, 'document.read')
  const [settings, labels, rows] = await Promise.all([
    readSettings(projectId),
    projectLabels(projectId),
    query<SuggestionRow>(sql`SELECT ${suggestionColumns} FROM "Suggestion" WHERE "documentId" = ${input.documentId} AND status = 'open' ORDER BY start, "end", score DESC`),
  ])
  const enabled = enabledOf(settings)
  const thresholds = thresholdOf(settings)
  const seen = new Set<string>()
  const items: SuggestionView[] = []
  for (const row of rows) {
    if (!enabled[row.source] || row.score < thresholds[row.source]) continue
    const item = suggestionView(row, labels)
    if (!item) continue
    const key = `${item.labelId}:${item.start}:${item.end}`
    if (seen.has(key)) continue
    seen.add(key)
    items.push(item)
  }
  await attachOrigins(projectId, items)
  void maybeRetrain(projectId)
  return { items, thresholds, enabled }
}

/**
 * A propagated suggestion carries its source beside it (issue 14: document, year, approver and a diff), so the
 * annotator can judge whether the passage really says the same thing. A source tag no longer approved shows none.
 */
async function attachOrigins(projectId: string, items: SuggestionView[]) {
  const propagated = items.filter((i) => i.source === 'propagation')
  if (propagated.length === 0) return
  const rows = await query<{ id: string; documentId: string; quote: string; title: string; year: number | null; province: string | null; city: string | null; approvedBy: string | null }>(sql`
    SELECT t.id, t."documentId", t.quote, d.title, d."reportYear" AS year, d.province, d.city, u.name AS "approvedBy"
      FROM "Tag" t JOIN "Document" d ON d.id = t."documentId" LEFT JOIN "User" u ON u.id = t."reviewerId"
     WHERE t."projectId" = ${projectId} AND t.status = 'approved' AND t."deletedAt" IS NULL AND t.id = ANY(${[...new Set(propagated.map((i) => i.ref))]})`)
  const byId = new Map(rows.map((r) => [r.id, r]))
  for (const item of propagated) {
    const source = byId.get(item.ref)
    if (!source) continue
    const { id: tagId, quote, ...document } = source
    item.origin = { tagId, ...document, quote, parts: characterDiff(quote, item.quote) }
  }
}

// ---- computing and storing ----

interface DocumentRow {
  id: string
  projectId: string
  text: string
  archived: boolean
}

/**
 * Stores a document's candidates: new ones are inserted open, open ones the engine no longer proposes are removed, and a
 * span and label already decided (accepted, or rejected: a negative example) is never proposed again.
 */
export async function storeCandidates(document: { id: string; projectId: string; text: string }, candidates: SuggestionCandidate[], sources: SuggestionSourceName[]): Promise<{ created: number; open: number }> {
  const index = new CodePointIndex(document.text)
  // One per span and label: the highest score wins (a rule and the model may propose the same sentence).
  const best = new Map<string, SuggestionCandidate>()
  for (const c of candidates) {
    if (!(c.start >= 0 && c.start < c.end && c.end <= index.length)) continue
    const key = `${c.labelId}:${c.start}:${c.end}`
    const held = best.get(key)
    if (!held || c.score > held.score) best.set(key, c)
  }
  const list = [...best.values()]
  return withTransaction(async (c) => {
    const keep = list.map((s) => `${s.labelId}:${s.start}:${s.end}`)
    await c.query(sql`
      DELETE FROM "Suggestion" WHERE "documentId" = ${document.id} AND status = 'open' AND source = ANY(${sources}::"SuggestionSource"[])
        AND NOT ("labelId" || ':' || start || ':' || "end" = ANY(${keep}::text[]))`)
    let created = 0
    for (let i = 0; i < list.length; i += 500) {
      const values = list.slice(i, i + 500).map(
        (s) => sql`(${randomUUID()}, ${document.projectId}, ${document.id}, ${s.labelId}, ${s.start}, ${s.end}, ${index.slice(s.start, s.end)}, ${s.source}::"SuggestionSource", ${s.ref}, ${Math.min(1, Math.max(0, s.score))})`,
      )
      const rows = await c.query<{ inserted: boolean }>(sql`
        INSERT INTO "Suggestion" (id, "projectId", "documentId", "labelId", start, "end", quote, source, ref, score)
        VALUES ${sql.join(values)}
        ON CONFLICT ("documentId", "labelId", start, "end") DO UPDATE SET source = excluded.source, ref = excluded.ref, score = excluded.score
          WHERE "Suggestion".status = 'open'
        RETURNING (xmax = 0) AS inserted`)
      created += rows.filter((r) => r.inserted).length
    }
    const [open] = await c.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM "Suggestion" WHERE "documentId" = ${document.id} AND status = 'open'`)
    return { created, open: open.n }
  })
}

/** What computing needs about a project, read once for many documents (a run). */
export interface ProjectContext {
  projectId: string
  settings: Awaited<ReturnType<typeof readSettings>>
  labels: ProjectLabels
  patterns: engine.StoredPattern[]
  model: { version: number; weights: unknown } | null
  propagation: engine.PropagationIndex | null
}

export async function projectContext(projectId: string, options: { propagation?: boolean } = {}): Promise<ProjectContext> {
  const [settings, labels, patterns, model] = await Promise.all([
    readSettings(projectId),
    projectLabels(projectId),
    db.suggestionPattern.findMany({ where: { projectId } }),
    db.suggestionModel.findFirst({ where: { projectId }, orderBy: { version: 'desc' }, select: { version: true, weights: true } }),
  ])
  const context: ProjectContext = {
    projectId,
    settings,
    labels,
    patterns: patterns.map((p) => ({ id: p.id, labelId: p.labelId, kind: p.kind as 'literal' | 'regex', pattern: p.pattern, mustAlsoContain: p.mustAlsoContain })),
    model,
    propagation: null,
  }
  if (settings.propagationEnabled && options.propagation !== false) context.propagation = await engine.buildPropagationIndex(await approvedDocuments(projectId, labels))
  return context
}

/** Approved tags as training and propagation data, labels resolved through merges (archived ones left out). */
export async function approvedDocuments(projectId: string, labels: ProjectLabels): Promise<engine.ApprovedDocument[]> {
  const rows = await query<{ documentId: string; text: string; tagId: string; start: number; end: number; labelId: string; reportYear: number | null; title: string; reviewer: string | null }>(sql`
    SELECT t."documentId", d.text, t.id AS "tagId", t.start, t."end", t."labelId", d."reportYear", d.title, u.name AS reviewer
    FROM "Tag" t JOIN "Document" d ON d.id = t."documentId" LEFT JOIN "User" u ON u.id = t."reviewerId"
    WHERE t."projectId" = ${projectId} AND t.status = 'approved' AND t."deletedAt" IS NULL AND d."archivedAt" IS NULL
    ORDER BY t."documentId", t.start`)
  const byDocument = new Map<string, engine.ApprovedDocument>()
  for (const r of rows) {
    const label = labels.resolve(r.labelId)
    if (!label) continue
    let doc = byDocument.get(r.documentId)
    if (!doc) byDocument.set(r.documentId, (doc = { documentId: r.documentId, text: r.text, title: r.title, reportYear: r.reportYear, tags: [] }))
    doc.tags.push({ id: r.tagId, start: r.start, end: r.end, labelId: label.id, reviewer: r.reviewer })
  }
  return [...byDocument.values()]
}

/** The engine's candidates for one text, from the sources the project has on (every candidate, thresholds apply when read). */
export function candidatesFor(context: ProjectContext, document: { id: string; text: string }) {
  const notes: { source: SuggestionSourceName; key: string; message: string }[] = []
  const candidates: SuggestionCandidate[] = []
  const sources: SuggestionSourceName[] = []
  const labels = context.labels.live()
  if (context.settings.ruleEnabled) {
    sources.push('rule')
    const result = engine.ruleCandidates(document.text, labels, context.patterns, context.model)
    candidates.push(...result.candidates)
    for (const s of result.skipped) notes.push({ source: 'rule', key: `suggest.rule.${s.code}`, message: `Rule pattern ${s.patternId} was skipped (${s.code}).` })
  }
  if (context.settings.modelEnabled) {
    sources.push('model')
    if (context.model) candidates.push(...engine.modelCandidates(context.model, document.text, labels))
    else notes.push({ source: 'model', key: 'suggest.model.none', message: 'No model is trained yet; train one once the project has approved tags.' })
  }
  if (context.propagation) {
    sources.push('propagation')
    candidates.push(...engine.propagationCandidates(context.propagation, document))
  }
  return { candidates, sources, notes }
}

async function loadDocument(documentId: string): Promise<DocumentRow | null> {
  const [row] = await query<DocumentRow>(sql`SELECT id, "projectId", text, "archivedAt" IS NOT NULL AS archived FROM "Document" WHERE id = ${documentId}`)
  return row ?? null
}

/** Computes a document's suggestions now (POST /documents/{id}/suggestions). */
export async function computeSuggestions(actor: Actor, input: { documentId: string }) {
  const { projectId } = await authorizeDocument(actor, input.documentId, 'tag.write')
  const started = performance.now()
  const document = await loadDocument(input.documentId)
  if (!document) throw notFound('The document', { key: 'document.notFound' })
  if (document.archived) throw conflict('This document is archived, so it is read-only; restore it first.', undefined, { key: 'document.archivedReadOnly' })
  const context = await projectContext(projectId)
  const { candidates, sources, notes } = candidatesFor(context, document)
  const stored = await storeCandidates(document, candidates, sources)
  return { ...stored, notes, tookMs: Math.round(performance.now() - started) }
}

// ---- deciding ----

interface LockedSuggestion extends SuggestionRow {
  projectId: string
  blindMode: boolean
  deciderName: string | null
}

async function lockSuggestion(c: Connection, input: { documentId: string; suggestionId: string }): Promise<LockedSuggestion> {
  const [row] = await c.query<LockedSuggestion>(sql`
    SELECT s.id, s."documentId", s."labelId", s.start, s."end", s.quote, s.source, s.ref, s.score, s.status, s."decidedById", s."decidedAt", s."tagId",
           s."projectId", p."blindMode", u.name AS "deciderName"
    FROM "Suggestion" s JOIN "Project" p ON p.id = s."projectId" LEFT JOIN "User" u ON u.id = s."decidedById"
    WHERE s.id = ${input.suggestionId} AND s."documentId" = ${input.documentId}
    FOR UPDATE OF s`)
  if (!row) throw notFound('The suggestion', { key: 'suggestion.notFound' })
  return row
}

/** 409 when someone already decided: the current state, without who in blind mode for an annotator (their tags are hidden). */
function checkOpen(actor: Actor, s: LockedSuggestion, labels: ProjectLabels): void {
  if (s.status === 'open') return
  const blind = seesOnlyOwnTags(actor.roles.get(s.projectId), s)
  const mine = s.decidedById === actor.id
  const current = { ...suggestionView(s, labels), status: s.status, decidedAt: s.decidedAt?.toISOString() ?? null, ...(blind && !mine ? {} : { decidedBy: s.deciderName, tagId: s.tagId }) }
  throw conflict(`This suggestion was already ${s.status}${mine ? ' by you' : ''}; nothing was changed.`, current, { key: 'suggestion.alreadyDecided', values: { status: s.status } })
}

/**
 * Accepts a suggestion, as it is or adjusted (span, label): it becomes the actor's pending tag with source `suggestion`,
 * the suggestion's provenance in the tag's `created` event, and the suggestion points at the tag. One transaction; the
 * suggestion's row is locked, so of two people accepting at once one gets the tag and the other a 409.
 */
export async function acceptSuggestion(actor: Actor, input: { documentId: string; suggestionId: string; start?: number; end?: number; quote?: string; labelId?: string }) {
  const { projectId } = await authorizeDocument(actor, input.documentId, 'tag.write')
  const labels = await projectLabels(projectId)
  return withTransaction(async (c) => {
    const s = await lockSuggestion(c, input)
    checkOpen(actor, s, labels)
    const resolved = labels.resolve(s.labelId)
    const labelId = input.labelId ?? resolved?.id
    if (!labelId) throw conflict("This suggestion's label was archived; pick another label to accept it.", undefined, { key: 'suggestion.labelArchived' })
    const start = input.start ?? s.start
    const end = input.end ?? s.end
    const quote = input.quote ?? s.quote
    const span = await readSpan(s.documentId, start, end, labelId)
    if (!span) throw notFound('The document', { key: 'document.notFound' })
    const labelPath = checkLabel(span, labelId)
    checkSpan(span, start, end, quote)
    const adjusted = start !== s.start || end !== s.end || labelId !== s.labelId
    const provenance = { suggestionId: s.id, source: s.source, ref: s.ref, score: s.score, adjusted, ...(adjusted ? { suggested: { labelId: s.labelId, start: s.start, end: s.end } } : {}) }
    const after = JSON.stringify({ labelId, start, end, quote, status: 'pending', suggestion: provenance })
    const tagId = randomUUID()
    const rows = await c.query<TagRow>(sql`
      WITH tag AS (
        INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", status, source, version, "updatedAt")
        VALUES (${tagId}, ${s.projectId}, ${s.documentId}, ${labelId}, ${start}, ${end}, ${quote}, ${span.prefix ?? ''}, ${span.suffix ?? ''}, ${actor.id}, 'pending', 'suggestion', 1, now())
        RETURNING ${tagColumns}
      ), event AS (
        INSERT INTO "TagEvent" (id, "tagId", "actorId", action, after) SELECT ${randomUUID()}, tag.id, ${actor.id}, 'created', ${after}::jsonb FROM tag
      ), decided AS (
        UPDATE "Suggestion" SET status = 'accepted', "decidedById" = ${actor.id}, "decidedAt" = now(), "tagId" = ${tagId} WHERE id = ${s.id}
      )
      SELECT * FROM tag`)
    const tag = view({ ...rows[0], authorName: actor.name, labelPath })
    return { suggestion: { ...suggestionView(s, labels)!, labelId, status: 'accepted' as const }, tagId, tag }
  })
}

/** Rejects a suggestion: kept as a negative example, never proposed again for this span and label. */
export async function rejectSuggestion(actor: Actor, input: { documentId: string; suggestionId: string; reason?: string }) {
  const { projectId } = await authorizeDocument(actor, input.documentId, 'tag.write')
  const labels = await projectLabels(projectId)
  return withTransaction(async (c) => {
    const s = await lockSuggestion(c, input)
    checkOpen(actor, s, labels)
    await c.query(sql`UPDATE "Suggestion" SET status = 'rejected', "decidedById" = ${actor.id}, "decidedAt" = now() WHERE id = ${s.id}`)
    const item = suggestionView(s, labels)
    return { suggestion: item ? { ...item, status: 'rejected' as const } : { ...s, label_path: '', status: 'rejected' as const }, tagId: null, tag: null }
  })
}

/** Accepts every shown suggestion in [start, end) scoring at least `minScore`; ones decided meanwhile, or overlapping an accepted one of the same label, are skipped. */
export async function acceptAllInSection(actor: Actor, input: { documentId: string; start: number; end: number; minScore: number }) {
  const { items } = await listSuggestions(actor, { documentId: input.documentId })
  const chosen = items.filter((s) => s.start >= input.start && s.end <= input.end && s.score >= input.minScore)
  const tagIds: string[] = []
  let skipped = 0
  for (const s of chosen) {
    try {
      const result = await acceptSuggestion(actor, { documentId: input.documentId, suggestionId: s.id })
      tagIds.push(result.tagId)
    } catch (error) {
      if (error instanceof Error && 'code' in error && ((error as { code: string }).code === 'conflict' || (error as { code: string }).code === 'invalid')) skipped++
      else throw error
    }
  }
  return { accepted: tagIds.length, skipped, tagIds }
}

// ---- training, runs, evaluation ----

/** Queues training (or trains in this request with `wait`), for a manager. */
export async function trainSuggestions(actor: Actor, input: { projectId: string; wait: boolean }) {
  authorizeProject(actor, input.projectId, 'project.configure')
  if (input.wait) {
    const model = await trainProject(input.projectId)
    return { queued: false, jobId: null, model }
  }
  const { enqueueJob } = await import('../jobs/queue')
  const jobId = await enqueueJob('suggest.train', { projectId: input.projectId }, { singletonKey: `suggest.train:${input.projectId}` })
  return { queued: true, jobId: jobId ?? null, model: null }
}

/**
 * Trains the project's model on its approved tags, evaluates every source by held-out document, stores both, and
 * switches off a source measured under the precision floor (with a notice). Null when there are too few examples.
 */
export async function trainProject(projectId: string): Promise<{ version: number; trainedOnTags: number; durationMs: number } | null> {
  const started = performance.now()
  const labels = await projectLabels(projectId)
  const documents = await approvedDocuments(projectId, labels)
  const patterns = await db.suggestionPattern.findMany({ where: { projectId } })
  const live = labels.live()
  const [last] = await query<{ v: number | null }>(sql`SELECT max(version) AS v FROM "SuggestionModel" WHERE "projectId" = ${projectId}`)
  const next = (last.v ?? 0) + 1
  const trained = engine.train(documents, live, String(next))
  const storedPatterns = patterns.map((p) => ({ id: p.id, labelId: p.labelId, kind: p.kind as 'literal' | 'regex', pattern: p.pattern, mustAlsoContain: p.mustAlsoContain }))
  const settings = await readSettings(projectId)
  const evaluation = engine.evaluateSources(documents, live, storedPatterns, trained.ok ? trained.model : null, { rule: settings.ruleThreshold, model: settings.modelThreshold, propagation: settings.propagationThreshold })
  const tags = documents.reduce((n, d) => n + d.tags.length, 0)
  if (!trained.ok) {
    console.info(`Suggestions: no model for project ${projectId}: ${trained.detail}`)
    await applyPrecisionFloor(projectId, evaluation)
    return null
  }
  const durationMs = Math.round(performance.now() - started)
  // Two trainings at once (a manager's and a retrain): the unique (project, version) lets one store; the other fails and is retried.
  await query(sql`
    INSERT INTO "SuggestionModel" (id, "projectId", version, weights, metrics, "trainedOnTags", "trainedOnDocuments", "durationMs")
    VALUES (${randomUUID()}, ${projectId}, ${next}, ${JSON.stringify(trained.model)}::jsonb, ${JSON.stringify(evaluation)}::jsonb, ${tags}, ${documents.length}, ${durationMs})`)
  const version = next
  await applyPrecisionFloor(projectId, evaluation)
  return { version, trainedOnTags: tags, durationMs }
}

/** Switches off each source measured under the project's precision floor, with a notice the dashboard shows. */
export async function applyPrecisionFloor(projectId: string, evaluation: Pick<engine.Evaluation, 'sources'>) {
  const settings = await readSettings(projectId)
  const enabled = enabledOf(settings)
  const notices = [...settings.floorNotices]
  const off: Partial<Record<`${SuggestionSourceName}Enabled`, boolean>> = {}
  for (const s of evaluation.sources) {
    const precision = s.overall.precision
    // Only a measured precision (enough predictions) switches a source off; none measured is no evidence.
    if (precision === null || !enabled[s.source] || precision >= settings.precisionFloor) continue
    off[`${s.source}Enabled`] = false
    notices.push({ source: s.source, precision, at: new Date().toISOString() })
  }
  if (Object.keys(off).length === 0) return
  const { floorNotices: _, ...columns } = settings
  await db.suggestionSettings.upsert({
    where: { projectId },
    create: { projectId, ...columns, ...off, floorNotices: notices as object[] },
    update: { ...off, floorNotices: notices as object[], updatedAt: new Date() },
  })
}

/** Queues training when the project has had `retrainAfter` new approvals since its last model; at most one queued at a time. */
/** maybeRetrain for the project of a document whose tag was just approved (the review route). */
export async function maybeRetrainAfterApproval(documentId: string): Promise<boolean> {
  const [row] = await query<{ projectId: string }>(sql`SELECT "projectId" FROM "Document" WHERE id = ${documentId}`).catch(() => [])
  return row ? maybeRetrain(row.projectId) : false
}

export async function maybeRetrain(projectId: string): Promise<boolean> {
  try {
    const settings = await readSettings(projectId)
    if (settings.retrainAfter <= 0 || !settings.modelEnabled) return false
    const [row] = await query<{ approved: number; trained: number | null }>(sql`
      SELECT (SELECT count(*)::int FROM "Tag" WHERE "projectId" = ${projectId} AND status = 'approved' AND "deletedAt" IS NULL) AS approved,
             (SELECT "trainedOnTags" FROM "SuggestionModel" WHERE "projectId" = ${projectId} ORDER BY version DESC LIMIT 1) AS trained`)
    if (row.approved - (row.trained ?? 0) < settings.retrainAfter) return false
    const { enqueueJob } = await import('../jobs/queue')
    await enqueueJob('suggest.train', { projectId }, { singletonKey: `suggest.train:${projectId}` })
    return true
  } catch (error) {
    // A missed retrain is retried at the next read; it must never fail the request that noticed it.
    console.error(`Suggestions: could not queue retraining for ${projectId}:`, error)
    return false
  }
}

/** Starts "suggest for all documents" (or a selection) as a job with progress. */
export async function startSuggestionRun(actor: Actor, input: { projectId: string; documentIds?: string[]; createdById?: string }) {
  authorizeProject(actor, input.projectId, 'project.configure')
  return queueRun(input.projectId, input.documentIds ?? null, actor.id)
}

export async function queueRun(projectId: string, documentIds: string[] | null, createdById: string | null) {
  const ids = documentIds
    ? (await db.document.findMany({ where: { projectId, id: { in: documentIds }, archivedAt: null }, select: { id: true } })).map((d) => d.id)
    : (await db.document.findMany({ where: { projectId, archivedAt: null }, select: { id: true }, orderBy: { importedAt: 'asc' } })).map((d) => d.id)
  if (documentIds && ids.length !== new Set(documentIds).size) {
    throw invalid('body.documentIds: some of these documents are not in this project (or are archived).', [{ path: 'body.documentIds', message: 'names documents outside this project' }], { key: 'suggestion.unknownDocuments' })
  }
  const run = await db.suggestionRun.create({ data: { projectId, createdById, total: ids.length } })
  const { enqueueJob } = await import('../jobs/queue')
  await enqueueJob('suggest.run', { runId: run.id, documentIds: ids })
  return runView(run)
}

const runView = (r: { id: string; status: string; total: number; done: number; created: number; error: string | null; createdAt: Date; finishedAt: Date | null }) => ({
  id: r.id,
  status: r.status as 'queued' | 'running' | 'done' | 'failed',
  total: r.total,
  done: r.done,
  created: r.created,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
})

export async function listRuns(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const rows = await db.suggestionRun.findMany({ where: { projectId: input.projectId }, orderBy: { createdAt: 'desc' }, take: 10 })
  return { items: rows.map(runView) }
}

/** The job: computes each document's suggestions, writing progress every few documents. */
export async function runSuggestionJob(data: { runId: string; documentIds: string[] }): Promise<void> {
  const run = await db.suggestionRun.findUnique({ where: { id: data.runId } })
  if (!run || run.status === 'done') return
  await db.suggestionRun.update({ where: { id: run.id }, data: { status: 'running', done: 0, created: 0 } })
  const context = await projectContext(run.projectId)
  let done = 0
  let created = 0
  let lastWrite = performance.now()
  for (const id of data.documentIds) {
    const document = await loadDocument(id)
    // A document deleted or archived since the run was asked for is passed over.
    if (document && !document.archived && document.projectId === run.projectId) {
      const { candidates, sources } = candidatesFor(context, document)
      created += (await storeCandidates(document, candidates, sources)).created
    }
    done++
    if (performance.now() - lastWrite > 1_000) {
      await db.suggestionRun.update({ where: { id: run.id }, data: { done, created } })
      lastWrite = performance.now()
    }
  }
  await db.suggestionRun.update({ where: { id: run.id }, data: { status: 'done', done, created, finishedAt: new Date() } })
}

export async function failSuggestionRun(runId: string, sentence: string) {
  await db.suggestionRun.updateMany({ where: { id: runId, status: { in: ['queued', 'running'] } }, data: { status: 'failed', error: sentence, finishedAt: new Date() } })
}

/** After an import: the new documents get suggestions when the project says so. */
export async function suggestAfterImport(projectId: string, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0) return
  const settings = await readSettings(projectId)
  if (!settings.suggestOnImport) return
  await queueRun(projectId, documentIds, null)
}

/** The dashboard's panel: the stored evaluation of the latest model, and the live acceptance per source. */
export async function suggestionEvaluation(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const [settings, model, labels, acceptance, approved] = await Promise.all([
    readSettings(input.projectId),
    db.suggestionModel.findFirst({ where: { projectId: input.projectId }, orderBy: { version: 'desc' }, select: { version: true, trainedOnTags: true, trainedOnDocuments: true, createdAt: true, metrics: true } }),
    projectLabels(input.projectId),
    query<{ source: SuggestionSourceName; accepted: number; rejected: number; open: number }>(sql`
      SELECT source, count(*) FILTER (WHERE status = 'accepted')::int AS accepted, count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
             count(*) FILTER (WHERE status = 'open')::int AS open
      FROM "Suggestion" WHERE "projectId" = ${input.projectId} GROUP BY source`),
    query<{ n: number }>(sql`SELECT count(*)::int AS n FROM "Tag" WHERE "projectId" = ${input.projectId} AND status = 'approved' AND "deletedAt" IS NULL`),
  ])
  const metrics = (model?.metrics ?? null) as engine.Evaluation | null
  const sources = (metrics?.sources ?? []).map((s) => ({
    source: s.source,
    overall: s.overall,
    labels: s.labels.flatMap((l) => {
      const label = labels.resolve(l.labelId)
      return label ? [{ ...l, labelId: label.id, label_path: labels.path(label) }] : []
    }),
  }))
  return {
    model: model ? { version: model.version, trainedOnTags: model.trainedOnTags, trainedOnDocuments: model.trainedOnDocuments, createdAt: model.createdAt.toISOString() } : null,
    sources,
    learningCurve: metrics?.learningCurve ?? [],
    acceptance: (['rule', 'model', 'propagation'] as const).map((source) => {
      const a = acceptance.find((r) => r.source === source) ?? { accepted: 0, rejected: 0, open: 0 }
      const decided = a.accepted + a.rejected
      return { source, accepted: a.accepted, rejected: a.rejected, open: a.open, rate: decided > 0 ? a.accepted / decided : null }
    }),
    floorNotices: settings.floorNotices,
    precisionFloor: settings.precisionFloor,
    approvedTags: approved[0].n,
  }
}
