import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import demoTaxonomy from '../../seeds/corpus/taxonomy.json'
import type { Actor } from '../auth/actor'
import { authorizeInstance, authorizeProject } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql, withTransaction, type Connection } from '../db/sql'
import { conflict, invalid, notFound } from '../errors'
import type { ProjectRole } from '../generated/prisma/enums'
import { issueSentences, taxonomyFileSchema, type AdminProjectView, type createProjectSchema, type LabelNode, type TaxonomyFileLabel } from '../schemas/projects'
import { childColors } from '../taxonomy/colors'
import { LabelTree } from '../taxonomy/tree'
import { writeAudit } from './audit'

export async function listProjects(actor: Actor, only?: string) {
  const projects = await db.project.findMany({
    // Archived projects are out of the lists; a member still opens one by its address (read-only).
    where: { id: { in: only ? [only] : [...actor.roles.keys()] }, ...(only ? {} : { archivedAt: null }) },
    orderBy: { name: 'asc' },
    // Archived documents are out of every count.
    include: { _count: { select: { documents: { where: { archivedAt: null } } } } },
  })
  return projects.map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    role: actor.roles.get(p.id)!,
    blindMode: p.blindMode,
    taxonomyVersion: p.taxonomyVersion,
    documentCount: p._count.documents,
    exportRole: p.exportRole,
    selfApproval: p.selfApproval,
    maxSpanLength: p.maxSpanLength,
    archived: p.archivedAt !== null,
  }))
}

export async function getProject(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const [project] = await listProjects(actor, input.projectId)
  if (!project) throw notFound('The project', { key: 'project.notFound' })
  return project
}

/** The taxonomy as a tree, siblings in their order. */
export async function getLabelTree(actor: Actor, input: { projectId: string; includeArchived?: boolean }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const [project, rows] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { taxonomyVersion: true } }),
    // Siblings are ordered by lib/taxonomy/tree.ts, not by SQL: one order, whatever the database's collation.
    db.label.findMany({ where: { projectId: input.projectId, ...(input.includeArchived ? {} : { archived: false }) } }),
  ])
  const labels = new LabelTree(rows).nest<LabelNode>((l, children, path) => ({
    id: l.id,
    name: l.name,
    en: l.en,
    path,
    color: l.color,
    shortcut: l.shortcut,
    guideline: l.guideline,
    guidelineZh: l.guidelineZh,
    keywords: l.keywords,
    order: l.order,
    archived: l.archived,
    aliasOfId: l.aliasOfId,
    version: l.version,
    children,
  }))
  return { taxonomyVersion: project.taxonomyVersion, labels }
}

/** Project settings a manager may change. Blind mode: annotators see only their own tags until review. */
export async function updateProjectSettings(
  actor: Actor,
  input: { projectId: string; blindMode?: boolean; description?: string; reviewReasons?: { code: string; zh: string; en: string }[]; exportRole?: ProjectRole; selfApproval?: boolean; maxSpanLength?: number },
) {
  authorizeProject(actor, input.projectId, 'project.configure')
  await db.project.update({
    where: { id: input.projectId },
    data: {
      ...(input.blindMode === undefined ? {} : { blindMode: input.blindMode }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.reviewReasons === undefined ? {} : { reviewReasons: input.reviewReasons }),
      ...(input.exportRole === undefined ? {} : { exportRole: input.exportRole }),
      ...(input.selfApproval === undefined ? {} : { selfApproval: input.selfApproval }),
      ...(input.maxSpanLength === undefined ? {} : { maxSpanLength: input.maxSpanLength }),
    },
  })
  return getProject(actor, { projectId: input.projectId })
}

// ── Creating and administering projects (instance admins; issue 12). Every change is in the audit log.

/** The demo taxonomy (seeds/corpus/taxonomy.json), parsed as any uploaded one is. */
export function demoTaxonomyLabels(): TaxonomyFileLabel[] {
  return taxonomyFileSchema.parse(demoTaxonomy).labels
}

/** A taxonomy file's text, parsed; refusals name the place in the file. */
export function parseTaxonomyFile(text: string): TaxonomyFileLabel[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw invalid(`The taxonomy file is not JSON: ${(error as Error).message}.`, undefined, { key: 'projects.taxonomyNotJson' })
  }
  const parsed = taxonomyFileSchema.safeParse(json)
  if (!parsed.success) {
    const sentences = issueSentences(parsed.error)
    throw invalid(`The taxonomy file cannot be used: ${sentences.join(' ')}`, undefined, { key: 'projects.taxonomyInvalid', values: { problems: sentences.join(' ') } })
  }
  return parsed.data.labels
}

/** Writes a label tree under the project, siblings in file order; sub-labels take their parent's hue (as the seed does). */
async function insertLabels(tx: Connection, projectId: string, labels: TaxonomyFileLabel[], parent: { id: string; color: string } | null): Promise<number> {
  const colors = parent ? childColors(parent.color, labels.length) : []
  let count = 0
  for (const [i, label] of labels.entries()) {
    const id = randomUUID()
    const color = label.color ?? colors[i] ?? '#64748b'
    const shortcut = label.key ?? (parent && i < 9 ? String(i + 1) : null)
    await tx.query(sql`INSERT INTO "Label" (id, "projectId", "parentId", name, en, color, shortcut, guideline, "guidelineZh", keywords, "order")
      VALUES (${id}, ${projectId}, ${parent?.id ?? null}, ${label.name}, ${label.en}, ${color}, ${shortcut}, ${label.guideline}, ${label.guideline_zh ?? ''}, ${label.keywords}::text[], ${i})`)
    count += 1 + (await insertLabels(tx, projectId, label.children, { id, color }))
  }
  return count
}

