// The curation endpoints (docs/decisions/0025): a document's curation state and one decision; listed in allEndpoints.
import { documentParams } from '../schemas/documents'
import { curationDecisionSchema, curationStateSchema } from '../schemas/curation'
import { endpoint } from './endpoint-spec'

export const curationStateEndpoint = endpoint({
  method: 'get',
  path: '/documents/{documentId}/curation',
  summary:
    "A document's curation (reviewers): the annotators' tags grouped into rows where they overlap, agreements (same span and label from every annotator) proposed as gold, each row's decision and gold tags, progress and history",
  tag: 'Curation',
  permission: { action: 'tag.review', of: 'documentId' },
  params: documentParams,
  response: curationStateSchema,
  errors: [403, 404],
})

export const curationDecisionEndpoint = endpoint({
  method: 'post',
  path: '/documents/{documentId}/curation',
  summary:
    "Decide a curation row (reviewers): accept an agreement (or every undecided one), take one annotator's tags, fix a span and label, or drop the row. Re-deciding supersedes the row's gold tags and keeps the history. Answers the curation as it is now",
  tag: 'Curation',
  permission: { action: 'tag.review', of: 'documentId' },
  params: documentParams,
  body: curationDecisionSchema,
  response: curationStateSchema,
  errors: [403, 404, 409],
})

export const curationEndpoints = [curationStateEndpoint, curationDecisionEndpoint]
