// The taxonomy editor (issue 13; docs/decisions/0026-taxonomy-editor.md). Every change runs in one
// transaction that first bumps the project's taxonomy version (which locks the project row, so that
// changes of one taxonomy are serialised and each gets its own version), checks the label version the
// manager saw, applies the change and appends a TaxonomyEvent. Tags reference label ids, so a rename
// or a move touches no tag; a merge moves the tags, each with a TagEvent saying why.
import { randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeProject, authorizeProjectRead } from '../auth/permissions'
import { anyConnection, type Connection, query, sql, withTransaction } from '../db/sql'
import { conflict, invalid, notFound } from '../errors'
import type { CreateLabelInput, SplitLabelInput, UpdateLabelInput } from '../schemas/taxonomy'
import { childColors } from '../taxonomy/colors'
import { type ImportPlan, parseTaxonomyFile, planImport } from '../taxonomy/taxonomy-file'
import { agreementImpact, type ImpactTag } from '../taxonomy/agreement-impact'
import { compareSiblings, LabelTree } from '../taxonomy/tree'

type TaxonomyAction = 'created' | 'edited' | 'moved' | 'reordered' | 'archived' | 'unarchived' | 'deleted' | 'merged' | 'undone' | 'split' | 'split_assigned'

interface LabelRow {
  id: string
  projectId: string
  parentId: string | null
  name: string
  en: string
  color: string
  shortcut: string | null
  guideline: string
  guidelineZh: string
  keywords: string[]
  order: number
  archived: boolean
  aliasOfId: string | null
  version: number
}

const labelColumns = sql`id, "projectId", "parentId", name, en, color, shortcut, guideline, "guidelineZh", keywords, "order", archived, "aliasOfId", version`

/** What a TaxonomyEvent records of a label: everything a manager can change. */
function snapshot(l: LabelRow) {
  return { name: l.name, en: l.en, color: l.color, shortcut: l.shortcut, guideline: l.guideline, guidelineZh: l.guidelineZh, keywords: l.keywords, parentId: l.parentId, order: l.order, archived: l.archived, aliasOfId: l.aliasOfId }
}

const view = (l: LabelRow, taxonomyVersion: number) => ({
  id: l.id,
  parentId: l.parentId,
  name: l.name,
  en: l.en,
  color: l.color,
  shortcut: l.shortcut,
  guideline: l.guideline,
  guidelineZh: l.guidelineZh,
  keywords: l.keywords,
  order: l.order,
  archived: l.archived,
  aliasOfId: l.aliasOfId,
  version: l.version,
  taxonomyVersion,
})

const labelNotFound = () => notFound('The label', { key: 'taxonomy.labelNotFound' })

/** The label's project, checked against the actor's role there; non-members get the label's 404. */
async function authorizeLabel(actor: Actor, labelId: string, action: 'project.read' | 'taxonomy.edit' | 'tag.review') {
  const [row] = await query<{ projectId: string }>(sql`SELECT "projectId" FROM "Label" WHERE id = ${labelId}`)
  if (!row || !actor.roles.has(row.projectId)) throw labelNotFound()
  authorizeProject(actor, row.projectId, action)
  return row.projectId
}

/**
 * Opens a taxonomy change: bumps the project's version (locking its row until the transaction ends)
 * and returns the new version and an `event` writer that records the change under it.
 */
async function beginChange(c: Connection, actor: Actor, projectId: string) {
  const [project] = await c.query<{ taxonomyVersion: number }>(sql`UPDATE "Project" SET "taxonomyVersion" = "taxonomyVersion" + 1 WHERE id = ${projectId} RETURNING "taxonomyVersion"`)
  if (!project) throw notFound('The project', { key: 'permission.projectNotFound' })
  const version = project.taxonomyVersion
  return {
    version,
    event: (action: TaxonomyAction, labelId: string, before: unknown, after: unknown) =>
      c.query(sql`INSERT INTO "TaxonomyEvent" (id, "projectId", version, "actorId", action, "labelId", before, after)
        VALUES (${randomUUID()}, ${projectId}, ${version}, ${actor.id}, ${action}::"TaxonomyAction", ${labelId}, ${before === null ? null : JSON.stringify(before)}::jsonb, ${after === null ? null : JSON.stringify(after)}::jsonb)`),
  }
}

async function lockLabel(c: Connection, labelId: string): Promise<LabelRow> {
  const [label] = await c.query<LabelRow>(sql`SELECT ${labelColumns} FROM "Label" WHERE id = ${labelId} FOR UPDATE`)
  if (!label) throw labelNotFound()
  return label
}

function checkVersion(label: LabelRow, seen: number) {
  if (label.version !== seen) {
    throw conflict(`The label “${label.name}” was changed by someone else (it is at version ${label.version}, you saw ${seen}); reload and try again.`, { current: { version: label.version } }, {
      key: 'taxonomy.stale',
      values: { name: label.name, version: label.version, seen },
    })
  }
}

const siblingsOf = (c: Connection, projectId: string, parentId: string | null, except?: string) =>
  c.query<LabelRow>(sql`SELECT ${labelColumns} FROM "Label" WHERE "projectId" = ${projectId} AND "parentId" IS NOT DISTINCT FROM ${parentId} AND id IS DISTINCT FROM ${except ?? null}`)

