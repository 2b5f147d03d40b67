// Shared by the two generated gates (gates-authorization.spec.ts, gates-bad-input.spec.ts): two
// throw-away projects written straight to the database, the demo users as members of the first,
// a member of the second only, and the endpoint list as the server publishes it (openapi.json,
// generated from lib/api/endpoints.ts, with each endpoint's declared permission).
import { randomUUID } from 'node:crypto'
import type { APIRequestContext } from '@playwright/test'
import type pg from 'pg'
import { newToken } from '../lib/auth/tokens'
import { roleUsers } from './roles'

export type ProjectRole = 'annotator' | 'reviewer' | 'manager'
export type ResourceParam = 'projectId' | 'documentId' | 'tagId' | 'exportId' | 'batchId' | 'stagedFileId' | 'labelId'
export type Permission = 'public' | 'authenticated' | 'browser' | 'instance.admin' | { action: string; of: ResourceParam }

export interface EndpointInfo {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete'
  /** OpenAPI path, e.g. /api/v1/documents/{documentId} */
  path: string
  permission: Permission | undefined
  params: string[]
  query: { name: string; required: boolean; schema: JsonSchema }[]
  body: JsonSchema | null
  /** The raw-body upload's content types, for an endpoint that takes a file. */
  fileBody: string[] | null
}

export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  prefixItems?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  $ref?: string
  minimum?: number
  exclusiveMinimum?: number
  maximum?: number
  minLength?: number
  minItems?: number
  format?: string
  pattern?: string
  default?: unknown
  additionalProperties?: boolean | JsonSchema
}

interface OpenApi {
  paths: Record<string, Record<string, { 'x-tagbench-permission'?: Permission; parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>
  components?: { schemas?: Record<string, JsonSchema> }
}

/** Every endpoint the server documents, read from its OpenAPI document. */
export async function endpointList(api: APIRequestContext): Promise<{ endpoints: EndpointInfo[]; resolve: (schema: JsonSchema) => JsonSchema }> {
  const response = await api.get('/api/v1/openapi.json')
  if (!response.ok()) throw new Error(`openapi.json answered ${response.status()}`)
  const doc = (await response.json()) as OpenApi
  const resolve = (schema: JsonSchema): JsonSchema => {
    let s = schema
    while (s.$ref) s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {}
    return s
  }
  const endpoints: EndpointInfo[] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const parameters = op.parameters ?? []
      const json = op.requestBody?.content['application/json']
      endpoints.push({
        method: method as EndpointInfo['method'],
        path,
        permission: op['x-tagbench-permission'],
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required), schema: resolve(p.schema) })),
        body: json ? resolve(json.schema) : null,
        fileBody: op.requestBody && !json ? Object.keys(op.requestBody.content) : null,
      })
    }
  }
  return { endpoints, resolve }
}

/** The path with its parameters filled in. */
export function fillPath(path: string, values: Partial<Record<string, string>>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`No value for {${name}} in ${path}`)
    return value
  })
}

