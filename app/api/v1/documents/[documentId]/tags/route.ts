import { createTagEndpoint, listTagsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { createTag, listTags } from '@/lib/services/tags'

export const GET = handle(listTagsEndpoint, ({ actor, params }) => listTags(actor, params))

export const POST = handle(createTagEndpoint, ({ actor, params, body }) => createTag(actor, { ...body, documentId: params.documentId }))
