// The project's taxonomy as an export sees it: every label with its full path, in tree order.
import { sql, type Connection } from '../db/sql'

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
  const children = new Map<string | null, LabelRow[]>()
  for (const row of rows) children.set(row.parentId, [...(children.get(row.parentId) ?? []), row])
  const labels: TaxonomyLabel[] = []
  const walk = (parentId: string | null, prefix: string[]) => {
    const siblings = (children.get(parentId) ?? []).sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
    for (const row of siblings) {
      const path = [...prefix, row.name]
      labels.push({ id: row.id, parentId: row.parentId, path, name: row.name, en: row.en, color: row.color, shortcut: row.shortcut, guideline: row.guideline, keywords: row.keywords, archived: row.archived })
      walk(row.id, path)
    }
  }
  walk(null, [])
  return { labels, byId: new Map(labels.map((l) => [l.id, l])), topLabels: labels.filter((l) => !l.parentId).map((l) => l.name) }
}

export const pathString = (path: string[]) => path.join('/')

/** The label and every label below it. */
export function subtreeIds(taxonomy: Taxonomy, rootId: string): string[] {
  const ids = [rootId]
  for (let i = 0; i < ids.length; i++) for (const l of taxonomy.labels) if (l.parentId === ids[i]) ids.push(l.id)
  return ids
}
