// The project's taxonomy as an export sees it: every label with its full path, in tree order.
import { sql, type Connection } from '../db/sql'
import { LabelTree, pathString, type TreeLabel } from '../taxonomy/tree'

export interface TaxonomyLabel {
  id: string
  parentId: string | null
  /** [top, …, this label] */
  path: string[]
  name: string
  en: string
  color: string
  shortcut: string | null
  guideline: string
  guidelineZh: string
  keywords: string[]
  archived: boolean
  /** The label this one was merged into (issue 13): its tags are there now. */
  aliasOfId: string | null
}

export interface Taxonomy {
  labels: TaxonomyLabel[]
  byId: Map<string, TaxonomyLabel>
  /** The same labels as a tree (subtrees, paths). */
  tree: LabelTree<TreeLabel>
  /** Top-level label names in order. */
  topLabels: string[]
}

interface LabelRow {
  id: string
  parentId: string | null
  name: string
  en: string
  color: string
  shortcut: string | null
  guideline: string
  guidelineZh: string
  keywords: string[]
  archived: boolean
  aliasOfId: string | null
  order: number
}

export async function loadTaxonomy(client: Connection, projectId: string): Promise<Taxonomy> {
  const rows = await client.query<LabelRow>(
    sql`SELECT id, "parentId", name, en, color, shortcut, guideline, "guidelineZh", keywords, archived, "aliasOfId", "order" FROM "Label" WHERE "projectId" = ${projectId}`,
  )
  return taxonomyOf(rows)
}

/** The taxonomy of these labels: the one in the database now, or one rebuilt as of a version (lib/taxonomy/as-of-version.ts). */
export function taxonomyOf(rows: readonly LabelRow[]): Taxonomy {
  const tree = new LabelTree(rows)
  const labels: TaxonomyLabel[] = tree.labels.map((row) => ({
    id: row.id,
    parentId: row.parentId,
    path: tree.path(row.id),
    name: row.name,
    en: row.en,
    color: row.color,
    shortcut: row.shortcut,
    guideline: row.guideline,
    guidelineZh: row.guidelineZh,
    keywords: row.keywords,
    archived: row.archived,
    aliasOfId: row.aliasOfId,
  }))
  return { labels, tree, byId: new Map(labels.map((l) => [l.id, l])), topLabels: tree.roots().map((l) => l.name) }
}

export { pathString }

/** The label and every label below it. */
export function subtreeIds(taxonomy: Taxonomy, rootId: string): string[] {
  return taxonomy.tree.subtreeIds(rootId)
}

/** One change of the taxonomy as an export's manifest lists it (issue 13): what moved, and when. */
export interface TaxonomyChange {
  version: number
  action: string
  label_id: string | null
  label: string | null
  at: string
  before: unknown
  after: unknown
}

/** Every change of the project's taxonomy, oldest first, with the label's path as it is now (or its last name, when deleted). */
export async function loadTaxonomyChanges(client: Connection, projectId: string, taxonomy: Taxonomy): Promise<TaxonomyChange[]> {
  const rows = await client.query<{ version: number; action: string; labelId: string | null; before: { name?: string } | null; after: { name?: string } | null; createdAt: Date }>(
    sql`SELECT version, action::text, "labelId", before, after, "createdAt" FROM "TaxonomyEvent" WHERE "projectId" = ${projectId} ORDER BY seq`,
  )
  return rows.map((r) => {
    const label = r.labelId ? taxonomy.byId.get(r.labelId) : undefined
    return {
      version: r.version,
      action: r.action,
      label_id: r.labelId,
      label: label ? pathString(label.path) : (r.after?.name ?? r.before?.name ?? null),
      at: r.createdAt.toISOString(),
      before: r.before,
      after: r.after,
    }
  })
}
