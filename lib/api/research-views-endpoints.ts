// A region over the years and the comparison of two groups (issue 15, views 3 and 4;
// docs/decisions/0032): readable by every project member; figures follow blind mode as the
// distribution's do (they are its figures).
import { compareQuery, compareSchema, regionQuery, regionSchema, reuseQuery, reuseSchema } from '../schemas/research'
import { projectParams } from '../schemas/projects'
import { endpoint } from './endpoint-spec'

export const researchRegionEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/research/region',
  summary:
    "A region's reports by year: per label and year the distribution's figures (tags, per 10,000 characters, share of reports), and each report's text reuse against its predecessor (the latest earlier report of the same province, city and level): the share of its sentences identical or reworded",
  tag: 'Research',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: regionQuery,
  response: regionSchema,
  errors: [404],
})

export const researchReuseEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/research/region/reuse',
  summary: "One report against its predecessor, sentence by sentence: same, reworded (with a character diff), new, and the predecessor's dropped sentences",
  tag: 'Research',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: reuseQuery,
  response: reuseSchema,
  errors: [404],
})

export const researchCompareEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/research/compare',
  summary:
    'Two groups of reports (a.province, a.city, a.level, a.yearFrom, a.yearTo and the same under b.) under one tag filter: per label each group’s tags, per 10,000 characters and share of reports, and the difference a − b, the largest difference of `measure` first',
  tag: 'Research',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  query: compareQuery,
  response: compareSchema,
  errors: [404],
})

export const researchViewsEndpoints = [researchRegionEndpoint, researchReuseEndpoint, researchCompareEndpoint]
