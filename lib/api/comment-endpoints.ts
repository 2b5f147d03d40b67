// The comment endpoints (docs/decisions/0025): a tag's thread, a new comment, and comment counts for list rows; listed in allEndpoints.
import { commentCountsQuery, commentCountsSchema, createCommentSchema, tagCommentListSchema, tagCommentSchema } from '../schemas/comments'
import { projectParams } from '../schemas/projects'
import { tagParams } from '../schemas/tags'
import { endpoint } from './endpoint-spec'

export const listCommentsEndpoint = endpoint({
  method: 'get',
  path: '/tags/{tagId}/comments',
  summary: "A tag's comment thread, oldest first, and whether you may add to it",
  tag: 'Comments',
  permission: { action: 'project.read', of: 'tagId' },
  params: tagParams,
  response: tagCommentListSchema,
  errors: [404],
})

export const addCommentEndpoint = endpoint({
  method: 'post',
  path: '/tags/{tagId}/comments',
  summary: "Add a comment to a tag's thread (append-only): reviewers and managers on any tag; an annotator on their own tag once a reviewer gave a reason or commented",
  tag: 'Comments',
  permission: { action: 'tag.write', of: 'tagId' },
  params: tagParams,
  body: createCommentSchema,
  response: tagCommentSchema,
  status: 201,
  errors: [403, 404, 409],
})

export const commentCountsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/tag-comment-counts',
  summary: 'How many comments each of the given tags has (tags you may not see are left out)',
  tag: 'Comments',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: commentCountsQuery,
  response: commentCountsSchema,
  errors: [404],
})

export const commentEndpoints = [listCommentsEndpoint, addCommentEndpoint, commentCountsEndpoint]