const id = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 20)}`

export interface ProjectWorld {
  projectId: string
  labelId: string
  documentId: string
  /** A pending tag by the project's annotator. */
  tagId: string
  exportId: string
  /** An import batch with one staged file (read, not imported). */
  batchId: string
  stagedFileId: string
  /** A throw-away annotator of the project (the member routes' {userId}). */
  userId: string
  /** An open suggestion on the document, and a rule pattern (issue 14). */
  suggestionId: string
  patternId: string
  /** Every id of the project's own rows: none may appear in an answer about another project. */
  ids: string[]
}

export interface World {
  home: ProjectWorld
  other: ProjectWorld
  exportRole: ProjectRole
  /** user ids by e-mail */
  users: Record<string, string>
  /** Role in the home project by caller name (admin and the other project's member have none). */
  homeRoles: Partial<Record<string, ProjectRole>>
  /** A personal access token for each demo user (by e-mail). */
  tokens: Record<string, string>
  cleanup: () => Promise<void>
}

async function makeProject(sql: pg.Pool, name: string, members: [string, ProjectRole][], exportRole: ProjectRole, annotatorId: string, managerId: string): Promise<ProjectWorld> {
  const projectId = id('gp')
  await sql.query(`INSERT INTO "Project" (id, name, "blindMode", "exportRole") VALUES ($1, $2, true, $3::"ProjectRole")`, [projectId, name, exportRole])
  for (const [userId, role] of members) await sql.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ($1, $2, $3, $4::"ProjectRole")`, [id('gm'), projectId, userId, role])
  const labelId = id('gl')
  await sql.query(`INSERT INTO "Label" (id, "projectId", name, color) VALUES ($1, $2, $3, '#2563eb')`, [labelId, projectId, '执法'])
  const documentId = id('gd')
  const text = '一、总体情况\n全面推行行政执法公示制度。'
  await sql.query(`INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length) VALUES ($1, $2, $3, $4, encode(sha256(convert_to($4, 'UTF8')), 'hex'), $5)`, [
    documentId,
    projectId,
    `报告 ${name}`,
    text,
    Array.from(text).length,
  ])
  const tagId = id('gt')
  await sql.query(`INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, "authorId", "updatedAt") VALUES ($1, $2, $3, $4, 7, 11, '全面推行', $5, now())`, [
    tagId,
    projectId,
    documentId,
    labelId,
    annotatorId,
  ])
  const exportId = await insertExport(sql, projectId, managerId)
  const batchId = id('gb')
  await sql.query(`INSERT INTO "ImportBatch" (id, "projectId", "createdById", "updatedAt") VALUES ($1, $2, $3, now())`, [batchId, projectId, managerId])
  const stagedFileId = id('gs')
  const staged = `法治政府建设情况报告\n${text}${randomUUID()}`
  await sql.query(
    // A duplicate of the project's document: a commit the matrix lets through is refused (400), so no
    // background job adds a document while the bad-input gate counts rows.
    `INSERT INTO "StagedFile" (id, "batchId", path, status, size, sha256, original, format, text, "bodyStart", "bodyEnd", read, "duplicateOfId", "updatedAt")
     VALUES ($1, $2, 'report.txt', 'staged', $3, '', convert_to($4, 'UTF8'), 'text', $4, 0, $5, '{"title": {"value": "报告", "source": "title", "confidence": 0.9}}', $6, now())`,
    [stagedFileId, batchId, Buffer.byteLength(staged), staged, Array.from(staged).length, documentId],
  )
  const userId = await insertMember(sql, projectId)
  const suggestionId = id('gg')
  await sql.query(`INSERT INTO "Suggestion" (id, "projectId", "documentId", "labelId", start, "end", quote, source, ref, score) VALUES ($1, $2, $3, $4, 7, 11, '全面推行', 'rule', 'keyword', 0.9)`, [
    suggestionId,
    projectId,
    documentId,
    labelId,
  ])
  const patternId = await insertPattern(sql, projectId, labelId, managerId)
  // Every suggestion source off: a run or a computation the matrix lets through then adds or removes no
  // suggestion in the background while the bad-input gate counts rows.
  await sql.query(`INSERT INTO "SuggestionSettings" ("projectId", "ruleEnabled", "modelEnabled", "propagationEnabled") VALUES ($1, false, false, false)`, [projectId])
  // The member is a user, not a row of the project: a list of users may show them (not in ids).
  return { projectId, labelId, documentId, tagId, exportId, batchId, stagedFileId, userId, suggestionId, patternId, ids: [projectId, labelId, documentId, tagId, exportId, batchId, stagedFileId, suggestionId, patternId] }
}

