import { reviewTagEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { reviewTag } from '@/lib/services/review'
import { maybeRetrainAfterApproval } from '@/lib/services/suggestions'

export const POST = handle(reviewTagEndpoint, async ({ actor, params, body }) => {
  const reviewed = await reviewTag(actor, { ...body, tagId: params.tagId })
  // Enough new approvals retrain the suggestion model: a job on the server's queue, never awaited, so it
  // neither slows nor fails the review (maybeRetrain swallows its own errors). Here and not in the
  // service: a script that approves (the demo seed) must not start a queue client that keeps it running.
  if (reviewed.status === 'approved') void maybeRetrainAfterApproval(reviewed.documentId)
  return reviewed
})