/** A parent must be a live top-level label of the same project: the palette has two levels (a label's key is its parent's key, then its own). */
async function checkParent(c: Connection, projectId: string, parentId: string, moving?: LabelRow) {
  const [parent] = await c.query<LabelRow>(sql`SELECT ${labelColumns} FROM "Label" WHERE id = ${parentId} AND "projectId" = ${projectId}`)
  if (!parent) throw invalid(`parentId: there is no label ${parentId} in this project.`, [{ path: 'body.parentId', message: 'is not a label of this project' }], { key: 'taxonomy.unknownParent' })
  if (parent.archived) throw conflict(`“${parent.name}” is archived; unarchive it before putting labels under it.`, undefined, { key: 'taxonomy.parentArchived', values: { name: parent.name } })
  if (parent.parentId !== null) {
    throw conflict(`“${parent.name}” is itself a sub-label; the taxonomy has two levels (top labels and their sub-labels).`, undefined, { key: 'taxonomy.tooDeep', values: { name: parent.name } })
  }
  if (moving) {
    if (parent.id === moving.id) throw conflict('A label cannot be moved under itself.', undefined, { key: 'taxonomy.underItself' })
    const [children] = await c.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM "Label" WHERE "parentId" = ${moving.id}`)
    if (children.n > 0) {
      throw conflict(`“${moving.name}” has ${children.n} sub-labels, so it cannot become a sub-label itself; move or merge them first.`, undefined, {
        key: 'taxonomy.hasChildren',
        values: { name: moving.name, count: children.n },
      })
    }
  }
  return parent
}

function checkSiblingName(siblings: LabelRow[], name: string) {
  const same = siblings.find((s) => s.name === name)
  if (same?.archived) throw conflict(`There is already a label “${name}” at this place (archived: unarchive it instead).`, undefined, { key: 'taxonomy.nameTakenArchived', values: { name } })
  if (same) throw conflict(`There is already a label “${name}” at this place.`, undefined, { key: 'taxonomy.nameTaken', values: { name } })
}

function checkShortcut(siblings: LabelRow[], shortcut: string | null | undefined) {
  if (!shortcut) return
  const holder = siblings.find((s) => !s.archived && s.shortcut === shortcut)
  if (holder) throw conflict(`The key ${shortcut} is already “${holder.name}”'s among these labels.`, undefined, { key: 'taxonomy.keyTaken', values: { key: shortcut, name: holder.name } })
}

// Top-level colours for new labels: distinct hues, the first not used yet (the demo taxonomy's four come first).
const TOP_COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#db2777', '#4d7c0f', '#7c3aed', '#0f766e']

/** A new label goes last among its siblings; without a colour of its own, a sub-label takes its parent's hue and a top label the first free colour. */
function placeNewLabel(siblings: LabelRow[], parent: LabelRow | null, wanted: string | undefined) {
  const color =
    wanted?.toLowerCase() ??
    (parent ? childColors(parent.color, siblings.length + 1)[siblings.length] : (TOP_COLORS.find((x) => !siblings.some((s) => s.color === x)) ?? TOP_COLORS[siblings.length % TOP_COLORS.length]))
  return { color, order: siblings.reduce((max, s) => Math.max(max, s.order + 1), 0) }
}

/** Adds a top-level label or a sub-label, last among its siblings. */
export async function createLabel(actor: Actor, input: CreateLabelInput & { projectId: string }) {
  authorizeProject(actor, input.projectId, 'taxonomy.edit')
  return withTransaction(async (c) => {
    const change = await beginChange(c, actor, input.projectId)
    const parent = input.parentId ? await checkParent(c, input.projectId, input.parentId) : null
    const siblings = await siblingsOf(c, input.projectId, parent?.id ?? null)
    checkSiblingName(siblings, input.name)
    checkShortcut(siblings, input.shortcut)
    const { color, order } = placeNewLabel(siblings, parent, input.color)
    const [label] = await c.query<LabelRow>(sql`
      INSERT INTO "Label" (id, "projectId", "parentId", name, en, color, shortcut, guideline, "guidelineZh", keywords, "order")
      VALUES (${randomUUID()}, ${input.projectId}, ${parent?.id ?? null}, ${input.name}, ${input.en ?? ''}, ${color}, ${input.shortcut ?? null},
              ${input.guideline ?? ''}, ${input.guidelineZh ?? ''}, ${input.keywords ?? []}::text[], ${order})
      RETURNING ${labelColumns}`)
    await change.event('created', label.id, null, snapshot(label))
    return view(label, change.version)
  })
}

/**
 * Changes a label: its texts, colour and key (an edit), its parent (a move), its place among its
 * siblings (a reorder), or archives / unarchives it (with its sub-labels). One request is one
 * taxonomy version and one event, named after the weightiest part of the change.
 */
export async function updateLabel(actor: Actor, input: UpdateLabelInput & { labelId: string }) {
  const projectId = await authorizeLabel(actor, input.labelId, 'taxonomy.edit')
  return withTransaction(async (c) => {
    const change = await beginChange(c, actor, projectId)
    const label = await lockLabel(c, input.labelId)
    checkVersion(label, input.version)
    const next: LabelRow = { ...label }
    let action: TaxonomyAction | null = null
    const moving = input.parentId !== undefined && input.parentId !== label.parentId
    if (moving) {
      if (input.parentId) await checkParent(c, projectId, input.parentId, label)
      next.parentId = input.parentId ?? null
      action = 'moved'
    }
    const siblings = await siblingsOf(c, projectId, next.parentId, label.id)
    if (input.name !== undefined && (input.name !== label.name || moving)) checkSiblingName(siblings, input.name)
    else if (moving) checkSiblingName(siblings, label.name)
    for (const field of ['name', 'en', 'color', 'guideline', 'guidelineZh'] as const) {
      if (input[field] !== undefined && input[field] !== label[field]) {
        next[field] = input[field]
        action ??= 'edited'
      }
    }
    if (input.keywords !== undefined && JSON.stringify(input.keywords) !== JSON.stringify(label.keywords)) {
      next.keywords = input.keywords
      action ??= 'edited'
    }
    if (input.shortcut !== undefined && input.shortcut !== label.shortcut) {
      checkShortcut(siblings, input.shortcut)
      next.shortcut = input.shortcut
      action ??= 'edited'
    } else if (moving && label.shortcut && siblings.some((s) => !s.archived && s.shortcut === label.shortcut)) {
      // Its key is taken where it lands: it loses the key rather than the move failing; the event shows it.
      next.shortcut = null
    }
    if (input.archived !== undefined && input.archived !== label.archived) {
      if (!input.archived && label.parentId) {
        const [parent] = await c.query<{ archived: boolean; name: string }>(sql`SELECT archived, name FROM "Label" WHERE id = ${label.parentId}`)
        if (parent.archived) throw conflict(`Its parent “${parent.name}” is archived; unarchive the parent first.`, undefined, { key: 'taxonomy.parentArchived', values: { name: parent.name } })
      }
      if (!input.archived && label.aliasOfId) {
        throw conflict(`“${label.name}” was merged into another label; its tags are there now, so it stays archived.`, undefined, { key: 'taxonomy.mergedStaysArchived', values: { name: label.name } })
      }
      if (!input.archived && next.shortcut && siblings.some((s) => !s.archived && s.shortcut === next.shortcut)) next.shortcut = null
      next.archived = input.archived
      action = input.archived ? 'archived' : 'unarchived'
    }
    const reordering = input.order !== undefined || moving
    if (reordering) {
      // Renumber the siblings 0..n with this label at the asked place (at the end when moved without one).
      const ordered = siblings.filter((s) => s.id !== label.id).sort(compareSiblings)
      const at = Math.min(input.order ?? ordered.length, ordered.length)
      const wasAt = moving ? -1 : [...siblings, label].sort(compareSiblings).findIndex((s) => s.id === label.id)
      if (moving || at !== wasAt) {
        ordered.splice(at, 0, next)
        for (const [i, s] of ordered.entries()) {
          if (s.id === label.id) next.order = i
          else if (s.order !== i) await c.query(sql`UPDATE "Label" SET "order" = ${i} WHERE id = ${s.id}`)
        }
        action ??= 'reordered'
      }
      if (moving) {
        // The siblings it left close the gap.
        const left = (await siblingsOf(c, projectId, label.parentId, label.id)).sort(compareSiblings)
        for (const [i, s] of left.entries()) if (s.order !== i) await c.query(sql`UPDATE "Label" SET "order" = ${i} WHERE id = ${s.id}`)
      }
    }
    if (!action) throw invalid('Nothing to change: the label already has these values.', undefined, { key: 'taxonomy.nothingToChange' })
    const [updated] = await c.query<LabelRow>(sql`
      UPDATE "Label" SET "parentId" = ${next.parentId}, name = ${next.name}, en = ${next.en}, color = ${next.color}, shortcut = ${next.shortcut},
        guideline = ${next.guideline}, "guidelineZh" = ${next.guidelineZh}, keywords = ${next.keywords}::text[], "order" = ${next.order},
        archived = ${next.archived}, version = version + 1
      WHERE id = ${label.id} RETURNING ${labelColumns}`)
    if (action === 'archived' || action === 'unarchived') {
      // Sub-labels follow their parent into the archive; unarchiving brings back those that went with it (not merged ones).
      await c.query(sql`UPDATE "Label" SET archived = ${next.archived}, version = version + 1 WHERE "parentId" = ${label.id} AND archived <> ${next.archived} AND "aliasOfId" IS NULL`)
    }
    await change.event(action, label.id, snapshot(label), snapshot(updated))
    return view(updated, change.version)
  })
}

/** How many tags (deleted ones included: their history names the label) and sub-labels a label has. */
async function usesOf(c: Connection, labelId: string) {
  const [uses] = await c.query<{ tags: number; children: number }>(sql`
    SELECT (SELECT count(*)::int FROM "Tag" WHERE "labelId" = ${labelId}) AS tags, (SELECT count(*)::int FROM "Label" WHERE "parentId" = ${labelId}) AS children`)
  return uses
}

/** Deletes a label that no tag has ever used (deleted tags count: their history names it). */
export async function deleteLabel(actor: Actor, input: { labelId: string; version: number }) {
  const projectId = await authorizeLabel(actor, input.labelId, 'taxonomy.edit')
  return withTransaction(async (c) => {
    const change = await beginChange(c, actor, projectId)
    const label = await lockLabel(c, input.labelId)
    checkVersion(label, input.version)
    if (label.aliasOfId) {
      // Its tags moved to the label it was merged into; their history, and the exports' merged_into, name it.
      throw conflict(`“${label.name}” was merged into another label; it stays, archived, so that the history of its tags can name it.`, undefined, { key: 'taxonomy.mergedNotDeleted', values: { name: label.name } })
    }
    const uses = await usesOf(c, label.id)
    if (uses.tags > 0) {
      throw conflict(`“${label.name}” has ${uses.tags} tag${uses.tags === 1 ? '' : 's'} (deleted ones included), so it cannot be deleted; archive it or merge it into another label.`, { tags: uses.tags }, {
        key: 'taxonomy.hasTags',
        values: { name: label.name, count: uses.tags },
      })
    }
    if (uses.children > 0) {
      throw conflict(`“${label.name}” has ${uses.children} sub-labels; delete or move them first.`, undefined, { key: 'taxonomy.hasChildren', values: { name: label.name, count: uses.children } })
    }
    await c.query(sql`UPDATE "Label" SET "aliasOfId" = NULL WHERE "aliasOfId" = ${label.id}`)
    await c.query(sql`DELETE FROM "Label" WHERE id = ${label.id}`)
    await change.event('deleted', label.id, snapshot(label), null)
    return { deleted: label.id, taxonomyVersion: change.version }
  })
}

/**
 * Merges a label into another: every live tag moves (a new tag version and a `relabelled` TagEvent
 * each, in this transaction), and the merged label stays, archived, as an alias of the other.
 */
export async function mergeLabel(actor: Actor, input: { labelId: string; intoLabelId: string; version: number }) {
  const projectId = await authorizeLabel(actor, input.labelId, 'taxonomy.edit')
  return withTransaction(async (c) => {
    const change = await beginChange(c, actor, projectId)
    const label = await lockLabel(c, input.labelId)
    checkVersion(label, input.version)
    if (input.intoLabelId === label.id) throw invalid('A label cannot be merged into itself.', [{ path: 'body.intoLabelId', message: 'is the label itself' }], { key: 'taxonomy.mergeIntoItself' })
    const [into] = await c.query<LabelRow>(sql`SELECT ${labelColumns} FROM "Label" WHERE id = ${input.intoLabelId} AND "projectId" = ${projectId} FOR UPDATE`)
    if (!into) throw invalid(`intoLabelId: there is no label ${input.intoLabelId} in this project.`, [{ path: 'body.intoLabelId', message: 'is not a label of this project' }], { key: 'taxonomy.unknownTarget' })
    if (into.archived) throw conflict(`“${into.name}” is archived; merge into a label in use.`, undefined, { key: 'taxonomy.targetArchived', values: { name: into.name } })
    if (label.archived) throw conflict(`“${label.name}” is archived; unarchive it before merging it.`, undefined, { key: 'taxonomy.mergeArchived', values: { name: label.name } })
    if (into.parentId === label.id) throw conflict(`“${into.name}” is a sub-label of “${label.name}”; a label cannot be merged into its own sub-label.`, undefined, { key: 'taxonomy.mergeIntoChild', values: { name: label.name, into: into.name } })
    const [children] = await c.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM "Label" WHERE "parentId" = ${label.id} AND NOT archived`)
    if (children.n > 0) {
      throw conflict(`“${label.name}” has ${children.n} sub-labels in use; move or merge them first.`, undefined, { key: 'taxonomy.hasChildren', values: { name: label.name, count: children.n } })
    }
    const reason = `Label merged: ${label.name} → ${into.name} (taxonomy version ${change.version})`
    const moved = await c.query<{ id: string }>(sql`
      WITH moved AS (
        UPDATE "Tag" SET "labelId" = ${into.id}, version = version + 1, "updatedAt" = now()
        WHERE "labelId" = ${label.id} AND "deletedAt" IS NULL
        RETURNING id
      ), event AS (
        INSERT INTO "TagEvent" (id, "tagId", "actorId", action, before, after, "reasonCode", reason)
        SELECT gen_random_uuid()::text, moved.id, ${actor.id}, 'relabelled', ${JSON.stringify({ labelId: label.id, label: label.name })}::jsonb,
               ${JSON.stringify({ labelId: into.id, label: into.name, taxonomyVersion: change.version })}::jsonb, 'label_merged', ${reason}
        FROM moved
      )
      SELECT id FROM moved`)
    const [merged] = await c.query<LabelRow>(sql`UPDATE "Label" SET archived = true, "aliasOfId" = ${into.id}, shortcut = NULL, version = version + 1 WHERE id = ${label.id} RETURNING ${labelColumns}`)
    // Labels merged into this one earlier now point at where their tags went.
    await c.query(sql`UPDATE "Label" SET "aliasOfId" = ${into.id} WHERE "aliasOfId" = ${label.id}`)
    await change.event('merged', label.id, snapshot(label), { ...snapshot(merged), into: { id: into.id, name: into.name }, movedTags: moved.length })
    return { merged: view(merged, change.version), into: view(into, change.version), movedTags: moved.length, taxonomyVersion: change.version }
  })
}

/**
 * What a change to this label (and its sub-labels) would touch: shown before a merge, a move or an
 * archive. With `intoLabelId` (a merge) or `moveTo` (a move: a top label's id, or "top") it also
 * computes the agreement figures before and after (lib/taxonomy/agreement-impact.ts); an archive
 * leaves them as they are.
 */
export async function labelImpact(actor: Actor, input: { labelId: string; intoLabelId?: string; moveTo?: string }) {
  const projectId = await authorizeLabel(actor, input.labelId, 'taxonomy.edit')
  const [row] = await query<{ tags: number; approved: number; documents: number; subLabels: number; agreementDocuments: number }>(sql`
    WITH labels AS (SELECT id FROM "Label" WHERE id = ${input.labelId} OR "parentId" = ${input.labelId}),
    tags AS (SELECT t."documentId", t."authorId", t.status FROM "Tag" t JOIN labels ON labels.id = t."labelId" WHERE t."deletedAt" IS NULL)
    SELECT (SELECT count(*)::int FROM tags) AS tags,
           (SELECT count(*)::int FROM tags WHERE status = 'approved') AS approved,
           (SELECT count(DISTINCT "documentId")::int FROM tags) AS documents,
           (SELECT count(*)::int - 1 FROM labels) AS "subLabels",
           (SELECT count(*)::int FROM (SELECT "documentId" FROM tags GROUP BY "documentId" HAVING count(DISTINCT "authorId") >= 2) d) AS "agreementDocuments"`)
  return { labelId: input.labelId, ...row, agreement: await agreementChange(projectId, input) }
}

async function agreementChange(projectId: string, input: { labelId: string; intoLabelId?: string; moveTo?: string }) {
  const labels = await query<{ id: string; parentId: string | null; name: string; order: number }>(sql`SELECT id, "parentId", name, "order" FROM "Label" WHERE "projectId" = ${projectId}`)
  const tree = new LabelTree(labels)
  const label = tree.get(input.labelId)!
  const known = (id: string, field: string) => {
    if (!tree.get(id)) throw invalid(`${field}: there is no label ${id} in this project.`, [{ path: `query.${field}`, message: 'is not a label of this project' }], { key: 'taxonomy.impactUnknownLabel', values: { field, id } })
    return id
  }
  let pathAfter = (id: string) => tree.path(id)
  if (input.intoLabelId) {
    const into = known(input.intoLabelId, 'intoLabelId')
    pathAfter = (id) => tree.path(id === label.id ? into : id)
  } else if (input.moveTo) {
    const parent = input.moveTo === 'top' ? null : known(input.moveTo, 'moveTo')
    const moved = (id: string) => (parent ? [...tree.path(parent), ...tree.path(id).slice(tree.path(label.id).length - 1)] : tree.path(id).slice(tree.path(label.id).length - 1))
    const inSubtree = new Set(tree.subtreeIds(label.id))
    pathAfter = (id) => (inSubtree.has(id) ? moved(id) : tree.path(id))
  }
  // The dashboard's scope: every live tag of the documents (not archived) that two or more annotators tagged.
  const tags = await query<ImpactTag & { length: number }>(sql`
    SELECT "documentId", "authorId", "labelId", start, "end", length FROM (
      SELECT t."documentId", t."authorId", t."labelId", t.start, t."end", d.length,
             min(t."authorId") OVER per_document AS first_author, max(t."authorId") OVER per_document AS last_author
      FROM "Tag" t JOIN "Document" d ON d.id = t."documentId"
      WHERE t."projectId" = ${projectId} AND t."deletedAt" IS NULL AND d."archivedAt" IS NULL
      WINDOW per_document AS (PARTITION BY t."documentId")) tags
    WHERE first_author <> last_author`)
  const lengths = new Map(tags.map((t) => [t.documentId, t.length]))
  return agreementImpact(lengths, tags, (id) => tree.path(id), pathAfter)
}

/** The taxonomy's history, oldest first, optionally only the changes after a version (what an export's users need). */
export async function listTaxonomyEvents(actor: Actor, input: { projectId: string; since?: number }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const [project] = await query<{ taxonomyVersion: number }>(sql`SELECT "taxonomyVersion" FROM "Project" WHERE id = ${input.projectId}`)
  if (!project) throw notFound('The project', { key: 'permission.projectNotFound' })
  const rows = await query<{ id: string; version: number; action: TaxonomyAction; labelId: string | null; actorName: string; before: unknown; after: unknown; createdAt: Date }>(sql`
    SELECT e.id, e.version, e.action, e."labelId", u.name AS "actorName", e.before, e.after, e."createdAt"
    FROM "TaxonomyEvent" e JOIN "User" u ON u.id = e."actorId"
    WHERE e."projectId" = ${input.projectId} AND e.version > ${input.since ?? 0}
    ORDER BY e.seq`)
  return { taxonomyVersion: project.taxonomyVersion, items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) }
}


/**
 * Takes back the project's last taxonomy change (the one that produced `taxonomyVersion`, which the
 * manager saw: a change made meanwhile is a 409). The undo is itself a change: a new version and an
 * `undone` event naming the version it took back; an undo is not undone again (make the change anew).
 */
export async function undoTaxonomyChange(actor: Actor, input: { projectId: string; taxonomyVersion: number }) {
  authorizeProject(actor, input.projectId, 'taxonomy.edit')
  return withTransaction(async (c) => {
    const change = await beginChange(c, actor, input.projectId)
    const last = change.version - 1
    if (input.taxonomyVersion !== last) {
      throw conflict(`The taxonomy changed meanwhile (it is at version ${last}, you saw ${input.taxonomyVersion}); reload to see the last change before undoing it.`, { current: { taxonomyVersion: last } }, {
        key: 'taxonomy.undo.stale',
        values: { version: last, seen: input.taxonomyVersion },
      })
    }
    // One version may hold several events (a taxonomy import): they are taken back last first.
    const events = await c.query<{ action: TaxonomyAction; labelId: string; before: ReturnType<typeof snapshot> | null; after: (ReturnType<typeof snapshot> & { into?: { id: string } }) | null }>(
      sql`SELECT action, "labelId", before, after FROM "TaxonomyEvent" WHERE "projectId" = ${input.projectId} AND version = ${last} ORDER BY seq DESC`,
    )
    if (events.length === 0) throw conflict('The last change cannot be undone: there is no change to undo.', undefined, { key: 'taxonomy.undo.nothing' })
    if (events.some((e) => e.action === 'undone')) throw conflict('The last change cannot be undone: it was itself an undo; make the change again instead.', undefined, { key: 'taxonomy.undo.undoOfUndo' })
    for (const event of events) await undoEvent(c, actor, input.projectId, event, last, change)
    return { undid: last, action: events.length === 1 ? events[0].action : 'imported', taxonomyVersion: change.version }
  })
}

async function undoEvent(
  c: Connection,
  actor: Actor,
  projectId: string,
  event: { action: TaxonomyAction; labelId: string; before: ReturnType<typeof snapshot> | null; after: (ReturnType<typeof snapshot> & { into?: { id: string } }) | null },
  last: number,
  change: Awaited<ReturnType<typeof beginChange>>,
) {
  // Each kind of change has its inverse; the fields as they were are in the event's `before`.
  const labelId = event.labelId
  let result: LabelRow | null = null
  if (event.action === 'created') {
    const uses = await usesOf(c, labelId)
    if (uses.tags > 0 || uses.children > 0) throw conflict('The last change cannot be undone: the new label has tags or sub-labels now; archive it instead.', undefined, { key: 'taxonomy.undo.createdInUse' })
    await c.query(sql`DELETE FROM "Label" WHERE id = ${labelId}`)
  } else if (event.action === 'deleted') {
    const b = event.before!
    ;[result] = await c.query<LabelRow>(sql`
      INSERT INTO "Label" (id, "projectId", "parentId", name, en, color, shortcut, guideline, "guidelineZh", keywords, "order", archived, "aliasOfId")
      VALUES (${labelId}, ${projectId}, ${b.parentId}, ${b.name}, ${b.en}, ${b.color}, ${b.shortcut}, ${b.guideline}, ${b.guidelineZh}, ${b.keywords}::text[], ${b.order}, ${b.archived}, ${b.aliasOfId})
      RETURNING ${labelColumns}`)
  } else if (event.action === 'split_assigned') {
    // One tag of a split: back to the label it came from, if it is still where the split put it.
    const moved = event.after as unknown as { tagId: string; labelId: string }
    const from = (event.before as unknown as { labelId: string }).labelId
    const back = await c.query<{ id: string }>(sql`
      UPDATE "Tag" SET "labelId" = ${from}, version = version + 1, "updatedAt" = now()
      WHERE id = ${moved.tagId} AND "labelId" = ${moved.labelId} AND "deletedAt" IS NULL RETURNING id`)
    if (back.length === 0) throw conflict('The last change cannot be undone: that tag was changed or moved again since.', undefined, { key: 'taxonomy.undo.tagMoved' })
    await c.query(sql`INSERT INTO "TagEvent" (id, "tagId", "actorId", action, before, after, "reasonCode", reason)
      VALUES (${randomUUID()}, ${moved.tagId}, ${actor.id}, 'relabelled', ${JSON.stringify({ labelId: moved.labelId })}::jsonb,
              ${JSON.stringify({ labelId: from, taxonomyVersion: change.version })}::jsonb, 'label_split_undone', ${`Split assignment undone (taxonomy version ${last})`})`)
    await change.event('undone', labelId, event.after, { ...moved, labelId: from, undid: last, action: event.action })
    return
  } else if (event.action === 'merged') {
    const into = event.after!.into!.id
    // The tags this merge moved and that are still where it put them go back, each with a TagEvent.
    await c.query(sql`
      WITH moved AS (
        SELECT DISTINCT ON (e."tagId") e."tagId", (e.after->>'taxonomyVersion')::int AS version
        FROM "TagEvent" e JOIN "Tag" t ON t.id = e."tagId"
        WHERE t."labelId" = ${into} AND t."projectId" = ${projectId} AND e.action = 'relabelled'
        ORDER BY e."tagId", e.seq DESC
      ), back AS (
        UPDATE "Tag" t SET "labelId" = ${labelId}, version = t.version + 1, "updatedAt" = now()
        FROM moved WHERE moved."tagId" = t.id AND moved.version = ${last}
        RETURNING t.id
      )
      INSERT INTO "TagEvent" (id, "tagId", "actorId", action, before, after, "reasonCode", reason)
      SELECT gen_random_uuid()::text, back.id, ${actor.id}, 'relabelled', ${JSON.stringify({ labelId: into })}::jsonb,
             ${JSON.stringify({ labelId, taxonomyVersion: change.version })}::jsonb, 'label_merge_undone', ${`Merge undone (taxonomy version ${last})`}
      FROM back`)
    ;[result] = await c.query<LabelRow>(sql`UPDATE "Label" SET archived = false, "aliasOfId" = NULL, shortcut = ${event.before!.shortcut}, version = version + 1 WHERE id = ${labelId} RETURNING ${labelColumns}`)
  } else {
    // An edit, move, reorder, archive or unarchive: the label's fields as they were.
    const b = event.before!
    const [current] = await c.query<LabelRow>(sql`SELECT ${labelColumns} FROM "Label" WHERE id = ${labelId} FOR UPDATE`)
    if (!current) throw conflict('The last change cannot be undone: the label no longer exists.', undefined, { key: 'taxonomy.undo.labelGone' })
    if (b.parentId !== current.parentId || b.name !== current.name) {
      checkSiblingName(await siblingsOf(c, projectId, b.parentId, labelId), b.name)
    }
    ;[result] = await c.query<LabelRow>(sql`
      UPDATE "Label" SET "parentId" = ${b.parentId}, name = ${b.name}, en = ${b.en}, color = ${b.color}, shortcut = ${b.shortcut}, guideline = ${b.guideline},
        "guidelineZh" = ${b.guidelineZh}, keywords = ${b.keywords}::text[], "order" = ${b.order}, archived = ${b.archived}, version = version + 1
      WHERE id = ${labelId} RETURNING ${labelColumns}`)
    if (event.action === 'archived' || event.action === 'unarchived') {
      await c.query(sql`UPDATE "Label" SET archived = ${b.archived}, version = version + 1 WHERE "parentId" = ${labelId} AND archived <> ${b.archived} AND "aliasOfId" IS NULL`)
    }
  }
  await change.event('undone', labelId, event.after, { ...(result ? snapshot(result) : {}), undid: last, action: event.action })
}

/** The taxonomy in the shape of the demo taxonomy file (labels in use, nested, with both guidelines): what "export as JSON" downloads. */
export async function exportTaxonomy(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const [project] = await query<{ name: string; taxonomyVersion: number }>(sql`SELECT name, "taxonomyVersion" FROM "Project" WHERE id = ${input.projectId}`)
  if (!project) throw notFound('The project', { key: 'permission.projectNotFound' })
  const rows = await query<LabelRow>(sql`SELECT ${labelColumns} FROM "Label" WHERE "projectId" = ${input.projectId} AND NOT archived`)
  const entry = (l: LabelRow) => ({ name: l.name, en: l.en, color: l.color, ...(l.shortcut ? { key: l.shortcut } : {}), guideline: l.guideline, guideline_zh: l.guidelineZh, keywords: l.keywords })
  const byParent = (parentId: string | null) => rows.filter((r) => r.parentId === parentId).sort(compareSiblings)
  return {
    name: project.name,
    version: project.taxonomyVersion,
    labels: byParent(null).map((top) => ({ ...entry(top), children: byParent(top.id).map(entry) })),
  }
}

/**
 * Imports a taxonomy file (parsed by lib/taxonomy/taxonomy-file.ts) into the project, matching by
 * path: without `apply`, only the plan (what would be added and changed); with it, the plan carried
 * out as one taxonomy version. Nothing is removed or moved, and no tag is touched.
 */
export async function importTaxonomy(actor: Actor, input: { projectId: string; file: unknown; apply: boolean }) {
  authorizeProject(actor, input.projectId, 'taxonomy.edit')
  const parsed = parseTaxonomyFile(input.file)
  if (!parsed.ok) throw invalid(`The taxonomy file cannot be read: ${parsed.problem}.`, [{ path: 'body.file', message: parsed.problem }], { key: 'taxonomy.badFile', values: { problem: parsed.problem } })
  const plan = async (c: Connection) => {
    const rows = await c.query<LabelRow>(sql`SELECT ${labelColumns} FROM "Label" WHERE "projectId" = ${input.projectId}`)
    const byId = new Map(rows.map((r) => [r.id, r]))
    const existing = rows.map((r) => ({ ...r, path: r.parentId ? [byId.get(r.parentId)?.name ?? '?', r.name] : [r.name] }))
    return { rows: existing, plan: planImport(existing, parsed.labels) }
  }
  const summary = (p: ImportPlan, taxonomyVersion: number | null) => ({
    applied: taxonomyVersion !== null,
    taxonomyVersion,
    add: p.add.map((l) => l.path),
    change: p.change.map((c) => ({ path: c.path, fields: Object.keys(c.fields) })),
    archived: p.archived,
    unchanged: p.unchanged,
  })
  if (!input.apply) return summary((await plan(anyConnection)).plan, null)
  return withTransaction(async (c) => {
    const change = await beginChange(c, actor, input.projectId)
    const { rows, plan: p } = await plan(c)
    const idOf = new Map(rows.map((r) => [r.path.join('/'), r]))
    for (const label of p.add) {
      const parent = label.path.length === 2 ? idOf.get(label.path[0]) : undefined
      // A sub-label under an archived parent is not added (the plan lists the parent as archived).
      if (label.path.length === 2 && (!parent || parent.archived)) continue
      const siblings = rows.filter((r) => r.parentId === (parent?.id ?? null))
      const shortcut = label.shortcut && !siblings.some((s) => !s.archived && s.shortcut === label.shortcut) ? label.shortcut : null
      const { color, order } = placeNewLabel(siblings, parent ?? null, label.color)
      const [created] = await c.query<LabelRow>(sql`
        INSERT INTO "Label" (id, "projectId", "parentId", name, en, color, shortcut, guideline, "guidelineZh", keywords, "order")
        VALUES (${randomUUID()}, ${input.projectId}, ${parent?.id ?? null}, ${label.path.at(-1)!}, ${label.en}, ${color}, ${shortcut}, ${label.guideline}, ${label.guidelineZh}, ${label.keywords}::text[], ${order})
        RETURNING ${labelColumns}`)
      const row = { ...created, path: label.path }
      rows.push(row)
      idOf.set(label.path.join('/'), row)
      await change.event('created', created.id, null, snapshot(created))
    }
    for (const edit of p.change) {
      const [before] = await c.query<LabelRow>(sql`SELECT ${labelColumns} FROM "Label" WHERE id = ${edit.id} FOR UPDATE`)
      const next = { ...before, ...edit.fields }
      const [after] = await c.query<LabelRow>(sql`
        UPDATE "Label" SET en = ${next.en}, guideline = ${next.guideline}, "guidelineZh" = ${next.guidelineZh}, keywords = ${next.keywords}::text[], version = version + 1
        WHERE id = ${edit.id} RETURNING ${labelColumns}`)
      await change.event('edited', edit.id, snapshot(before), snapshot(after))
    }
    if (p.add.length === 0 && p.change.length === 0) throw invalid('Nothing to import: every label of the file is already in the taxonomy with these texts.', undefined, { key: 'taxonomy.importNothing' })
    return summary(p, change.version)
  })
}

/** The label's last split (the new labels its tags are assigned among), or null when it was never split. */
async function lastSplit(c: Connection, labelId: string) {
  const [event] = await c.query<{ version: number; after: { into: { id: string; name: string }[] } }>(
    sql`SELECT version, after FROM "TaxonomyEvent" WHERE "labelId" = ${labelId} AND action = 'split' ORDER BY seq DESC LIMIT 1`,
  )
  return event ?? null
}

/**
 * Splits a label (managers): makes the new labels (sub-labels of a top label; siblings of a
 * sub-label, as the tree has two levels) in one taxonomy version, with a `split` event naming them.
 * The label's tags stay where they are until a reviewer assigns each (assignSplitTag).
 */
export async function splitLabel(actor: Actor, input: SplitLabelInput & { labelId: string }) {
  const projectId = await authorizeLabel(actor, input.labelId, 'taxonomy.edit')
  return withTransaction(async (c) => {
    const change = await beginChange(c, actor, projectId)
    const label = await lockLabel(c, input.labelId)
    checkVersion(label, input.version)
    if (label.archived) throw conflict(`“${label.name}” is archived; unarchive it before splitting it.`, undefined, { key: 'taxonomy.splitArchived', values: { name: label.name } })
    const parentId = label.parentId ?? label.id
    const parent = await checkParent(c, projectId, parentId)
    const siblings = await siblingsOf(c, projectId, parentId)
    const made: LabelRow[] = []
    for (const wanted of input.into) {
      checkSiblingName([...siblings, ...made], wanted.name)
      checkShortcut([...siblings, ...made], wanted.shortcut)
      const { color, order } = placeNewLabel([...siblings, ...made], parent, undefined)
      const [created] = await c.query<LabelRow>(sql`
        INSERT INTO "Label" (id, "projectId", "parentId", name, en, color, shortcut, guideline, "guidelineZh", keywords, "order")
        VALUES (${randomUUID()}, ${projectId}, ${parentId}, ${wanted.name}, ${wanted.en ?? ''}, ${color}, ${wanted.shortcut ?? null}, '', '', '{}'::text[], ${order})
        RETURNING ${labelColumns}`)
      made.push(created)
      await change.event('created', created.id, null, snapshot(created))
    }
    const [{ tags }] = await c.query<{ tags: number }>(sql`SELECT count(*)::int AS tags FROM "Tag" WHERE "labelId" = ${label.id} AND "deletedAt" IS NULL`)
    await change.event('split', label.id, snapshot(label), { ...snapshot(label), into: made.map((m) => ({ id: m.id, name: m.name })), tags })
    return { label: view(label, change.version), into: made.map((m) => view(m, change.version)), tags, taxonomyVersion: change.version }
  })
}

/** The review list of a split label (reviewers): its remaining tags with their text in context, the labels to assign them to, the progress. */
export async function splitReview(actor: Actor, input: { labelId: string }) {
  await authorizeLabel(actor, input.labelId, 'tag.review')
  const split = await lastSplit(anyConnection, input.labelId)
  const [label] = await query<{ id: string; name: string; parentName: string | null }>(
    sql`SELECT l.id, l.name, p.name AS "parentName" FROM "Label" l LEFT JOIN "Label" p ON p.id = l."parentId" WHERE l.id = ${input.labelId}`,
  )
  const path = label.parentName ? [label.parentName, label.name] : [label.name]
  if (!split) return { labelId: label.id, path, split: null }
  const ids = split.after.into.map((l) => l.id)
  const targets = await query<{ id: string; name: string; color: string; archived: boolean }>(sql`SELECT id, name, color, archived FROM "Label" WHERE id = ANY(${ids}::text[])`)
  const byId = new Map(targets.map((l) => [l.id, l]))
  const live = ids.map((id) => byId.get(id)).filter((l): l is NonNullable<typeof l> => Boolean(l && !l.archived))
  const items = await query<{ tagId: string; version: number; documentId: string; documentTitle: string; start: number; end: number; quote: string; prefix: string; suffix: string; status: string }>(sql`
    SELECT t.id AS "tagId", t.version, t."documentId", d.title AS "documentTitle", t.start, t."end", t.quote, t.prefix, t.suffix, t.status
    FROM "Tag" t JOIN "Document" d ON d.id = t."documentId"
    WHERE t."labelId" = ${label.id} AND t."deletedAt" IS NULL
    ORDER BY d.title, t."documentId", t.start, t.id`)
  const [{ assigned }] = await query<{ assigned: number }>(sql`
    SELECT count(DISTINCT t.id)::int AS assigned FROM "TagEvent" e JOIN "Tag" t ON t.id = e."tagId"
    WHERE e.action = 'relabelled' AND e."reasonCode" = 'label_split' AND e.before->>'labelId' = ${label.id}
      AND (e.after->>'taxonomyVersion')::int > ${split.version} AND t."labelId" = ANY(${ids}::text[]) AND t."deletedAt" IS NULL`)
  return {
    labelId: label.id,
    path,
    split: { taxonomyVersion: split.version, targets: live.map((l) => ({ id: l.id, name: l.name, color: l.color })), assigned, remaining: items.length, items },
  }
}

/**
 * Assigns one tag of a split label to one of the new labels (reviewers), or back to the split label
 * (the review list's undo): a new tag version with a `relabelled` TagEvent, and a taxonomy version
 * with a `split_assigned` event, so that exports "as of" an earlier version see the tag where it was.
 */
export async function assignSplitTag(actor: Actor, input: { labelId: string; tagId: string; version: number; intoLabelId: string }) {
  const projectId = await authorizeLabel(actor, input.labelId, 'tag.review')
  return withTransaction(async (c) => {
    const change = await beginChange(c, actor, projectId)
    const label = await lockLabel(c, input.labelId)
    const split = await lastSplit(c, label.id)
    if (!split) throw conflict(`“${label.name}” is not being split.`, undefined, { key: 'taxonomy.notSplit', values: { name: label.name } })
    const targets = await c.query<{ id: string; name: string }>(sql`SELECT id, name FROM "Label" WHERE id = ANY(${split.after.into.map((l) => l.id)}::text[]) AND NOT archived`)
    const back = input.intoLabelId === label.id
    const into = back ? label : targets.find((t) => t.id === input.intoLabelId)
    if (!into) throw invalid(`intoLabelId: “${label.name}” was split into ${targets.map((t) => `“${t.name}”`).join(', ')}; assign the tag to one of them.`, [{ path: 'body.intoLabelId', message: 'is not one of the labels of the split' }], { key: 'taxonomy.splitTarget', values: { name: label.name } })
    const [tag] = await c.query<{ id: string; labelId: string; version: number; projectId: string; deletedAt: Date | null }>(
      sql`SELECT id, "labelId", version, "projectId", "deletedAt" FROM "Tag" WHERE id = ${input.tagId} FOR UPDATE`,
    )
    if (!tag || tag.projectId !== projectId || tag.deletedAt) throw notFound('The tag', { key: 'permission.tagNotFound' })
    const from = back ? targets.find((t) => t.id === tag.labelId) : tag.labelId === label.id ? label : undefined
    if (!from || tag.version !== input.version) {
      throw conflict('Someone changed or assigned this tag since the list was loaded; nothing was changed.', { current: { version: tag.version, labelId: tag.labelId } }, { key: 'taxonomy.splitStale' })
    }
    await c.query(sql`UPDATE "Tag" SET "labelId" = ${into.id}, version = version + 1, "updatedAt" = now() WHERE id = ${tag.id}`)
    const reason = back ? `Split assignment taken back: ${from.name} → ${label.name} (taxonomy version ${change.version})` : `Label split: ${label.name} → ${into.name} (taxonomy version ${change.version})`
    await c.query(sql`INSERT INTO "TagEvent" (id, "tagId", "actorId", action, before, after, "reasonCode", reason)
      VALUES (${randomUUID()}, ${tag.id}, ${actor.id}, 'relabelled', ${JSON.stringify({ labelId: from.id, label: from.name })}::jsonb,
              ${JSON.stringify({ labelId: into.id, label: into.name, taxonomyVersion: change.version })}::jsonb, ${back ? 'label_split_undone' : 'label_split'}, ${reason})`)
    await change.event('split_assigned', label.id, { tagId: tag.id, labelId: from.id, name: from.name }, { tagId: tag.id, labelId: into.id, name: into.name })
    return { tagId: tag.id, version: tag.version + 1, labelId: into.id, taxonomyVersion: change.version }
  })
}

/** The project's split labels with the tags still to assign (reviewers): the taxonomy page links their review lists. */
export async function activeSplits(actor: Actor, input: { projectId: string }) {
  authorizeProjectRead(actor, input.projectId, 'tag.review')
  return query<{ labelId: string; remaining: number }>(sql`
    SELECT s."labelId", (SELECT count(*)::int FROM "Tag" t WHERE t."labelId" = s."labelId" AND t."deletedAt" IS NULL) AS remaining
    FROM (SELECT DISTINCT "labelId" FROM "TaxonomyEvent" WHERE "projectId" = ${input.projectId} AND action = 'split') s
    JOIN "Label" l ON l.id = s."labelId" AND NOT l.archived`)
}
