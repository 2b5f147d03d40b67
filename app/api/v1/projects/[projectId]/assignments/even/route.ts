import { assignEvenlyEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { assignEvenly } from '@/lib/services/assignments'

export const POST = handle(assignEvenlyEndpoint, ({ actor, params, body }) => assignEvenly(actor, { ...body, projectId: params.projectId }))
