// The suggestion endpoints (issue 14, docs/decisions/0028); listed in allEndpoints.
import { documentParams } from '../schemas/documents'
import { projectParams } from '../schemas/projects'
import {
  acceptAllResultSchema,
  acceptAllSchema,
  acceptSuggestionSchema,
  computeResultSchema,
  createPatternSchema,
  decisionSchema,
  patternListSchema,
  patternParams,
  patternSchema,
  rejectSuggestionSchema,
  runListSchema,
  runSchema,
  runStateSchema,
  suggestionEvaluationSchema,
  suggestionListSchema,
  suggestionParams,
  suggestionSettingsAnswerSchema,
  trainResultSchema,
  trainSchema,
  updateSuggestionSettingsSchema,
} from '../schemas/suggestions'
import { endpoint } from './endpoint-spec'

export const listSuggestionsEndpoint = endpoint({
  method: 'get',
  path: '/documents/{documentId}/suggestions',
  summary: "A document's open suggestions (sources switched on, at or above their thresholds): start, end, quote, labelId, label_path, source, score",
  tag: 'Suggestions',
  permission: { action: 'document.read', of: 'documentId' },
  params: documentParams,
  response: suggestionListSchema,
  errors: [404],
})

export const computeSuggestionsEndpoint = endpoint({
  method: 'post',
  path: '/documents/{documentId}/suggestions',
  summary: "Compute the document's suggestions now, from the sources the project has on (decided ones are never proposed again)",
  tag: 'Suggestions',
  permission: { action: 'tag.write', of: 'documentId' },
  params: documentParams,
  response: computeResultSchema,
  errors: [403, 404, 409],
})

export const acceptSuggestionEndpoint = endpoint({
  method: 'post',
  path: '/documents/{documentId}/suggestions/{suggestionId}/accept',
  summary: 'Accept a suggestion, as it is or with an adjusted span or label: it becomes your pending tag (source "suggestion"); 409 with its current state when it was already decided',
  tag: 'Suggestions',
  permission: { action: 'tag.write', of: 'documentId' },
  params: suggestionParams,
  body: acceptSuggestionSchema,
  response: decisionSchema,
  status: 201,
  errors: [403, 404, 409],
})

export const rejectSuggestionEndpoint = endpoint({
  method: 'post',
  path: '/documents/{documentId}/suggestions/{suggestionId}/reject',
  summary: 'Reject a suggestion (kept as a negative example, never proposed again); 409 with its current state when it was already decided',
  tag: 'Suggestions',
  permission: { action: 'tag.write', of: 'documentId' },
  params: suggestionParams,
  body: rejectSuggestionSchema,
  response: decisionSchema,
  errors: [403, 404, 409],
})

export const acceptAllSuggestionsEndpoint = endpoint({
  method: 'post',
  path: '/documents/{documentId}/suggestions/accept-all',
  summary: 'Accept every shown suggestion in a section [start, end) scoring at least minScore',
  tag: 'Suggestions',
  permission: { action: 'tag.write', of: 'documentId' },
  params: documentParams,
  body: acceptAllSchema,
  response: acceptAllResultSchema,
  errors: [403, 404],
})

export const trainSuggestionsEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/suggestions/train',
  summary: "Train the project's model on its approved tags now (managers): queued as a job, or in this request with wait; every document is suggested again afterwards",
  tag: 'Suggestions',
  permission: { action: 'project.configure', of: 'projectId' },
  params: projectParams,
  body: trainSchema,
  response: trainResultSchema,
  status: 202,
  errors: [403, 404],
})

export const startSuggestionRunEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/suggestions/runs',
  summary: 'Suggest for all documents, or a selection, as a job with progress (managers)',
  tag: 'Suggestions',
  permission: { action: 'project.configure', of: 'projectId' },
  params: projectParams,
  body: runSchema,
  response: runStateSchema,
  status: 202,
  errors: [403, 404],
})

export const listSuggestionRunsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/suggestions/runs',
  summary: 'The latest suggestion runs and their progress',
  tag: 'Suggestions',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  response: runListSchema,
  errors: [404],
})

export const suggestionEvaluationEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/suggestions/evaluation',
  summary: 'How good the suggestions are: per source and label precision, recall and F1 on held-out documents, the learning curve, live acceptance',
  tag: 'Suggestions',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  response: suggestionEvaluationSchema,
  errors: [404],
})

export const getSuggestionSettingsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/suggestions/settings',
  summary: "The project's suggestion settings: sources on or off, threshold per source, precision floor, retraining, suggest on import",
  tag: 'Suggestions',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  response: suggestionSettingsAnswerSchema,
  errors: [404],
})

export const updateSuggestionSettingsEndpoint = endpoint({
  method: 'patch',
  path: '/projects/{projectId}/suggestions/settings',
  summary: "Change the project's suggestion settings (managers)",
  tag: 'Suggestions',
  permission: { action: 'project.configure', of: 'projectId' },
  params: projectParams,
  body: updateSuggestionSettingsSchema,
  response: suggestionSettingsAnswerSchema,
  errors: [403, 404],
})

export const listPatternsEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/suggestions/patterns',
  summary: "The project's rule patterns (literal strings or regular expressions, with an optional second condition)",
  tag: 'Suggestions',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  response: patternListSchema,
  errors: [404],
})

export const createPatternEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/suggestions/patterns',
  summary: 'Add a rule pattern (managers); a regular expression that does not compile or could run away is refused with a sentence',
  tag: 'Suggestions',
  permission: { action: 'project.configure', of: 'projectId' },
  params: projectParams,
  body: createPatternSchema,
  response: patternSchema,
  status: 201,
  errors: [403, 404],
})

export const deletePatternEndpoint = endpoint({
  method: 'delete',
  path: '/projects/{projectId}/suggestions/patterns/{patternId}',
  summary: 'Remove a rule pattern (managers)',
  tag: 'Suggestions',
  permission: { action: 'project.configure', of: 'projectId' },
  params: patternParams,
  status: 204,
  errors: [403, 404],
})

export const suggestionEndpoints = [
  listSuggestionsEndpoint,
  computeSuggestionsEndpoint,
  acceptSuggestionEndpoint,
  rejectSuggestionEndpoint,
  acceptAllSuggestionsEndpoint,
  trainSuggestionsEndpoint,
  startSuggestionRunEndpoint,
  listSuggestionRunsEndpoint,
  suggestionEvaluationEndpoint,
  getSuggestionSettingsEndpoint,
  updateSuggestionSettingsEndpoint,
  listPatternsEndpoint,
  createPatternEndpoint,
  deletePatternEndpoint,
]
