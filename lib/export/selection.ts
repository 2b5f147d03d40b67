// Turns an export request (labels by id or path, annotators by id or email, metadata filters) into
// the ids the queries filter on, and describes it in words for the manifest. Unknown names are a
// 400 with the name in the sentence, never an empty export that looks like a success.
import { sql, type Connection, type Sql } from '../db/sql'
import { invalid } from '../errors'
import type { ExportFilters } from '../schemas/exports'
import { curatedDocument, goldConditions } from './gold'
import type { ExportLayer } from './types'
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
  /** gold: curated documents' gold tags instead of their tags (lib/export/gold.ts); absent: tags. */
  layer?: ExportLayer
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

export async function projectUsers(client: Connection, projectId: string): Promise<UserRow[]> {
  // Members, and authors or reviewers of the project's tags who have since left it.
  return client.query<UserRow>(sql`
    SELECT u.id, u.email, u.name FROM "User" u
     WHERE u.id IN (SELECT "userId" FROM "Membership" WHERE "projectId" = ${projectId})
        OR u.id IN (SELECT DISTINCT "authorId" FROM "Tag" WHERE "projectId" = ${projectId})
        OR u.id IN (SELECT DISTINCT "reviewerId" FROM "Tag" WHERE "projectId" = ${projectId} AND "reviewerId" IS NOT NULL)`)
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
      if (found.length === 0) throw invalid(`No label "${wanted}" in this project's taxonomy; give a label id or its full path, such as "${taxonomy.labels.find((l) => l.parentId)?.path.join('/') ?? 'top/sub'}".`, undefined, {
          key: 'export.unknownLabel',
          values: { label: wanted },
        })
      if (found.length > 1) throw invalid(`The label name "${wanted}" is used more than once in the taxonomy; give its full path (${found.map((l) => pathString(l.path)).join(', ')}).`, undefined, {
          key: 'export.ambiguousLabel',
          values: { label: wanted, paths: found.map((l) => pathString(l.path)).join(', ') },
        })
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
      if (!user) throw invalid(`No annotator "${wanted}" in this project; give a member's user id or email.`, undefined, { key: 'export.unknownAnnotator', values: { annotator: wanted } })
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
export function tagConditions(selection: Selection, alias = 't'): Sql {
  const t = sql.raw(alias)
  const c = [sql`${t}."projectId" = ${selection.projectId}`, sql`${t}."deletedAt" IS NULL`, sql`${t}.status = ANY(${selection.statuses}::"TagStatus"[])`]
  if (selection.labelIds) c.push(sql`${t}."labelId" = ANY(${selection.labelIds}::text[])`)
  if (selection.annotatorIds) c.push(sql`${t}."authorId" = ANY(${selection.annotatorIds}::text[])`)
  if (selection.from) c.push(sql`${t}."createdAt" >= ${selection.from}`)
  if (selection.until) c.push(sql`${t}."createdAt" < ${selection.until}`)
  return sql.join(c, sql` AND `)
}

/** Conditions on documents (alias d): the metadata filters and, unless asked otherwise, at least one selected tag. */
export function documentConditions(selection: Selection, alias = 'd'): Sql {
  const d = sql.raw(alias)
  // An archived document is out of every export (its tags are kept for when it is restored).
  const c = [sql`${d}."projectId" = ${selection.projectId}`, sql`${d}."archivedAt" IS NULL`]
  if (selection.documentIds) c.push(sql`${d}.id = ANY(${selection.documentIds}::text[])`)
  if (selection.provinces) c.push(sql`${d}.province = ANY(${selection.provinces}::text[])`)
  if (selection.years) c.push(sql`${d}."reportYear" = ANY(${selection.years}::int[])`)
  if (selection.issuers) c.push(sql`${d}.issuer = ANY(${selection.issuers}::text[])`)
  const hasTag = sql`EXISTS (SELECT 1 FROM "Tag" t WHERE t."documentId" = ${d}.id AND ${tagConditions(selection)})`
  const hasGold = sql`EXISTS (SELECT 1 FROM "GoldTag" g WHERE g."documentId" = ${d}.id AND ${goldConditions(selection)})`
  if (!selection.includeUntagged) c.push(selection.layer === 'gold' ? sql`(CASE WHEN ${curatedDocument(alias)} THEN ${hasGold} ELSE ${hasTag} END)` : hasTag)
  return sql.join(c, sql` AND `)
}

/** The order documents are written in: stable, and readable (by year, place, title). */
export const documentOrder = (alias = 'd') => sql.raw(`${alias}."reportYear" NULLS LAST, ${alias}.province NULLS LAST, ${alias}.title, ${alias}.id`)
