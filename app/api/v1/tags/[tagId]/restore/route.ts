import { restoreTagEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { restoreTag } from '@/lib/services/tags'

export const POST = handle(restoreTagEndpoint, ({ actor, params, body }) => restoreTag(actor, { tagId: params.tagId, version: body.version }))
