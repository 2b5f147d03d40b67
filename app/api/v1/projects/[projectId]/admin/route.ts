import { handle } from '@/lib/api/endpoint'
import { administerProjectEndpoint } from '@/lib/api/team-endpoints'
import { administerProject } from '@/lib/services/projects'

export const PATCH = handle(administerProjectEndpoint, ({ actor, params, body }) => administerProject(actor, { ...params, ...body }))
