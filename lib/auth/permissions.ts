// The one place that decides who may do what. Deny by default: an action not listed here is refused.
// The project is always looked up from the resource on the server, never taken from the client.
import type { ProjectRole } from '../generated/prisma/enums'
import { db } from '../db/client'
import { forbidden, notFound } from '../errors'
import type { Actor } from './actor'

/** Role rank: each role holds every right of the roles below it (DESIGN.md, "Users and roles"). */
const rank: Record<ProjectRole, number> = { annotator: 1, reviewer: 2, manager: 3 }

/** The least role that may take each project action. */
export const minimumRole = {
  'project.read': 'annotator',
  'document.read': 'annotator',
  'tag.write': 'annotator',
  'tag.review': 'reviewer',
  'agreement.read': 'reviewer',
  'document.import': 'manager',
  'document.edit': 'manager',
  'taxonomy.edit': 'manager',
  'assignment.manage': 'manager',
  'members.manage': 'manager',
  'project.configure': 'manager',
} as const satisfies Record<string, ProjectRole>

export type ProjectAction = keyof typeof minimumRole

const actionText: Record<ProjectAction, string> = {
  'project.read': 'read this project',
  'document.read': 'read documents of this project',
  'tag.write': 'tag documents in this project',
  'tag.review': 'review tags in this project',
  'agreement.read': 'see agreement figures of this project',
  'document.import': 'import documents into this project',
  'document.edit': 'edit, archive or delete documents of this project',
  'taxonomy.edit': 'edit the taxonomy of this project',
  'assignment.manage': 'assign documents in this project',
  'members.manage': 'manage the members of this project',
  'project.configure': 'change the settings of this project',
}

export function roleAllows(role: ProjectRole | undefined, action: ProjectAction): boolean {
  return role !== undefined && rank[role] >= rank[minimumRole[action]]
}

/**
 * Checks that the actor may take `action` in the project and returns their role there.
 * Non-members get "not found" (not "forbidden") so that a project's existence does not leak.
 */
export function authorizeProject(actor: Actor, projectId: string, action: ProjectAction): ProjectRole {
  const role = actor.roles.get(projectId)
  if (!role) throw notFound('The project')
  if (!roleAllows(role, action)) {
    throw forbidden(`Your role in this project (${role}) may not ${actionText[action]}; ask a project manager for the ${minimumRole[action]} role.`)
  }
  return role
}

/** Looks up the document's project and checks the action there. */
export async function authorizeDocument(actor: Actor, documentId: string, action: ProjectAction) {
  const document = await db.document.findUnique({ where: { id: documentId }, select: { id: true, projectId: true } })
  if (!document || !actor.roles.has(document.projectId)) throw notFound('The document')
  return { projectId: document.projectId, role: authorizeProject(actor, document.projectId, action) }
}

/**
 * Exporting is the one right a project sets for itself: managers always may, and a manager may
 * open it to reviewers or annotators (Project.exportRole). In blind mode an annotator exports
 * approved tags only, since other annotators' open tags are hidden from them.
 */
export function authorizeExport(actor: Actor, project: { id: string; exportRole: ProjectRole; blindMode: boolean }, statuses?: string[]): ProjectRole {
  const role = actor.roles.get(project.id)
  if (!role) throw notFound('The project')
  if (rank[role] < rank[project.exportRole]) {
    throw forbidden(`Your role in this project (${role}) may not export it; this project lets ${project.exportRole}s and above export. Ask a project manager.`)
  }
  if (statuses && role === 'annotator' && project.blindMode && statuses.some((s) => s !== 'approved')) {
    throw forbidden('In blind mode an annotator may export approved tags only; choose the status "approved".')
  }
  return role
}

export type InstanceAction = 'user.create' | 'user.resetPassword' | 'project.create'

export function authorizeInstance(actor: Actor, action: InstanceAction): void {
  if (!actor.isAdmin) throw forbidden(`Only an instance admin may ${action.replace('.', ' ').replace(/([A-Z])/g, ' $1').toLowerCase()}.`)
}
