// The taxonomy "as of version N" (issue 13; docs/decisions/0026-taxonomy-editor.md): each label's
// name, path and fields, and each tag's label, as they were when the project's taxonomy was at
// version N. Rebuilt from the append-only history, never from a copy: the labels as they are now,
// with every TaxonomyEvent after N taken back newest first (an event's `before` is the label as it
// was before the change, null when the change created it), and each tag's label from its first
// `relabelled` TagEvent after N (a merge, a split, or their undo: the label it had before that
// event is the one it had at N). A tag's own edits (span, label chosen by its author) are its
// content, not a taxonomy change, and are not taken back.
//
// Used by the export ("as of taxonomy version N") and the research views; pure below
// `loadTaxonomyAsOfVersion`, which reads the rows in the caller's connection (and snapshot).
import { sql, type Connection } from '../db/sql'
import { LabelTree } from './tree'

/** A label's fields as a TaxonomyEvent records them (lib/services/taxonomy.ts, `snapshot`). */
export interface LabelState {
  id: string
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
}

export interface LabelAtVersion extends LabelState {
  /** [top, …, this label], names as they were at the version. */
  path: string[]
}

/** What the rebuild reads of a TaxonomyEvent. */
export interface TaxonomyEventRow {
  version: number
  action: string
  labelId: string | null
  before: Partial<Omit<LabelState, 'id'>> | null
  after: unknown
}

export interface TaxonomyAtVersion {
  version: number
  /** Every label that existed at the version (archived ones included), depth first, siblings in order. */
  labels: LabelAtVersion[]
  byId: Map<string, LabelAtVersion>
}

/**
 * The labels at `version`, from the labels as they are now and the project's TaxonomyEvents (any
 * order; those after `version` are taken back, the last written first). `events` must carry a
 * `seq` order when several share a version: pass them oldest first, as they were written.
 */
export function taxonomyAsOfVersion(current: readonly LabelState[], eventsOldestFirst: readonly TaxonomyEventRow[], version: number): TaxonomyAtVersion {
  const state = new Map<string, LabelState>(current.map((l) => [l.id, { ...l, keywords: [...l.keywords] }]))
  const later = eventsOldestFirst.filter((e) => e.version > version && e.labelId)
  for (let i = later.length - 1; i >= 0; i--) {
    const event = later[i]
    // A split's tag assignment moves a tag, not a label (the tag's side is its relabelled TagEvent).
    if (event.action === 'split_assigned' || (event.action === 'undone' && (event.after as { action?: string } | null)?.action === 'split_assigned')) continue
    const id = event.labelId!
    if (event.before === null) {
      // The change made the label (a creation, or an undo that brought a deleted label back).
      state.delete(id)
      continue
    }
    const was = state.get(id)
    const restored: LabelState = { ...(was ?? emptyLabel(id)), ...pickLabelFields(event.before), id }
    state.set(id, restored)
    // An archive or unarchive took the sub-labels along without events of their own (merged ones stay archived).
    if ((event.action === 'archived' || event.action === 'unarchived') && was && was.archived !== restored.archived) {
      for (const child of state.values()) if (child.parentId === id && child.aliasOfId === null) child.archived = restored.archived
    }
  }
  const tree = new LabelTree([...state.values()])
  const labels = tree.labels.map((l) => ({ ...l, path: tree.path(l.id) }))
  return { version, labels, byId: new Map(labels.map((l) => [l.id, l])) }
}

function emptyLabel(id: string): LabelState {
  return { id, parentId: null, name: id, en: '', color: '#888888', shortcut: null, guideline: '', guidelineZh: '', keywords: [], order: 0, archived: false, aliasOfId: null }
}

const LABEL_FIELDS = ['parentId', 'name', 'en', 'color', 'shortcut', 'guideline', 'guidelineZh', 'keywords', 'order', 'archived', 'aliasOfId'] as const

function pickLabelFields(before: Partial<Omit<LabelState, 'id'>>): Partial<LabelState> {
  const out: Partial<Record<(typeof LABEL_FIELDS)[number], unknown>> = {}
  for (const field of LABEL_FIELDS) if (before[field] !== undefined) out[field] = before[field]
  return out as Partial<LabelState>
}

/** What the rebuild reads of a tag's `relabelled` TagEvents. */
export interface RelabelRow {
  tagId: string
  /** The label before this relabel. */
  fromLabelId: string
  /** The taxonomy version the relabel was made under. */
  taxonomyVersion: number
}

/**
 * Each relabelled tag's label at `version`: the label before its first relabel made under a later
 * version (relabels given oldest first). Tags not in the map have their current label.
 */
export function tagLabelsAsOfVersion(relabelsOldestFirst: readonly RelabelRow[], version: number): Map<string, string> {
  const labelAt = new Map<string, string>()
  for (const r of relabelsOldestFirst) if (r.taxonomyVersion > version && !labelAt.has(r.tagId)) labelAt.set(r.tagId, r.fromLabelId)
  return labelAt
}

export interface ProjectTaxonomyAtVersion extends TaxonomyAtVersion {
  /** The tag's label at the version (from its current label id); null when that label did not exist yet. */
  labelOfTag(tagId: string, currentLabelId: string): LabelAtVersion | null
  /** The tags whose label at the version is not their current one (relabelled since): the rest keep theirs. */
  relabelledTagIds: string[]
}

/**
 * The project's taxonomy at `version`, read in `client`'s transaction (an export's snapshot). The
 * version must be one the project has had (1 to its current version); the caller checks that.
 */
export async function loadTaxonomyAsOfVersion(client: Connection, projectId: string, version: number): Promise<ProjectTaxonomyAtVersion> {
  const current = await client.query<LabelState>(
    sql`SELECT id, "parentId", name, en, color, shortcut, guideline, "guidelineZh", keywords, "order", archived, "aliasOfId" FROM "Label" WHERE "projectId" = ${projectId}`,
  )
  const events = await client.query<TaxonomyEventRow>(
    sql`SELECT version, action::text, "labelId", before, after FROM "TaxonomyEvent" WHERE "projectId" = ${projectId} AND version > ${version} ORDER BY seq`,
  )
  const relabels = await client.query<RelabelRow>(sql`
    SELECT e."tagId", e.before->>'labelId' AS "fromLabelId", (e.after->>'taxonomyVersion')::int AS "taxonomyVersion"
    FROM "TagEvent" e JOIN "Tag" t ON t.id = e."tagId"
    WHERE t."projectId" = ${projectId} AND e.action = 'relabelled' AND (e.after->>'taxonomyVersion')::int > ${version}
    ORDER BY e.seq`)
  const taxonomy = taxonomyAsOfVersion(current, events, version)
  const tagLabels = tagLabelsAsOfVersion(relabels, version)
  return { ...taxonomy, labelOfTag: (tagId, currentLabelId) => taxonomy.byId.get(tagLabels.get(tagId) ?? currentLabelId) ?? null, relabelledTagIds: [...tagLabels.keys()] }
}