const nameTaken = (name: string) => conflict(`A project named “${name}” already exists; choose another name.`, undefined, { key: 'projects.nameTaken', values: { name } })

/** A new project with its starting taxonomy; the admin who creates it is its first manager (to add the team). */
export async function createProject(actor: Actor, input: z.output<typeof createProjectSchema>) {
  authorizeInstance(actor, 'project.create')
  const labels = input.taxonomy === 'empty' ? [] : input.taxonomy === 'demo' ? demoTaxonomyLabels() : input.taxonomy.labels
  const projectId = await withTransaction(async (tx) => {
    const id = randomUUID()
    const inserted = await tx.query<{ id: string }>(sql`INSERT INTO "Project" (id, name, description) VALUES (${id}, ${input.name}, ${input.description}) ON CONFLICT (name) DO NOTHING RETURNING id`)
    if (!inserted.length) throw nameTaken(input.name)
    const labelCount = await insertLabels(tx, id, labels, null)
    await tx.query(sql`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES (${randomUUID()}, ${id}, ${actor.id}, 'manager')`)
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'project.created',
      projectId: id,
      before: null,
      after: { name: input.name, description: input.description, taxonomy: typeof input.taxonomy === 'string' ? input.taxonomy : 'file', labels: labelCount },
    })
    return id
  })
  // The creator's actor does not know the new membership yet.
  return getProject({ ...actor, roles: new Map([...actor.roles, [projectId, 'manager']]) }, { projectId })
}

interface AdminProjectRow extends Omit<AdminProjectView, 'createdAt'> {
  createdAt: Date
}

const adminProjectColumns = sql`p.id, p.name, p.description, p."archivedAt" IS NOT NULL AS archived, p."createdAt",
  (SELECT count(*)::int FROM "Membership" m WHERE m."projectId" = p.id) AS "memberCount",
  (SELECT count(*)::int FROM "Document" d WHERE d."projectId" = p.id AND d."archivedAt" IS NULL) AS "documentCount",
  (SELECT count(*)::int FROM "Label" l WHERE l."projectId" = p.id AND NOT l.archived) AS "labelCount",
  coalesce((SELECT array_agg(u.name ORDER BY u.name) FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."projectId" = p.id AND m.role = 'manager' AND NOT u.disabled), '{}') AS managers`

const adminProjectView = (r: AdminProjectRow): AdminProjectView => ({ ...r, createdAt: r.createdAt.toISOString() })

/** Every project of the instance, archived ones too, for the admin page. */
export async function listAllProjects(actor: Actor): Promise<{ items: AdminProjectView[] }> {
  authorizeInstance(actor, 'project.manage')
  const rows = await query<AdminProjectRow>(sql`SELECT ${adminProjectColumns} FROM "Project" p ORDER BY p."archivedAt" IS NOT NULL, p.name`)
  return { items: rows.map(adminProjectView) }
}

/** Rename, archive (read-only, out of the lists) or restore a project. */
export async function administerProject(actor: Actor, input: { projectId: string; name?: string; archived?: boolean }): Promise<AdminProjectView> {
  authorizeInstance(actor, 'project.manage')
  return withTransaction(async (tx) => {
    const [project] = await tx.query<{ name: string; archived: boolean }>(sql`SELECT name, "archivedAt" IS NOT NULL AS archived FROM "Project" WHERE id = ${input.projectId} FOR UPDATE`)
    if (!project) throw notFound('The project', { key: 'permission.projectNotFound' })
    if (input.name !== undefined && input.name !== project.name) {
      const [taken] = await tx.query<{ id: string }>(sql`SELECT id FROM "Project" WHERE name = ${input.name} AND id <> ${input.projectId}`)
      if (taken) throw nameTaken(input.name)
      await tx.query(sql`UPDATE "Project" SET name = ${input.name} WHERE id = ${input.projectId}`)
      await writeAudit(tx, { actorId: actor.id, action: 'project.renamed', projectId: input.projectId, before: { name: project.name }, after: { name: input.name } })
    }
    if (input.archived !== undefined && input.archived !== project.archived) {
      await tx.query(sql`UPDATE "Project" SET "archivedAt" = ${input.archived ? sql`now()` : sql`NULL`} WHERE id = ${input.projectId}`)
      await writeAudit(tx, { actorId: actor.id, action: input.archived ? 'project.archived' : 'project.restored', projectId: input.projectId, before: { archived: project.archived }, after: { archived: input.archived } })
    }
    const [row] = await tx.query<AdminProjectRow>(sql`SELECT ${adminProjectColumns} FROM "Project" p WHERE p.id = ${input.projectId}`)
    return adminProjectView(row)
  })
}
