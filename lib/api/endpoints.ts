// Every /api/v1 endpoint, in one list: route files implement them, openapi.ts documents them.
import { z } from 'zod'
import { createDocumentSchema, deleteDocumentResultSchema, documentEventListSchema, documentListQuery, documentPageSchema, documentParams, documentSchema, updateDocumentSchema } from '../schemas/documents'
import { assignEvenlySchema, assignmentListSchema, assignmentSchema, setAssignmentSchema, setMemberAssignmentSchema } from '../schemas/assignments'
import { labelTreeSchema, projectListSchema, projectParams, projectSchema, updateProjectSchema } from '../schemas/projects'
import { reasonListSchema, reviewQueueQuery, reviewQueueSchema, reviewSchema, tagEventListSchema } from '../schemas/review'
import { createTagSchema, tagListSchema, tagParams, tagSchema, updateTagSchema, versionQuery } from '../schemas/tags'
import { deleteExportResultSchema, exportListSchema, exportParams, exportPreviewRequestSchema, exportPreviewSchema, exportRequestSchema, exportSchema } from '../schemas/exports'
import { versionSchema } from '../schemas/common'
import { endpoint } from './endpoint-spec'
import { importCorpusEndpoint } from './import-endpoints'
import { ingestEndpoints } from './ingest-endpoints'
import { accountEndpoints } from './account-endpoints'
import { memberEndpoints } from './member-endpoints'
import { teamEndpoints } from './team-endpoints'
import { taxonomyEndpoints } from './taxonomy-endpoints'
import { curationEndpoints } from './curation-endpoints'
import { commentEndpoints } from './comment-endpoints'
import { suggestionEndpoints } from './suggestion-endpoints'
import { researchEndpoints } from './research-endpoints'
import { researchViewsEndpoints } from './research-views-endpoints'

export const listProjectsEndpoint = endpoint({
  method: 'get',
  path: '/projects',
  summary: 'List the projects you are a member of, with your role in each',
  tag: 'Projects',
  permission: 'authenticated',
  response: projectListSchema,
})

export const updateProjectEndpoint = endpoint({
  method: 'patch',
  path: '/projects/{projectId}',
  summary: "Change a project's settings (managers): blind mode, description",
  tag: 'Projects',
  permission: { action: 'project.configure', of: 'projectId' },
  params: projectParams,
  body: updateProjectSchema,
  response: projectSchema,
  errors: [403, 404],
})

export const listLabelsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/labels',
  summary: "The project's taxonomy as a tree",
  tag: 'Taxonomy',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: z.object({ includeArchived: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
  response: labelTreeSchema,
  errors: [404],
})

export const listDocumentsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/documents',
  summary: 'List documents, paginated, filterable by province, report year and title',
  tag: 'Documents',
  permission: { action: 'document.read', of: 'projectId' },
  params: projectParams,
  query: documentListQuery,
  response: documentPageSchema,
  errors: [404],
})

export const createDocumentEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/documents',
  summary: 'Create a document from its text and metadata (managers)',
  tag: 'Documents',
  permission: { action: 'document.import', of: 'projectId' },
  params: projectParams,
  body: createDocumentSchema,
  response: documentSchema,
  status: 201,
  errors: [403, 404, 409],
})

export const getDocumentEndpoint = endpoint({
  method: 'get',
  path: '/documents/{documentId}',
  summary: 'Read a document: its text and metadata',
  tag: 'Documents',
  permission: { action: 'document.read', of: 'documentId' },
  params: documentParams,
  response: documentSchema,
  errors: [404],
})

export const updateDocumentEndpoint = endpoint({
  method: 'patch',
  path: '/documents/{documentId}',
  summary: "Correct a document's title and metadata (managers); the text is immutable. Each change is recorded in the history",
  tag: 'Documents',
  permission: { action: 'document.edit', of: 'documentId' },
  params: documentParams,
  body: updateDocumentSchema,
  response: documentSchema,
  errors: [403, 404, 409],
})

export const archiveDocumentEndpoint = endpoint({
  method: 'post',
  path: '/documents/{documentId}/archive',
  summary: 'Archive a document (managers): hidden from lists, the review queue, counts and exports; read-only; its tags and history are kept',
  tag: 'Documents',
  permission: { action: 'document.edit', of: 'documentId' },
  params: documentParams,
  response: documentSchema,
  errors: [403, 404, 409],
})

export const restoreDocumentEndpoint = endpoint({
  method: 'post',
  path: '/documents/{documentId}/restore',
  summary: 'Bring an archived document back (managers)',
  tag: 'Documents',
  permission: { action: 'document.edit', of: 'documentId' },
  params: documentParams,
  response: documentSchema,
  errors: [403, 404, 409],
})

export const deleteDocumentEndpoint = endpoint({
  method: 'delete',
  path: '/documents/{documentId}',
  summary: 'Delete a document that has no tags (managers); one with tags gets 409: archive it instead',
  tag: 'Documents',
  permission: { action: 'document.edit', of: 'documentId' },
  params: documentParams,
  response: deleteDocumentResultSchema,
  errors: [403, 404, 409],
})

