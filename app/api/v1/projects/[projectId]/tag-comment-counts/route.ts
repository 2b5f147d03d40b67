import { commentCountsEndpoint } from '@/lib/api/comment-endpoints'
import { handle } from '@/lib/api/endpoint'
import { commentCounts } from '@/lib/services/comments'

export const GET = handle(commentCountsEndpoint, ({ actor, params, query }) => commentCounts(actor, { projectId: params.projectId, tagIds: query.tagIds }))
