// The taxonomy editor's endpoints (issue 13): labels are added, changed, merged and deleted by managers;
// the history of changes is readable by every member.
import { z } from 'zod'
import { projectParams, taxonomyFileSchema } from '../schemas/projects'
import {
  createLabelSchema,
  deleteLabelQuery,
  editedLabelSchema,
  labelImpactQuery,
  labelImpactSchema,
  labelParams,
  mergeLabelSchema,
  mergeResultSchema,
  taxonomyEventListSchema,
  taxonomyEventsQuery,
  taxonomyVersionSchema,
  importTaxonomySchema,
  taxonomyImportResultSchema,
  updateLabelSchema,
  assignSplitTagResultSchema,
  assignSplitTagSchema,
  splitLabelSchema,
  splitResultSchema,
  splitReviewSchema,
  labelExampleInputSchema,
  labelExampleListSchema,
  labelExampleSchema,
} from '../schemas/taxonomy'
import { tagParams } from '../schemas/tags'
import { endpoint } from './endpoint-spec'

export const createLabelEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/labels',
  summary: 'Add a label (managers): top-level, or a sub-label of a top-level label; last among its siblings',
  tag: 'Taxonomy',
  permission: { action: 'taxonomy.edit', of: 'projectId' },
  params: projectParams,
  body: createLabelSchema,
  response: editedLabelSchema,
  status: 201,
  errors: [403, 404, 409],
})

export const updateLabelEndpoint = endpoint({
  method: 'patch',
  path: '/labels/{labelId}',
  summary: 'Change a label (managers): name, English gloss, colour, key, guidelines, keywords, parent (a move), order among its siblings, archived. Tags keep their label: they reference its id',
  tag: 'Taxonomy',
  permission: { action: 'taxonomy.edit', of: 'labelId' },
  params: labelParams,
  body: updateLabelSchema,
  response: editedLabelSchema,
  errors: [403, 404, 409],
})

export const deleteLabelEndpoint = endpoint({
  method: 'delete',
  path: '/labels/{labelId}',
  summary: 'Delete a label no tag has used (managers); one with tags gets 409: archive or merge it instead',
  tag: 'Taxonomy',
  permission: { action: 'taxonomy.edit', of: 'labelId' },
  params: labelParams,
  query: deleteLabelQuery,
  response: z.object({ deleted: z.string(), taxonomyVersion: z.number().int() }),
  errors: [403, 404, 409],
})

export const mergeLabelEndpoint = endpoint({
  method: 'post',
  path: '/labels/{labelId}/merge',
  summary: 'Merge a label into another (managers): every tag moves, each with a TagEvent; the merged label stays archived as an alias',
  tag: 'Taxonomy',
  permission: { action: 'taxonomy.edit', of: 'labelId' },
  params: labelParams,
  body: mergeLabelSchema,
  response: mergeResultSchema,
  errors: [403, 404, 409],
})

export const labelImpactEndpoint = endpoint({
  method: 'get',
  path: '/labels/{labelId}/impact',
  summary: 'What a merge, move or archive of this label would touch: tags, approved tags, documents, sub-labels, documents whose agreement changes, and the agreement figures before and after a merge (intoLabelId) or a move (moveTo)',
  tag: 'Taxonomy',
  permission: { action: 'taxonomy.edit', of: 'labelId' },
  params: labelParams,
  query: labelImpactQuery,
  response: labelImpactSchema,
  errors: [403, 404],
})

export const taxonomyEventsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/taxonomy/events',
  summary: "The taxonomy's history (who changed which label how, under which version), oldest first",
  tag: 'Taxonomy',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: taxonomyEventsQuery,
  response: taxonomyEventListSchema,
  errors: [404],
})

export const undoTaxonomyChangeEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/taxonomy/undo',
  summary: "Undo the taxonomy's last change (managers): send the version you saw; a merge's tags move back, a deleted label comes back",
  tag: 'Taxonomy',
  permission: { action: 'taxonomy.edit', of: 'projectId' },
  params: projectParams,
  body: taxonomyVersionSchema,
  response: z.object({ undid: z.number().int(), action: z.string(), taxonomyVersion: z.number().int() }),
  errors: [403, 404, 409],
})

