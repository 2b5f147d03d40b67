// The file import's endpoints (issue 11): batches, uploads, the staging rows, corrections and the commit.
import { projectParams } from '../schemas/projects'
import {
  batchListSchema,
  batchParams,
  batchSchema,
  bulkEditResultSchema,
  bulkEditSchema,
  commitResultSchema,
  commitSchema,
  createBatchSchema,
  patchStagedSchema,
  stagedDetailSchema,
  stagedFileParams,
  stagedListQuery,
  stagedPageSchema,
  uploadQuery,
  uploadResultSchema,
} from '../schemas/ingest'
import { endpoint } from './endpoint-spec'

const importPermission = (of: 'projectId' | 'batchId' | 'stagedFileId') => ({ action: 'document.import' as const, of })

export const createImportBatchEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/import-batches',
  summary: 'Start an import of raw files (managers): web pages, .docx, .pdf, .txt, zips of them, and a manifest.csv',
  tag: 'File import',
  permission: importPermission('projectId'),
  params: projectParams,
  body: createBatchSchema,
  response: batchSchema,
  status: 201,
  errors: [403, 404],
})

export const listImportBatchesEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/import-batches',
  summary: "The project's imports, newest first, with how many files are read, refused, staged and imported",
  tag: 'File import',
  permission: importPermission('projectId'),
  params: projectParams,
  response: batchListSchema,
  errors: [403, 404],
})

export const getImportBatchEndpoint = endpoint({
  method: 'get',
  path: '/import-batches/{batchId}',
  summary: 'One import with its counts (poll it while files are read)',
  tag: 'File import',
  permission: importPermission('batchId'),
  params: batchParams,
  response: batchSchema,
  errors: [403, 404],
})

export const uploadImportFileEndpoint = endpoint({
  method: 'post',
  path: '/import-batches/{batchId}/files',
  summary:
    'Add one file to the import, as the raw request body; it is read in the background. A zip is unpacked into its files; manifest.csv (file name, URL and metadata columns) fills the metadata and wins over what is read',
  tag: 'File import',
  permission: importPermission('batchId'),
  params: batchParams,
  query: uploadQuery,
  fileBody: { contentTypes: ['application/octet-stream', 'application/zip', 'text/html', 'text/plain', 'text/csv', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], description: 'The file’s bytes, at most 200 MB (a single file other than a zip: at most 50 MB)' },
  response: uploadResultSchema,
  status: 201,
  errors: [403, 404, 409],
})

export const listStagedFilesEndpoint = endpoint({
  method: 'get',
  path: '/import-batches/{batchId}/files',
  summary: 'The staging table: every file with its status, format, encoding, fields (each with its source), warnings and duplicates',
  tag: 'File import',
  permission: importPermission('batchId'),
  params: batchParams,
  query: stagedListQuery,
  response: stagedPageSchema,
  errors: [403, 404],
})

export const bulkEditStagedFilesEndpoint = endpoint({
  method: 'patch',
  path: '/import-batches/{batchId}/files',
  summary: 'Set the same fields on many staged files at once',
  tag: 'File import',
  permission: importPermission('batchId'),
  params: batchParams,
  body: bulkEditSchema,
  response: bulkEditResultSchema,
  errors: [403, 404],
})

export const commitImportEndpoint = endpoint({
  method: 'post',
  path: '/import-batches/{batchId}/commit',
  summary: 'Import the chosen staged files (or all, or those without a warning) as documents, all or none; importing again adds nothing twice',
  tag: 'File import',
  permission: importPermission('batchId'),
  params: batchParams,
  body: commitSchema,
  response: commitResultSchema,
  status: 202,
  errors: [403, 404],
})

export const getStagedFileEndpoint = endpoint({
  method: 'get',
  path: '/staged-files/{stagedFileId}',
  summary: 'One staged file with its whole text (page chrome included) and where the body lies in it, for the preview',
  tag: 'File import',
  permission: importPermission('stagedFileId'),
  params: stagedFileParams,
  response: stagedDetailSchema,
  errors: [403, 404],
})

export const patchStagedFileEndpoint = endpoint({
  method: 'patch',
  path: '/staged-files/{stagedFileId}',
  summary: 'Correct a staged file before import: its fields (null clears a value read) and where its body starts and ends',
  tag: 'File import',
  permission: importPermission('stagedFileId'),
  params: stagedFileParams,
  body: patchStagedSchema,
  response: stagedDetailSchema,
  errors: [403, 404, 409],
})

export const ingestEndpoints = [
  createImportBatchEndpoint,
  listImportBatchesEndpoint,
  getImportBatchEndpoint,
  uploadImportFileEndpoint,
  listStagedFilesEndpoint,
  bulkEditStagedFilesEndpoint,
  commitImportEndpoint,
  getStagedFileEndpoint,
  patchStagedFileEndpoint,
]
