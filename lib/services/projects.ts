import type { Actor } from '../auth/actor'
import { authorizeProject } from '../auth/permissions'
import { db } from '../db/client'
import { notFound } from '../errors'
import type { ProjectRole } from '../generated/prisma/enums'
import type { LabelNode } from '../schemas/projects'
import { LabelTree } from '../taxonomy/tree'

export async function listProjects(actor: Actor, only?: string) {
  const projects = await db.project.findMany({
    where: { id: { in: only ? [only] : [...actor.roles.keys()] } },
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