export const listDocumentEventsEndpoint = endpoint({
  method: 'get',
  path: '/documents/{documentId}/events',
  summary: "A document's history: metadata edits, archive and restore, who and when, oldest first",
  tag: 'Documents',
  permission: { action: 'document.read', of: 'documentId' },
  params: documentParams,
  response: documentEventListSchema,
  errors: [404],
})

export const listTagsEndpoint = endpoint({
  method: 'get',
  path: '/documents/{documentId}/tags',
  summary: "A document's tags you may see (in blind mode an annotator sees only their own)",
  tag: 'Tags',
  permission: { action: 'document.read', of: 'documentId' },
  params: documentParams,
  response: tagListSchema,
  errors: [404],
})

export const createTagEndpoint = endpoint({
  method: 'post',
  path: '/documents/{documentId}/tags',
  summary: 'Tag a passage. start/end are code points, end exclusive; quote must equal text[start:end] (else 409)',
  tag: 'Tags',
  permission: { action: 'tag.write', of: 'documentId' },
  params: documentParams,
  body: createTagSchema,
  response: tagSchema,
  status: 201,
  errors: [403, 404, 409],
})

export const updateTagEndpoint = endpoint({
  method: 'patch',
  path: '/tags/{tagId}',
  summary: 'Change your own tag (span and/or label) while it is not approved; carries the version you saw',
  tag: 'Tags',
  permission: { action: 'tag.write', of: 'tagId' },
  params: tagParams,
  body: updateTagSchema,
  response: tagSchema,
  errors: [403, 404, 409],
})

export const deleteTagEndpoint = endpoint({
  method: 'delete',
  path: '/tags/{tagId}',
  summary: 'Delete your own tag while it is not approved (kept in history; can be restored)',
  tag: 'Tags',
  permission: { action: 'tag.write', of: 'tagId' },
  params: tagParams,
  query: versionQuery,
  response: tagSchema,
  errors: [403, 404, 409],
})

export const restoreTagEndpoint = endpoint({
  method: 'post',
  path: '/tags/{tagId}/restore',
  summary: 'Restore your own deleted tag (undo a delete)',
  tag: 'Tags',
  permission: { action: 'tag.write', of: 'tagId' },
  params: tagParams,
  body: z.object({ version: versionSchema }).strict(),
  response: tagSchema,
  errors: [403, 404, 409],
})

export const setAssignmentEndpoint = endpoint({
  method: 'put',
  path: '/documents/{documentId}/assignment',
  summary: 'Set your own work state on a document (todo, in_progress, done)',
  tag: 'Documents',
  permission: { action: 'tag.write', of: 'documentId' },
  params: documentParams,
  body: setAssignmentSchema,
  response: assignmentSchema,
  errors: [403, 404],
})

export const reviewTagEndpoint = endpoint({
  method: 'post',
  path: '/tags/{tagId}/review',
  summary: 'Approve, reject, send back or reopen a tag (reviewers). Carries the version; a stale one gets 409 with the current tag',
  tag: 'Review',
  permission: { action: 'tag.review', of: 'tagId' },
  params: tagParams,
  body: reviewSchema,
  response: tagSchema,
  errors: [403, 404, 409],
})

export const tagEventsEndpoint = endpoint({
  method: 'get',
  path: '/tags/{tagId}/events',
  summary: "A tag's full history: who, what, before and after, reason, when",
  tag: 'Review',
  permission: { action: 'document.read', of: 'tagId' },
  params: tagParams,
  response: tagEventListSchema,
  errors: [404],
})

export const reviewQueueEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/review-queue',
  summary: 'Tags in one review state (default pending), filterable by label (with sub-labels), annotator, document, source and age',
  tag: 'Review',
  permission: { action: 'tag.review', of: 'projectId' },
  params: projectParams,
  query: reviewQueueQuery,
  response: reviewQueueSchema,
  errors: [403, 404],
})

export const myRevisionsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/my-revisions',
  summary: 'Your own tags sent back for revision, with the reviewer’s reason',
  tag: 'Review',
  permission: { action: 'tag.write', of: 'projectId' },
  params: projectParams,
  response: reviewQueueSchema,
  errors: [404],
})

export const reviewReasonsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/review-reasons',
  summary: 'The reason codes reviewers pick from',
  tag: 'Review',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  response: reasonListSchema,
  errors: [404],
})

const agreementSchema = z
  .looseObject({
    annotators: z.array(z.string()),
    names: z.record(z.string(), z.string()),
    levels: z.array(z.unknown()).describe('Per level: {level, pairs: [{annotatorA, annotatorB, documents, chars, labels: [...], macro}], summary}'),
    computedInMs: z.number(),
  })
  .meta({ id: 'Agreement', description: 'Per level and pair of annotators: exact-span F1, character-overlap F1 and Cohen’s kappa over characters, per label and macro-averaged, with the counts behind each' })

