import { listProjectsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { createProjectEndpoint } from '@/lib/api/team-endpoints'
import { createProject, listProjects } from '@/lib/services/projects'

export const GET = handle(listProjectsEndpoint, async ({ actor }) => ({ items: await listProjects(actor) }))
export const POST = handle(createProjectEndpoint, ({ actor, body }) => createProject(actor, body))
