import { addCommentEndpoint, listCommentsEndpoint } from '@/lib/api/comment-endpoints'
import { handle } from '@/lib/api/endpoint'
import { addComment, listComments } from '@/lib/services/comments'

export const GET = handle(listCommentsEndpoint, ({ actor, params }) => listComments(actor, params))
export const POST = handle(addCommentEndpoint, ({ actor, params, body }) => addComment(actor, { ...body, tagId: params.tagId }))
