import { listProjectsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { listProjects } from '@/lib/services/projects'

export const GET = handle(listProjectsEndpoint, async ({ actor }) => ({ items: await listProjects(actor) }))
