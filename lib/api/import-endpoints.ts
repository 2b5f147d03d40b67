// The import endpoint (a file as the raw request body); listed in allEndpoints beside the others.
import { projectParams } from '../schemas/projects'
import { importQuery, importResultSchema } from '../schemas/imports'
import { endpoint } from './endpoint-spec'

/** Content types the upload may carry; the body is recognised by its bytes (a zip, or jsonl lines). */
export const importContentTypes = ['application/zip', 'application/x-zip-compressed', 'application/x-ndjson', 'application/jsonl', 'application/octet-stream']

export const importCorpusEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/imports',
  summary:
    "Import a Tagbench jsonl export into this project (managers): documents (a text already here is reused), missing labels, and tags with their status, source, author and reviewer (matched by email). All or nothing; importing the same file twice adds nothing",
  tag: 'Imports',
  permission: { action: 'document.import', of: 'projectId' },
  params: projectParams,
  query: importQuery,
  fileBody: {
    contentTypes: importContentTypes,
    description: 'The export as Tagbench wrote it: its zip (corpus.jsonl or train/dev/test.jsonl, with manifest.json for the taxonomy), or one jsonl file; at most 200 MB',
  },
  response: importResultSchema,
  status: 201,
  errors: [403, 404, 409],
})
