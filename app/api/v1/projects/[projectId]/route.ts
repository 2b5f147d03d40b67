import { updateProjectEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { updateProjectSettings } from '@/lib/services/projects'

export const PATCH = handle(updateProjectEndpoint, ({ actor, params, body }) => updateProjectSettings(actor, { ...body, projectId: params.projectId }))
