// A project of its own for specs that write tags: a copy of the demo taxonomy, the demo users as
// members, and documents made for the test. Tags cannot be deleted once they have history (TagEvent
// is append-only), so these projects stay in the throw-away test database; they are named
// "e2e-…" and never touch the demo project that other specs count on.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { sha256 } from '../lib/services/documents'
import { roleUsers, type Role } from './roles'

export interface Workspace {
  projectId: string
  /** Label id by path, e.g. "三项制度/行政执法公示制度". */
  label: (path: string) => string
  /** A document with the text as given; `metadata` sets where and when the report is from. */
  addDocument: (title: string, text: string, metadata?: ReportMetadata) => Promise<string>
}

export interface ReportMetadata {
  province?: string
  city?: string
  reportYear?: number
  level?: string
}

export async function createWorkspace(sql: pg.Pool, options: { blindMode?: boolean; roles?: Partial<Record<Role, 'annotator' | 'reviewer' | 'manager'>> } = {}): Promise<Workspace> {
  const projectId = `e2e-${randomUUID()}`
  await sql.query('INSERT INTO "Project" (id, name, "blindMode") VALUES ($1, $2, $3)', [projectId, projectId, options.blindMode ?? true])
  const roles = options.roles ?? { manager: 'manager', reviewer: 'reviewer', annotator: 'annotator', annotator2: 'annotator' }
  for (const [role, projectRole] of Object.entries(roles)) {
    await sql.query('INSERT INTO "Membership" (id, "projectId", "userId", role) SELECT $1, $2, id, $3 FROM "User" WHERE email = $4', [
      randomUUID(),
      projectId,
      projectRole,
      roleUsers[role as Role],
    ])
  }
  // Copy the demo taxonomy, parents first, keeping names, keys and colours.
  const { rows: demo } = await sql.query<{ id: string; parentId: string | null; name: string; en: string; color: string; shortcut: string | null; guideline: string; guidelineZh: string; order: number }>(
    `SELECT l.id, l."parentId", l.name, l.en, l.color, l.shortcut, l.guideline, l."guidelineZh", l."order" FROM "Label" l JOIN "Project" p ON p.id = l."projectId"
     WHERE p.name = '法治政府建设年度报告' ORDER BY l."parentId" NULLS FIRST, l."order"`,
  )
  const newId = new Map<string, string>()
  const paths = new Map<string, string>()
  for (const l of demo) {
    const id = randomUUID()
    newId.set(l.id, id)
    const parentPath = l.parentId ? paths.get(newId.get(l.parentId)!) : null
    paths.set(id, parentPath ? `${parentPath}/${l.name}` : l.name)
    await sql.query('INSERT INTO "Label" (id, "projectId", "parentId", name, en, color, shortcut, guideline, "guidelineZh", "order") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)', [
      id,
      projectId,
      l.parentId ? newId.get(l.parentId) : null,
      l.name,
      l.en,
      l.color,
      l.shortcut,
      l.guideline,
      l.guidelineZh,
      l.order,
    ])
  }
  const byPath = new Map([...paths].map(([id, path]) => [path, id]))
  return {
    projectId,
    label: (path) => {
      const id = byPath.get(path)
      if (!id) throw new Error(`No label ${path} in the workspace`)
      return id
    },
    addDocument: async (title, text, metadata = {}) => {
      const id = randomUUID()
      await sql.query('INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length, province, city, "reportYear", level) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        id,
        projectId,
        title,
        text,
        sha256(text),
        Array.from(text).length,
        metadata.province ?? null,
        metadata.city ?? null,
        metadata.reportYear ?? null,
        metadata.level ?? null,
      ])
      return id
    },
  }
}
