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
  keywords: string[]
  archived: boolean
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
  keywords: string[]
  archived: boolean
  order: number
}

export async function loadTaxonomy(client: Connection, projectId: string): Promise<Taxonomy> {
  const rows = await client.query<LabelRow>(
    sql`SELECT id, "parentId", name, en, color, shortcut, guideline, keywords, archived, "order" FROM "Label" WHERE "projectId" = ${projectId}`,
  )
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
    keywords: row.keywords,
    archived: row.archived,
  }))
  return { labels, tree, byId: new Map(labels.map((l) => [l.id, l])), topLabels: tree.roots().map((l) => l.name) }
}

export { pathString }

/** The label and every label below it. */
export function subtreeIds(taxonomy: Taxonomy, rootId: string): string[] {
  return taxonomy.tree.subtreeIds(rootId)
}
