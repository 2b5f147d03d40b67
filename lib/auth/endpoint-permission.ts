// The permission every /api/v1 endpoint declares (Endpoint.permission in lib/api/endpoint.ts), and
// the check handle() runs with it before it reads the query or body: the project is found from the
// resource named in the path, on the server. The rules themselves stay in permissions.ts; services
// keep their own (finer) checks, such as "your own tag" or what an export holds.
import { query, sql } from '../db/sql'
import { forbidden, notFound } from '../errors'
import type { ProjectRole } from '../generated/prisma/enums'
import type { Actor } from './actor'
import { authorizeExport, authorizeProject, type ProjectAction } from './permissions'

/** The path parameter an endpoint's project is found from. */
export type ResourceParam = 'projectId' | 'documentId' | 'tagId' | 'exportId' | 'batchId' | 'stagedFileId' | 'labelId'

/** `export`: the project's export setting (Project.exportRole; managers always). */
export type ProjectPermission = { action: ProjectAction | 'export'; of: ResourceParam }

/**
 * public: anyone, signed in or not (handlePublic: no actor is looked up); authenticated: any
 * signed-in user or token; browser: a signed-in browser session, not a token (managing sessions and
 * creating tokens); instance.admin: instance admins; otherwise a project action, in the project of
 * the resource the path names.
 */
export type Permission = 'public' | 'authenticated' | 'browser' | 'instance.admin' | ProjectPermission

// The same 404 for a missing resource and one outside the actor's projects: existence is not leaked.
const notFoundOf: Record<ResourceParam, () => Error> = {
  projectId: () => notFound('The project', { key: 'permission.projectNotFound' }),
  documentId: () => notFound('The document', { key: 'permission.documentNotFound' }),
  tagId: () => notFound('The tag', { key: 'permission.tagNotFound' }),
  exportId: () => notFound('The export', { key: 'permission.exportNotFound' }),
  batchId: () => notFound('The import', { key: 'permission.importNotFound' }),
  stagedFileId: () => notFound('The import', { key: 'permission.importNotFound' }),
  labelId: () => notFound('The label', { key: 'taxonomy.labelNotFound' }),
}

interface ProjectRow {
  id: string
  exportRole: ProjectRole
  blindMode: boolean
}

/** The project of the resource, in one query; null when the resource does not exist. */
async function projectOf(of: ResourceParam, id: string): Promise<ProjectRow | null> {
  const columns = sql`p.id, p."exportRole", p."blindMode"`
  const rows =
    of === 'projectId'
      ? await query<ProjectRow>(sql`SELECT ${columns} FROM "Project" p WHERE p.id = ${id}`)
      : of === 'documentId'
        ? await query<ProjectRow>(sql`SELECT ${columns} FROM "Document" d JOIN "Project" p ON p.id = d."projectId" WHERE d.id = ${id}`)
        : of === 'tagId'
          ? await query<ProjectRow>(sql`SELECT ${columns} FROM "Tag" t JOIN "Document" d ON d.id = t."documentId" JOIN "Project" p ON p.id = d."projectId" WHERE t.id = ${id}`)
          : of === 'exportId'
            ? await query<ProjectRow>(sql`SELECT ${columns} FROM "Export" e JOIN "Project" p ON p.id = e."projectId" WHERE e.id = ${id}`)
            : of === 'batchId'
              ? await query<ProjectRow>(sql`SELECT ${columns} FROM "ImportBatch" b JOIN "Project" p ON p.id = b."projectId" WHERE b.id = ${id}`)
              : of === 'labelId'
                ? await query<ProjectRow>(sql`SELECT ${columns} FROM "Label" l JOIN "Project" p ON p.id = l."projectId" WHERE l.id = ${id}`)
                : await query<ProjectRow>(sql`SELECT ${columns} FROM "StagedFile" f JOIN "ImportBatch" b ON b.id = f."batchId" JOIN "Project" p ON p.id = b."projectId" WHERE f.id = ${id}`)
  return rows[0] ?? null
}

/**
 * Refuses the request unless the actor holds the declared permission. A resource that does not
 * exist and one in a project the actor is not a member of get the same 404.
 */
export async function authorizeEndpoint(actor: Actor, permission: Permission, params: Record<string, string> | undefined): Promise<void> {
  if (permission === 'public' || permission === 'authenticated') return
  if (permission === 'browser') {
    if (actor.via !== 'session') throw forbidden('This is done from a signed-in browser, not with an access token.', { key: 'permission.browserOnly' })
    return
  }
  if (permission === 'instance.admin') {
    if (!actor.isAdmin) throw forbidden('Only an instance admin may do this.', { key: 'permission.adminOnly', values: { action: 'other' } })
    return
  }
  const id = params?.[permission.of]
  const project = id ? await projectOf(permission.of, id) : null
  if (!project || !actor.roles.has(project.id)) throw notFoundOf[permission.of]()
  if (permission.action === 'export') authorizeExport(actor, project)
  else authorizeProject(actor, project.id, permission.action)
}