/** A user of its own, an annotator of the project, for a call that changes or removes the member it names. */
export async function insertMember(sql: pg.Pool, projectId: string): Promise<string> {
  const userId = id('gu')
  await sql.query('INSERT INTO "User" (id, email, name) VALUES ($1, $2, $3)', [userId, `${userId}@gates.test`, `Gates member ${userId}`])
  await sql.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ($1, $2, $3, 'annotator')`, [id('gm'), projectId, userId])
  return userId
}

/** A rule pattern of its own, for a call that removes the pattern it names. */
export async function insertPattern(sql: pg.Pool, projectId: string, labelId: string, createdById: string): Promise<string> {
  const patternId = id('gr')
  await sql.query(`INSERT INTO "SuggestionPattern" (id, "projectId", "labelId", kind, pattern, "createdById") VALUES ($1, $2, $3, 'literal', '执法公示', $4)`, [patternId, projectId, labelId, createdById])
  return patternId
}

/** An export job of approved tags (queued; the server's worker may run it). */
export async function insertExport(sql: pg.Pool, projectId: string, createdById: string): Promise<string> {
  const exportId = id('ge')
  await sql.query(`INSERT INTO "Export" (id, "projectId", "createdById", format, request) VALUES ($1, $2, $3, 'jsonl', $4)`, [
    exportId,
    projectId,
    createdById,
    JSON.stringify({ format: 'jsonl', status: ['approved'], includeUntagged: false, conllLayers: 'per_top_label' }),
  ])
  return exportId
}

/** A personal access token of the user's own (the {tokenId} of a call that revokes it), never used to sign in. */
export async function insertToken(sql: pg.Pool, userId: string): Promise<string> {
  const tokenId = id('gk')
  const token = newToken()
  await sql.query('INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, $3, $4, $5)', [tokenId, userId, 'gates-fresh', token.hash, token.prefix])
  return tokenId
}

/** A document of its own (a text no other has), for a call that acts on the document it names. */
export async function insertDocument(sql: pg.Pool, projectId: string): Promise<string> {
  const documentId = id('gd')
  const text = `一、总体情况\n全面推行行政执法公示制度。${randomUUID()}`
  await sql.query(`INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length) VALUES ($1, $2, $3, $4, encode(sha256(convert_to($4, 'UTF8')), 'hex'), $5)`, [
    documentId,
    projectId,
    `报告 ${documentId}`,
    text,
    Array.from(text).length,
  ])
  return documentId
}

/**
 * Home project: annotator1, reviewer and manager with those roles, exports opened to reviewers.
 * Other project: annotator2 as its manager (and no member of home). admin is a member of neither.
 */
export async function buildWorld(sql: pg.Pool, label: string): Promise<World> {
  const { rows } = await sql.query<{ id: string; email: string }>('SELECT id, email FROM "User" WHERE email = ANY($1)', [Object.values(roleUsers)])
  const users = Object.fromEntries(rows.map((r) => [r.email, r.id]))
  const exportRole: ProjectRole = 'reviewer'
  const suffix = randomUUID().slice(0, 8)
  const home = await makeProject(
    sql,
    `gates-${label}-home-${suffix}`,
    [
      [users[roleUsers.annotator], 'annotator'],
      [users[roleUsers.reviewer], 'reviewer'],
      [users[roleUsers.manager], 'manager'],
    ],
    exportRole,
    users[roleUsers.annotator],
    users[roleUsers.manager],
  )
  const other = await makeProject(sql, `gates-${label}-other-${suffix}`, [[users[roleUsers.annotator2], 'manager']], 'manager', users[roleUsers.annotator2], users[roleUsers.annotator2])
  const tokens: Record<string, string> = {}
  const tokenIds: string[] = []
  for (const email of Object.values(roleUsers)) {
    const token = newToken()
    const tokenId = id('gk')
    await sql.query('INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, $3, $4, $5)', [tokenId, users[email], `gates-${label}`, token.hash, token.prefix])
    tokens[email] = token.secret
    tokenIds.push(tokenId)
  }
  return {
    home,
    other,
    exportRole,
    users,
    homeRoles: { annotator: 'annotator', reviewer: 'reviewer', manager: 'manager' },
    tokens,
    cleanup: async () => {
      await sql.query('DELETE FROM "ApiToken" WHERE id = ANY($1)', [tokenIds])
      for (const projectId of [home.projectId, other.projectId]) {
        // Best effort: tag history may refuse deletion; the test database is thrown away after the run.
        await sql.query('DELETE FROM "Project" WHERE id = $1', [projectId]).catch(() => undefined)
      }
    },
  }
}
