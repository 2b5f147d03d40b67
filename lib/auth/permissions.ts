// The one place that decides who may do what. Deny by default: an action not listed here is refused.
// The project is always looked up from the resource on the server, never taken from the client.
import type { ProjectRole } from '../generated/prisma/enums'
import { db } from '../db/client'
import { forbidden, notFound } from '../errors'
import type { Actor } from './actor'

/** Role rank: each role holds every right of the roles below it (docs/architecture.md, "Roles"). */
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

/** What an archived project still allows: it is read-only (Project.archivedAt; an instance admin restores it). */
const readOnlyActions = new Set<ProjectAction>(['project.read', 'document.read', 'agreement.read'])

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

/** An action as an ICU `select` value (a selector cannot hold a dot): 'tag.review' → 'tagReview'. */
const selector = (action: string) => action.replace(/\.(\w)/g, (_, letter: string) => letter.toUpperCase())

/** "X was not found, or you are not a member of its project." with its message key. */
const notFoundIn = (what: 'project' | 'document' | 'export') =>
  notFound(`The ${what}`, { key: `permission.${what}NotFound` })

/**
 * Checks that the actor may take `action` in the project and returns their role there.
 * Non-members get "not found" (not "forbidden") so that a project's existence does not leak.
 */
export function authorizeProject(actor: Actor, projectId: string, action: ProjectAction): ProjectRole {
  return authorize(actor, projectId, action, !readOnlyActions.has(action))
}

/**
 * The same role check for a service that only reads what the action's role may see (the review
 * queue, the import staging, the assignments table): an archived project still shows them.
 */
export function authorizeProjectRead(actor: Actor, projectId: string, action: ProjectAction): ProjectRole {
  return authorize(actor, projectId, action, false)
}

function authorize(actor: Actor, projectId: string, action: ProjectAction, writes: boolean): ProjectRole {
  const role = actor.roles.get(projectId)
  if (!role) throw notFoundIn('project')
  if (writes && actor.archivedProjects?.has(projectId)) {
    throw forbidden('This project is archived, so it is read-only; an instance admin can restore it under Admin → Projects.', { key: 'projects.archivedReadOnly' })
  }
  if (!roleAllows(role, action)) {
    throw forbidden(`Your role in this project (${role}) may not ${actionText[action]}; ask a project manager for the ${minimumRole[action]} role.`, {
      key: 'permission.roleMayNot',
      values: { role, action: selector(action), minimum: minimumRole[action] },
    })
  }
  return role
}

/** Looks up the document's project and checks the action there. */
export async function authorizeDocument(actor: Actor, documentId: string, action: ProjectAction) {
  const document = await db.document.findUnique({ where: { id: documentId }, select: { id: true, projectId: true } })
  if (!document || !actor.roles.has(document.projectId)) throw notFoundIn('document')
  return { projectId: document.projectId, role: authorizeProject(actor, document.projectId, action) }
}

/** Looks up an import batch's project (a staged file's, when `stagedFileId` is given) and checks the action there. */
export async function authorizeImport(actor: Actor, of: { batchId: string } | { stagedFileId: string }, action: ProjectAction = 'document.import', reads = false) {
  const batch =
    'batchId' in of
      ? await db.importBatch.findUnique({ where: { id: of.batchId }, select: { id: true, projectId: true } })
      : (await db.stagedFile.findUnique({ where: { id: of.stagedFileId }, select: { batch: { select: { id: true, projectId: true } } } }))?.batch
  if (!batch || !actor.roles.has(batch.projectId)) throw notFound('The import', { key: 'permission.importNotFound' })
  return { batchId: batch.id, projectId: batch.projectId, role: reads ? authorizeProjectRead(actor, batch.projectId, action) : authorizeProject(actor, batch.projectId, action) }
}

/** What blind mode looks at in a project. */
export interface BlindModeProject {
  blindMode: boolean
}

/**
 * Blind mode: an annotator sees only their own tags until review (reviewers and managers see all).
 * Every place that hides other annotators' open tags asks this.
 */
export function seesOnlyOwnTags(role: ProjectRole | undefined, project: BlindModeProject): boolean {
  return project.blindMode && !roleAllows(role, 'tag.review')
}

/** The project settings the export rules read. */
export interface ExportProject extends BlindModeProject {
  id: string
  exportRole: ProjectRole
}

/**
 * What an export holds, as far as who may read it goes: the tag statuses it selects and, when it
 * is limited to some authors, their ids or e-mails (its request's `status` and `annotators`).
 */
export interface ExportContents {
  statuses: readonly string[]
  annotators?: readonly string[] | null
}

/**
 * Whether the contents show only tags the actor may see anyway: approved tags (reviewed, so no
 * longer hidden), or tags of the actor's own. Annotators are matched by id, or by e-mail whatever
 * its case (as the export's selection matches them).
 */
function holdsOnlyVisibleTags(actor: Actor, contents: ExportContents): boolean {
  if (contents.statuses.length > 0 && contents.statuses.every((status) => status === 'approved')) return true
  const authors = contents.annotators ?? []
  const email = actor.email.toLowerCase()
  return authors.length > 0 && authors.every((author) => author === actor.id || author.toLowerCase() === email)
}

