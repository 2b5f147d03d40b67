import { deleteTagEndpoint, updateTagEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { deleteTag, updateTag } from '@/lib/services/tags'

export const PATCH = handle(updateTagEndpoint, ({ actor, params, body }) => updateTag(actor, { ...body, tagId: params.tagId }))

export const DELETE = handle(deleteTagEndpoint, ({ actor, params, query }) => deleteTag(actor, { tagId: params.tagId, version: query.version }))
