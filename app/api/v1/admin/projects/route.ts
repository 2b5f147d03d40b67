import { handle } from '@/lib/api/endpoint'
import { listAllProjectsEndpoint } from '@/lib/api/team-endpoints'
import { listAllProjects } from '@/lib/services/projects'

export const GET = handle(listAllProjectsEndpoint, ({ actor }) => listAllProjects(actor))