/** The export setting of the project: managers always, and the roles the project opened it to. */
function authorizeExportRole(actor: Actor, project: ExportProject): ProjectRole {
  const role = actor.roles.get(project.id)
  if (!role) throw notFoundIn('project')
  if (rank[role] < rank[project.exportRole]) {
    throw forbidden(`Your role in this project (${role}) may not export it; this project lets ${project.exportRole}s and above export. Ask a project manager.`, {
      key: 'permission.exportRole',
      values: { role, exportRole: project.exportRole },
    })
  }
  return role
}

/**
 * Exporting (preview and start) is the one right a project sets for itself: managers always may,
 * and a manager may open it to reviewers or annotators (Project.exportRole). In blind mode an
 * annotator exports approved tags, or their own tags, only: other annotators' open tags are hidden
 * from them.
 */
export function authorizeExport(actor: Actor, project: ExportProject, contents?: ExportContents): ProjectRole {
  const role = authorizeExportRole(actor, project)
  if (contents && seesOnlyOwnTags(role, project) && !holdsOnlyVisibleTags(actor, contents)) {
    throw forbidden('In blind mode an annotator may export approved tags only; choose the status "approved".', { key: 'permission.blindModeApprovedOnly' })
  }
  return role
}

/**
 * Whether the actor may read (see in the list, open, download) an export with these contents.
 * It depends on what the export holds, not only on the role: in blind mode an annotator may not
 * read a manager's export of other annotators' open tags (issue #17, hole 1). The project's blind
 * mode is read now, not when the export was made.
 */
export function mayReadExport(actor: Actor, project: ExportProject, contents: ExportContents): boolean {
  const role = actor.roles.get(project.id)
  if (!role || rank[role] < rank[project.exportRole]) return false
  return !seesOnlyOwnTags(role, project) || holdsOnlyVisibleTags(actor, contents)
}

/** Throws when the actor may not read the export (see mayReadExport); returns their role. */
export function authorizeExportRead(actor: Actor, project: ExportProject, contents: ExportContents): ProjectRole {
  const role = authorizeExportRole(actor, project)
  if (!mayReadExport(actor, project, contents)) {
    throw forbidden("In blind mode an annotator may read only exports of approved tags or of their own tags; this export holds other annotators' open tags.", {
      key: 'permission.blindModeExportHidden',
    })
  }
  return role
}

/** Whether the export form offers the approved status only (what authorizeExport would allow without an annotator filter). */
export function exportsApprovedOnly(role: ProjectRole, project: BlindModeProject): boolean {
  return seesOnlyOwnTags(role, project)
}

/** The person who started an export, or a project manager, may cancel or delete it (after reading it). */
export function authorizeExportDelete(actor: Actor, exported: { projectId: string; createdById: string }): void {
  if (exported.createdById !== actor.id && actor.roles.get(exported.projectId) !== 'manager') {
    throw forbidden('Only the person who started an export, or a project manager, may cancel or delete it.', { key: 'permission.exportDeleteNotOwner' })
  }
}

/**
 * Personal access tokens are made only in a signed-in session: a token that could mint tokens
 * would outlive its own revocation. Each user lists and revokes only their own (the services
 * select by the actor's id).
 */
export function authorizeTokenCreate(actor: Actor): void {
  if (actor.via === 'token') throw forbidden('A token cannot create tokens; sign in to Settings to create one.', { key: 'permission.tokenCannotCreateTokens' })
}

export type InstanceAction = 'user.create' | 'user.resetPassword' | 'project.create' | 'user.list' | 'user.manage' | 'project.manage' | 'audit.read'

const instanceActionText: Record<InstanceAction, string> = {
  'user.create': 'create users',
  'user.resetPassword': 'reset passwords',
  'project.create': 'create projects',
  'user.list': 'list the users of this instance',
  'user.manage': 'deactivate users or change who is an admin',
  'project.manage': 'rename, archive or restore projects',
  'audit.read': 'read the audit log',
}

export function authorizeInstance(actor: Actor, action: InstanceAction): void {
  if (!actor.isAdmin) throw forbidden(`Only an instance admin may ${instanceActionText[action]}.`, { key: 'permission.adminOnly', values: { action: selector(action) } })
}

/**
 * Approving is review by someone else: the tag's author may approve it only where the project lets
 * reviewers approve their own tags (Project.selfApproval, off by default).
 */
export function authorizeApproval(actor: Actor, tag: { authorId: string }, project: { selfApproval: boolean }): void {
  if (tag.authorId === actor.id && !project.selfApproval) {
    throw forbidden('You wrote this tag, so someone else must approve it; a project manager may let reviewers approve their own tags in the project settings.', {
      key: 'review.selfApproval',
    })
  }
}

/**
 * Comments on a tag (docs/decisions/0025): reviewers and managers may comment on any tag they see;
 * an annotator only on their own tag, to answer a reviewer (once a reviewer gave a reason on it or
 * commented). Others, and annotators on other people's tags, may not.
 */
export function authorizeComment(actor: Actor, tag: { projectId: string; authorId: string }, reviewerHasSpoken: boolean): void {
  const role = actor.roles.get(tag.projectId)
  if (!role) throw notFoundIn('project')
  if (roleAllows(role, 'tag.review')) return
  if (tag.authorId !== actor.id) throw forbidden("Only the tag's author, a reviewer or a manager may comment on this tag.", { key: 'comments.notYours' })
  if (!reviewerHasSpoken) throw forbidden('You can answer here once a reviewer has given a reason on this tag or commented on it.', { key: 'comments.waitForReviewer' })
}
