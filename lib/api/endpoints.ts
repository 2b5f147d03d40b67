// Every /api/v1 endpoint, in one list: route files implement them, openapi.ts documents them.
import { z } from 'zod'
import { createDocumentSchema, documentListQuery, documentPageSchema, documentParams, documentSchema } from '../schemas/documents'
import { labelTreeSchema, projectListSchema, projectParams } from '../schemas/projects'
import { endpoint } from './endpoint'

export const listProjectsEndpoint = endpoint({
  method: 'get',
  path: '/projects',
  summary: 'List the projects you are a member of, with your role in each',
  tag: 'Projects',
  response: projectListSchema,
})

export const listLabelsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/labels',
  summary: "The project's taxonomy as a tree",
  tag: 'Taxonomy',
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
  params: documentParams,
  response: documentSchema,
  errors: [404],
})

export const allEndpoints = [listProjectsEndpoint, listLabelsEndpoint, listDocumentsEndpoint, createDocumentEndpoint, getDocumentEndpoint]
