// The research views' endpoints (issue 15; docs/decisions/0030): readable by every project member;
// in blind mode an annotator's figures count approved tags and their own only.
import { concordanceDownloadQuery, concordanceQuery, concordanceSchema, distributionQuery, distributionSchema } from '../schemas/research'
import { projectParams } from '../schemas/projects'
import { endpoint } from './endpoint-spec'

export const researchDistributionEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/research/distribution',
  summary:
    'Tags per label, region and year (or any coarser grouping, see groupBy) with three measures: the tag count, tags per 10,000 characters of report text, and the share of reports carrying the label. Reports and characters count every selected report of the group, tagged or not',
  tag: 'Research',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: distributionQuery,
  response: distributionSchema,
  errors: [404],
})

export const researchConcordanceEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/research/concordance',
  summary: 'Every tag of the filter as a concordance line (left context, passage, right context, in code points), with its document, region, year and label; one page in a stable order',
  tag: 'Research',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: concordanceQuery,
  response: concordanceSchema,
  errors: [404],
})

export const researchConcordanceDownloadEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/research/concordance/download',
  summary: 'The whole concordance of the filter as CSV (streamed, any size) or XLSX (up to 50,000 lines)',
  tag: 'Research',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: concordanceDownloadQuery,
  file: { contentType: 'text/csv', description: 'The concordance lines: CSV (UTF-8 with BOM) or, with format=xlsx, an XLSX workbook' },
  errors: [404],
})

export const researchEndpoints = [researchDistributionEndpoint, researchConcordanceEndpoint, researchConcordanceDownloadEndpoint]