export const exportTaxonomyEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/taxonomy/export',
  summary: 'The taxonomy as a JSON file (labels in use, nested, with both guidelines): the shape the import takes',
  tag: 'Taxonomy',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  response: taxonomyFileSchema,
  errors: [404],
})

export const importTaxonomyEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/taxonomy/import',
  summary: 'Import a taxonomy file into the project, matching labels by path (managers): without apply, the plan of what is added and changed; with it, one taxonomy version. Nothing is removed',
  tag: 'Taxonomy',
  permission: { action: 'taxonomy.edit', of: 'projectId' },
  params: projectParams,
  body: importTaxonomySchema,
  response: taxonomyImportResultSchema,
  errors: [403, 404],
})

export const splitLabelEndpoint = endpoint({
  method: 'post',
  path: '/labels/{labelId}/split',
  summary: "Split a label (managers): make the new labels (sub-labels of a top label, siblings of a sub-label) in one taxonomy version; the label's tags then wait in the split's review list",
  tag: 'Taxonomy',
  permission: { action: 'taxonomy.edit', of: 'labelId' },
  params: labelParams,
  body: splitLabelSchema,
  response: splitResultSchema,
  status: 201,
  errors: [403, 404, 409],
})

export const splitReviewEndpoint = endpoint({
  method: 'get',
  path: '/labels/{labelId}/split',
  summary: "A split label's review list (reviewers): its remaining tags with their text in context, the new labels, the progress",
  tag: 'Taxonomy',
  permission: { action: 'tag.review', of: 'labelId' },
  params: labelParams,
  response: splitReviewSchema,
  errors: [403, 404],
})

export const assignSplitTagEndpoint = endpoint({
  method: 'post',
  path: '/labels/{labelId}/split/assign',
  summary: 'Assign one tag of a split label to one of the new labels, or back to the split label (reviewers): a relabelled TagEvent and a taxonomy version',
  tag: 'Taxonomy',
  permission: { action: 'tag.review', of: 'labelId' },
  params: labelParams,
  body: assignSplitTagSchema,
  response: assignSplitTagResultSchema,
  errors: [403, 404, 409],
})

export const addLabelExampleEndpoint = endpoint({
  method: 'post',
  path: '/tags/{tagId}/example',
  summary: "Link the tag to its label's guideline as an example (reviewers): positive for an approved tag (\"this counts\"), negative for a rejected one (\"this does not\")",
  tag: 'Taxonomy',
  permission: { action: 'tag.review', of: 'tagId' },
  params: tagParams,
  body: labelExampleInputSchema,
  response: labelExampleSchema,
  errors: [403, 404, 409],
})

export const removeLabelExampleEndpoint = endpoint({
  method: 'delete',
  path: '/tags/{tagId}/example',
  summary: "Unlink the tag from its label's examples (reviewers); 409 when it is not an example",
  tag: 'Taxonomy',
  permission: { action: 'tag.review', of: 'tagId' },
  params: tagParams,
  response: z.object({ removed: z.string(), tagId: z.string() }),
  errors: [403, 404, 409],
})

export const labelExamplesEndpoint = endpoint({
  method: 'get',
  path: '/labels/{labelId}/examples',
  summary: "A label's guideline examples (every member): positive first, each with its text in context and, when its tag changed since, how",
  tag: 'Taxonomy',
  permission: { action: 'project.read', of: 'labelId' },
  params: labelParams,
  response: labelExampleListSchema,
  errors: [404],
})

export const taxonomyEndpoints = [exportTaxonomyEndpoint, importTaxonomyEndpoint, createLabelEndpoint, updateLabelEndpoint, deleteLabelEndpoint, mergeLabelEndpoint, labelImpactEndpoint, taxonomyEventsEndpoint, undoTaxonomyChangeEndpoint, splitLabelEndpoint, splitReviewEndpoint, assignSplitTagEndpoint, addLabelExampleEndpoint, removeLabelExampleEndpoint, labelExamplesEndpoint]
