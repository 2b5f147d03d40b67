// Turns an export request (labels by id or path, annotators by id or email, metadata filters) into
// the ids the queries filter on, and describes it in words for the manifest. Unknown names are a
// 400 with the name in the sentence, never an empty export that looks like a success.
import { invalid } from '../errors'
import type { ExportFilters } from '../schemas/exports'
import { Params, type Queryable } from './sql'
import { pathString, subtreeIds, type Taxonomy } from './taxonomy'

export interface Selection {
  projectId: string
  statuses: string[]
  /** Labels with their sub-labels; null: every label. */
  labelIds: string[] | null
  annotatorIds: string[] | null
  from: Date | null
  /** Exclusive: the day after "to". */
  until: Date | null
  documentIds: string[] | null
  provinces: string[] | null
  years: number[] | null
  issuers: string[] | null
  includeUntagged: boolean
}

/** The filters as a reader of the manifest wants them: paths and emails, not ids. */
export interface SelectionDescription {
  status: string[]
  labels: string[] | null
  documents: { ids?: string[]; provinces?: string[]; years?: number[]; issuers?: string[] } | null
  annotators: string[] | null
  from: string | null
  to: string | null
  includeUntagged: boolean
}

export interface UserRow {
  id: string
  email: string
  name: string
}

export async function projectUsers(client: Queryable, projectId: string): Promise<UserRow[]> {
  // Members, and authors or reviewers of the project's tags who have since left it.
  const { rows } = await client.query<UserRow>(
    `SELECT u.id, u.email, u.name FROM "User" u
     WHERE u.id IN (SELECT "userId" FROM "Membership" WHERE "projectId" = $1)
        OR u.id IN (SELECT DISTINCT "authorId" FROM "Tag" WHERE "projectId" = $1)
        OR u.id IN (SELECT DISTINCT "reviewerId" FROM "Tag" WHERE "projectId" = $1 AND "reviewerId" IS NOT NULL)`,
    [projectId],
  )
  return rows
}

const nonEmpty = <T>(list: T[] | undefined): T[] | null => (list && list.length ? list : null)

export function resolveSelection(projectId: string, filters: ExportFilters, taxonomy: Taxonomy, users: UserRow[]): { selection: Selection; description: SelectionDescription } {
  let labelIds: string[] | null = null
  let labelPaths: string[] | null = null
  if (filters.labels?.length) {
    const ids = new Set<string>()
    labelPaths = []
    for (const wanted of filters.labels) {
      const byId = taxonomy.byId.get(wanted)
      const byPath = taxonomy.labels.filter((l) => pathString(l.path) === wanted)
      const byName = taxonomy.labels.filter((l) => l.name === wanted)
      const found = byId ? [byId] : byPath.length ? byPath : byName
      if (found.length === 0) throw invalid(`No label "${wanted}" in this project's taxonomy; give a label id or its full path, such as "${taxonomy.labels.find((l) => l.parentId)?.path.join('/') ?? 'top/sub'}".`)
      if (found.length > 1) throw invalid(`The label name "${wanted}" is used more than once in the taxonomy; give its full path (${found.map((l) => pathString(l.path)).join(', ')}).`)
      labelPaths.push(pathString(found[0].path))
      for (const id of subtreeIds(taxonomy, found[0].id)) ids.add(id)
    }
    labelIds = [...ids]
  }
  let annotatorIds: string[] | null = null
  let annotatorEmails: string[] | null = null
  if (filters.annotators?.length) {
    annotatorIds = []
    annotatorEmails = []
    for (const wanted of filters.annotators) {
      const user = users.find((u) => u.id === wanted || u.email.toLowerCase() === wanted.toLowerCase())
      if (!user) throw invalid(`No annotator "${wanted}" in this project; give a member's user id or email.`)
      annotatorIds.push(user.id)
      annotatorEmails.push(user.email)
    }
  }
  const day = (iso: string, plus = 0) => new Date(Date.parse(`${iso}T00:00:00Z`) + plus * 86_400_000)
  const d = filters.documents
  const selection: Selection = {
    projectId,
    statuses: filters.status,
    labelIds,
    annotatorIds,
    from: filters.from ? day(filters.from) : null,
    until: filters.to ? day(filters.to, 1) : null,
    documentIds: nonEmpty(d?.ids),
    provinces: nonEmpty(d?.provinces),
    years: nonEmpty(d?.years),
    issuers: nonEmpty(d?.issuers),
    includeUntagged: filters.includeUntagged,
  }
  const documents = d && Object.values(d).some((v) => v?.length) ? Object.fromEntries(Object.entries(d).filter(([, v]) => v?.length)) : null
  return {
    selection,
    description: {
      status: filters.status,
      labels: labelPaths,
      documents,
      annotators: annotatorEmails,
      from: filters.from ?? null,
      to: filters.to ?? null,
      includeUntagged: filters.includeUntagged,
    },
  }
}

/** Conditions on tags (alias t) that the selection asks for. Deleted tags never pass. */
export function tagConditions(selection: Selection, params: Params, alias = 't'): string {
  const c = [`${alias}."projectId" = ${params.add(selection.projectId)}`, `${alias}."deletedAt" IS NULL`, `${alias}.status = ANY(${params.add(selection.statuses)}::"TagStatus"[])`]
  if (selection.labelIds) c.push(`${alias}."labelId" = ANY(${params.add(selection.labelIds)}::text[])`)
  if (selection.annotatorIds) c.push(`${alias}."authorId" = ANY(${params.add(selection.annotatorIds)}::text[])`)
  if (selection.from) c.push(`${alias}."createdAt" >= ${params.add(selection.from)}`)
  if (selection.until) c.push(`${alias}."createdAt" < ${params.add(selection.until)}`)
  return c.join(' AND ')
}

/** Conditions on documents (alias d): the metadata filters and, unless asked otherwise, at least one selected tag. */
export function documentConditions(selection: Selection, params: Params, alias = 'd'): string {
  // An archived document is out of every export (its tags are kept for when it is restored).
  const c = [`${alias}."projectId" = ${params.add(selection.projectId)}`, `${alias}."archivedAt" IS NULL`]
  if (selection.documentIds) c.push(`${alias}.id = ANY(${params.add(selection.documentIds)}::text[])`)
  if (selection.provinces) c.push(`${alias}.province = ANY(${params.add(selection.provinces)}::text[])`)
  if (selection.years) c.push(`${alias}."reportYear" = ANY(${params.add(selection.years)}::int[])`)
  if (selection.issuers) c.push(`${alias}.issuer = ANY(${params.add(selection.issuers)}::text[])`)
  if (!selection.includeUntagged) c.push(`EXISTS (SELECT 1 FROM "Tag" t WHERE t."documentId" = ${alias}.id AND ${tagConditions(selection, params)})`)
  return c.join(' AND ')
}

/** The order documents are written in: stable, and readable (by year, place, title). */
export const documentOrder = (alias = 'd') => `${alias}."reportYear" NULLS LAST, ${alias}.province NULLS LAST, ${alias}.title, ${alias}.id`