export const agreementEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/agreement',
  summary: 'Inter-annotator agreement (reviewers)',
  tag: 'Review',
  permission: { action: 'agreement.read', of: 'projectId' },
  params: projectParams,
  response: agreementSchema,
  errors: [403, 404],
})

export const listAssignmentsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/assignments',
  summary: 'Who is assigned to which document, and their state (managers)',
  tag: 'Assignments',
  permission: { action: 'assignment.manage', of: 'projectId' },
  params: projectParams,
  response: assignmentListSchema,
  errors: [403, 404],
})

export const setMemberAssignmentEndpoint = endpoint({
  method: 'put',
  path: '/projects/{projectId}/assignments',
  summary: 'Assign an annotator to a document, or take the assignment away (managers)',
  tag: 'Assignments',
  permission: { action: 'assignment.manage', of: 'projectId' },
  params: projectParams,
  body: setMemberAssignmentSchema,
  response: setMemberAssignmentSchema,
  errors: [403, 404],
})

export const assignEvenlyEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/assignments/even',
  summary: 'Give every document N annotators, spreading the work evenly (managers)',
  tag: 'Assignments',
  permission: { action: 'assignment.manage', of: 'projectId' },
  params: projectParams,
  body: assignEvenlySchema,
  response: z.object({ created: z.number().int(), documents: z.number().int() }),
  errors: [403, 404],
})

export const previewExportEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/exports/preview',
  summary: 'How many documents and spans an export with these filters, layer and taxonomy version would hold, per label and status',
  tag: 'Exports',
  permission: { action: 'export', of: 'projectId' },
  params: projectParams,
  body: exportPreviewRequestSchema,
  response: exportPreviewSchema,
  errors: [403, 404],
})

export const createExportEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/exports',
  summary: 'Start an export job (default: approved tags only); follow it with GET /exports/{exportId}',
  tag: 'Exports',
  permission: { action: 'export', of: 'projectId' },
  params: projectParams,
  body: exportRequestSchema,
  response: exportSchema,
  status: 202,
  errors: [403, 404, 409],
})

export const listExportsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/exports',
  summary: "The project's exports, newest first",
  tag: 'Exports',
  permission: { action: 'export', of: 'projectId' },
  params: projectParams,
  response: exportListSchema,
  errors: [403, 404],
})

export const getExportEndpoint = endpoint({
  method: 'get',
  path: '/exports/{exportId}',
  summary: 'An export job: status (queued, running, done, failed), progress, and its manifest once done',
  tag: 'Exports',
  permission: { action: 'export', of: 'exportId' },
  params: exportParams,
  response: exportSchema,
  errors: [403, 404],
})

export const deleteExportEndpoint = endpoint({
  method: 'delete',
  path: '/exports/{exportId}',
  summary: 'Delete an export and its file, or cancel it while it runs (whoever started it, or a manager)',
  tag: 'Exports',
  permission: { action: 'export', of: 'exportId' },
  params: exportParams,
  response: deleteExportResultSchema,
  errors: [403, 404],
})

export const downloadExportEndpoint = endpoint({
  method: 'get',
  path: '/exports/{exportId}/download',
  summary: 'Download a finished export: a zip of the data files, manifest.json and the README.md dataset card',
  tag: 'Exports',
  permission: { action: 'export', of: 'exportId' },
  params: exportParams,
  file: { contentType: 'application/zip', description: 'The export as a zip' },
  errors: [403, 404, 409],
})

export const allEndpoints = [
  listProjectsEndpoint,
  updateProjectEndpoint,
  listLabelsEndpoint,
  listDocumentsEndpoint,
  createDocumentEndpoint,
  getDocumentEndpoint,
  updateDocumentEndpoint,
  archiveDocumentEndpoint,
  restoreDocumentEndpoint,
  deleteDocumentEndpoint,
  listDocumentEventsEndpoint,
  listTagsEndpoint,
  createTagEndpoint,
  updateTagEndpoint,
  deleteTagEndpoint,
  restoreTagEndpoint,
  setAssignmentEndpoint,
  reviewTagEndpoint,
  tagEventsEndpoint,
  reviewQueueEndpoint,
  myRevisionsEndpoint,
  reviewReasonsEndpoint,
  agreementEndpoint,
  listAssignmentsEndpoint,
  setMemberAssignmentEndpoint,
  assignEvenlyEndpoint,
  previewExportEndpoint,
  createExportEndpoint,
  listExportsEndpoint,
  getExportEndpoint,
  deleteExportEndpoint,
  downloadExportEndpoint,
  importCorpusEndpoint,
  ...ingestEndpoints,
  ...memberEndpoints,
  ...teamEndpoints,
  ...accountEndpoints,
  ...taxonomyEndpoints,
  ...curationEndpoints,
  ...commentEndpoints,
  ...suggestionEndpoints,
  ...researchEndpoints,
  ...researchViewsEndpoints,
]
