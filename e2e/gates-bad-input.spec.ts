// Gate: bad input, generated from the endpoint list (openapi.json, from lib/api/endpoints.ts). For
// every endpoint with a body or query, about 30 malformed inputs — wrong types, missing and
// unknown fields, NUL, lone surrogates, 5 MB strings, deep nesting, huge numbers, offsets above
// 2^31−1, arrays for objects, __proto__ keys, bodies that are not UTF-8 — and for every path
// parameter, segments that are not valid percent-encoding. No answer may be ≥ 500, and a refused
// request must leave the row count of every table as it was. A new endpoint is covered the moment
// it is listed. Sent as the home project's manager with a token, so that each input reaches as far
// into the server as it can (the permission check passes).
import type { APIRequestContext } from '@playwright/test'
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { newToken } from '../lib/auth/tokens'
import { expect, test } from './fixtures'
import { buildWorld, endpointList, fillPath, type EndpointInfo, type JsonSchema, type World } from './gates-world'
import { roleUsers, storageStateOf } from './roles'

const baseURL = `http://127.0.0.1:${process.env.TEST_PORT ?? 3107}`
const FIVE_MB = 'x'.repeat(5 * 1024 * 1024)
const BEYOND_INT4 = 2 ** 31

let world: World
let endpoints: EndpointInfo[]
let resolve: (schema: JsonSchema) => JsonSchema
let api: APIRequestContext
/** A manager of the home project who is nobody else: the rows this caller writes are this test's alone. */
let caller: { id: string; token: string }

test.describe.configure({ mode: 'serial' })

test.beforeAll(async ({ playwright, workerSql }) => {
  world = await buildWorld(workerSql, 'input')
  const token = newToken()
  const id = `gu${randomUUID().replace(/-/g, '').slice(0, 20)}`
  await workerSql.query('INSERT INTO "User" (id, email, name, "passwordHash") VALUES ($1, $2, $3, $4)', [id, `${id}@gates.test`, 'Gates input manager', 'not-a-real-hash'])
  await workerSql.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ($1, $2, $3, 'manager')`, [`${id}m`, world.home.projectId, id])
  await workerSql.query('INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, $3, $4, $5)', [`${id}t`, id, 'gates-input', token.hash, token.prefix])
  caller = { id, token: token.secret }
  api = await playwright.request.newContext({ baseURL })
  ;({ endpoints, resolve } = await endpointList(api))
})

test.afterAll(async () => {
  await api?.dispose()
  await world?.cleanup()
})

/**
 * Row counts of every table, in one query, as far as this test's caller can have written them: a
 * table with a project, document, tag or user column counts the rows of the home project (or of
 * the caller), so that other specs running at the same time do not show up; any other table counts
 * all its rows.
 */
async function rowCounts(sql: pg.Pool): Promise<Record<string, number>> {
  const { rows: columns } = await sql.query<{ table: string; column: string }>(
    `SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
  )
  const byTable = new Map<string, Set<string>>()
  for (const { table, column } of columns) byTable.set(table, (byTable.get(table) ?? new Set()).add(column))
  const home = world.home
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`
  const values: string[] = [home.projectId, caller.id]
  const scopes: [string, string][] = [
    ['projectId', '$1'],
    ['documentId', `(SELECT id FROM "Document" WHERE "projectId" = $1)`],
    ['tagId', `(SELECT id FROM "Tag" WHERE "projectId" = $1)`],
    ['batchId', `(SELECT id FROM "ImportBatch" WHERE "projectId" = $1)`],
    ['userId', '$2'],
    ['createdById', '$2'],
  ]
  const tables = [...byTable.keys()]
  const parts = tables.map((table, i) => {
    const present = byTable.get(table)!
    const scope = table === 'Project' ? `id = $1` : table === 'User' ? `id = $2` : scopes.filter(([c]) => present.has(c)).map(([c, v]) => `${q(c)} ${v.startsWith('(') ? 'IN' : '='} ${v}`)[0]
    return `(SELECT count(*)::int FROM ${q(table)}${scope ? ` WHERE ${scope}` : ''}) AS c${i}`
  })
  const { rows } = await sql.query(`SELECT ${parts.join(', ')}`, values)
  return Object.fromEntries(tables.map((t, i) => [t, rows[0][`c${i}`] as number]))
}

/** Values for fields the valid base input names, so that a malformed variant reaches past "no such document". */
function hints(): Record<string, unknown> {
  const home = world.home
  return {
    documentId: home.documentId,
    userId: world.users[roleUsers.annotator],
    labelId: home.labelId,
    annotatorIds: [world.users[roleUsers.annotator]],
    documentIds: [home.documentId],
    version: 1,
    start: 7,
    end: 11,
    quote: '全面推行',
    format: 'jsonl',
    action: 'approve',
    state: 'in_progress',
  }
}

/** A value the schema accepts, as far as a JSON Schema can say (ids from hints()). */
function validValue(schemaIn: JsonSchema, name: string | null, depth = 0): unknown {
  const schema = resolve(schemaIn)
  const hint = name ? hints()[name] : undefined
  if (hint !== undefined) return hint
  if (depth > 6) return null
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum[0]
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return validValue(alternatives.find((a) => resolve(a).type !== 'null') ?? alternatives[0], name, depth + 1)
  if (schema.allOf?.length) return validValue(schema.allOf[0], name, depth + 1)
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const key of schema.required ?? []) out[key] = validValue(schema.properties?.[key] ?? {}, key, depth + 1)
      return out
    }
    case 'array': {
      const count = schema.minItems ?? 0
      if (schema.prefixItems) return schema.prefixItems.map((item) => validValue(item, null, depth + 1))
      return Array.from({ length: count }, () => validValue(schema.items ?? {}, null, depth + 1))
    }
    case 'string':
      if (schema.format === 'date') return '2024-01-01'
      if (schema.format === 'uri') return 'https://example.test/'
      if (schema.format === 'email') return 'someone@example.test'
      return 'ab'.padEnd(Math.max(2, schema.minLength ?? 0), 'b')
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 0, (schema.exclusiveMinimum ?? 0) + 1)
    case 'boolean':
      return false
    default:
      return 'ab'
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** The value with every leaf of one kind replaced. */
function mapLeaves(value: Json, replace: (leaf: Json) => Json | undefined): Json {
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, replace))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, replace)]))
  const replaced = replace(value)
  return replaced === undefined ? value : replaced
}

/** The whole value with every object and array replaced by the other kind (arrays for objects). */
function swapContainers(value: Json): Json {
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), swapContainers(v)]))
  if (value && typeof value === 'object') return Object.values(value).map(swapContainers)
  return value
}

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels)
const deepObject = (levels: number): Json => {
  let v: Json = 'bottom'
  for (let i = 0; i < levels; i++) v = { a: v }
  return v
}

interface Variant {
  name: string
  /** The raw body; undefined: none at all. */
  body?: string | Buffer
  contentType?: string
}

/** About 30 malformed bodies, built from a valid one. */
function bodyVariants(base: Json): Variant[] {
  const json = (name: string, value: unknown): Variant => ({ name, body: JSON.stringify(value), contentType: 'application/json' })
  const strings = (name: string, replace: (s: string) => Json) => json(name, mapLeaves(base, (leaf) => (typeof leaf === 'string' ? replace(leaf) : undefined)))
  const numbers = (name: string, replace: (n: number) => Json) => json(name, mapLeaves(base, (leaf) => (typeof leaf === 'number' ? replace(leaf) : undefined)))
  const objectBase = base && typeof base === 'object' && !Array.isArray(base) ? base : {}
  const firstRequired = Object.keys(objectBase)[0]
  const withoutFirst = Object.fromEntries(Object.entries(objectBase).filter(([k]) => k !== firstRequired))
  const firstString = Object.entries(objectBase).find(([, v]) => typeof v === 'string')?.[0] ?? 'text'
  return [
    { name: 'no body, no content type' },
    { name: 'empty body', body: '', contentType: 'application/json' },
    { name: 'not JSON', body: '{"a":', contentType: 'application/json' },
    { name: 'JSON sent as text/plain', body: JSON.stringify(base), contentType: 'text/plain' },
    json('null', null),
    json('an array for the object', [base]),
    json('a string for the object', 'text'),
    json('a number for the object', 123),
    json('an empty object', {}),
    json('a required field missing', withoutFirst),
    json('an unknown field', { ...objectBase, unknownField: 'x' }),
    { name: '__proto__ key', body: JSON.stringify(objectBase).replace(/^\{/, '{"__proto__":{"isAdmin":true,"role":"manager"},'), contentType: 'application/json' },
    json('constructor.prototype key', { ...objectBase, constructor: { prototype: { isAdmin: true } } }),
    { name: 'an array nested 100000 deep', body: deepArray(100_000), contentType: 'application/json' },
    json('an object nested 2000 deep in a field', { ...objectBase, [firstString]: deepObject(2000) }),
    strings('NUL in every string', (s) => `${s}\u0000x`),
    strings('a lone surrogate in every string', (s) => `${s}\ud800`),
    strings('a lone low surrogate in every string', () => '\udfffa'),
    json('a 5 MB string', { ...objectBase, [firstString]: FIVE_MB }),
    strings('numbers for strings', () => 1),
    strings('objects for strings', () => ({ a: 1 })),
    numbers('numbers above 2^31 − 1', () => BEYOND_INT4),
    numbers('numbers of 1e308', () => 1e308),
    { name: 'a number literal that overflows a double', body: JSON.stringify(objectBase).replace(/:(\d+)/g, ':1e400'), contentType: 'application/json' },
    numbers('negative numbers', () => -1),
    numbers('fractions', (n) => n + 0.5),
    numbers('strings for numbers', (n) => String(n)),
    json('arrays for objects and objects for arrays', swapContainers(base)),
    json('null for every field', Object.fromEntries(Object.keys(objectBase).map((k) => [k, null]))),
    {
      name: 'a body that is not valid UTF-8',
      body: Buffer.concat([Buffer.from(JSON.stringify({ ...objectBase, [firstString]: 'X' }).replace('"X"', '"')), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
      contentType: 'application/json',
    },
  ]
}

/** Malformed query strings (raw, so that bad percent-encoding reaches the server as sent). */
function queryVariants(endpoint: EndpointInfo): { name: string; query: string }[] {
  const names = endpoint.query.map((q) => q.name)
  const all = (value: string) => names.map((n) => `${n}=${value}`).join('&')
  return [
    { name: 'NUL', query: all('a%00b') },
    { name: 'invalid percent-encoding %ff', query: all('%ff') },
    { name: 'a lone % sign', query: all('%') },
    { name: 'a lone surrogate, as UTF-8 bytes', query: all('a%ED%A0%80') },
    { name: 'above 2^31 − 1', query: all(String(BEYOND_INT4)) },
    { name: '1e400', query: all('1e400') },
    { name: 'negative', query: all('-1') },
    { name: 'a fraction', query: all('1.5') },
    { name: 'words for numbers', query: all('abc') },
    { name: 'each twice (an array)', query: `${all('1')}&${all('2')}` },
    { name: '20 000 characters', query: all('x'.repeat(20_000)) },
    { name: 'an empty value', query: all('') },
    { name: '__proto__ key', query: `__proto__=x&constructor=y&${all('1')}` },
    { name: 'an unknown parameter', query: 'unknownParameter=1' },
  ]
}

/** Path segments that are not ids, nor even valid percent-encoding. */
const badSegments = ['%ff', '%', '%zz', 'a%00', '%00', 'x%ED%A0%80', '..%2f..%2fetc', 'x'.repeat(5000), '%E4%B8']

test('bad input: 0 answers ≥ 500, and every refused request leaves the row counts of every table as they were', async ({ workerSql }) => {
  test.setTimeout(420_000)
  const headers = { Authorization: `Bearer ${caller.token}` }
  const home = world.home
  const values = { projectId: home.projectId, documentId: home.documentId, tagId: home.tagId, exportId: home.exportId, batchId: home.batchId, stagedFileId: home.stagedFileId, labelId: home.labelId, userId: home.userId, suggestionId: home.suggestionId, patternId: home.patternId, tokenId: `${caller.id}t` }
  const failures: string[] = []
  const counts = { requests: 0, refused: 0, accepted: 0, endpointsWithInput: 0 }
  let before = await rowCounts(workerSql)

  const check = async (name: string, send: () => Promise<import('@playwright/test').APIResponse>) => {
    const response = await send()
    counts.requests++
    const status = response.status()
    if (status >= 500) failures.push(`${name}: ${status} ${(await response.text()).slice(0, 300)}`)
    const after = await rowCounts(workerSql)
    if (status >= 400) {
      counts.refused++
      const changed = Object.keys(after).filter((t) => after[t] !== before[t])
      if (changed.length) failures.push(`${name}: refused with ${status}, but rows changed in ${changed.map((t) => `${t} (${before[t]} → ${after[t]})`).join(', ')}`)
    } else counts.accepted++
    before = after
  }

  for (const endpoint of endpoints) {
    const path = fillPath(endpoint.path, values)
    const method = endpoint.method.toUpperCase()
    if (endpoint.body || endpoint.query.length || endpoint.fileBody) counts.endpointsWithInput++
    if (endpoint.body) {
      const base = validValue(endpoint.body, null) as Json
      for (const variant of bodyVariants(base)) {
        await check(`${method} ${endpoint.path} with ${variant.name}`, () =>
          api.fetch(path, { method, headers: { ...headers, ...(variant.contentType ? { 'Content-Type': variant.contentType } : {}) }, data: variant.body, maxRedirects: 0 }),
        )
      }
    }
    if (endpoint.query.length) {
      for (const variant of queryVariants(endpoint)) {
        await check(`${method} ${endpoint.path}?… with ${variant.name}`, () => api.fetch(`${path}?${variant.query}`, { method, headers, maxRedirects: 0 }))
      }
    }
    if (endpoint.fileBody) {
      const uploads: [string, Buffer][] = [
        ['garbage bytes', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x13])],
        ['jsonl that is not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a])],
        ['jsonl with NUL', Buffer.from('{"id":"a\\u0000b","text":"x\\u0000","spans":[]}\n')],
        ['jsonl with a lone surrogate', Buffer.from('{"id":"a","title":"t\\ud800","text":"x","spans":[]}\n')],
        ['jsonl nested 100000 deep', Buffer.from(deepArray(100_000) + '\n')],
        ['jsonl with offsets above 2^31 − 1', Buffer.from(JSON.stringify({ id: 'a', text: 'x', spans: [{ start: BEYOND_INT4, end: BEYOND_INT4 + 1 }] }) + '\n')],
      ]
      for (const [name, data] of uploads) {
        await check(`${method} ${endpoint.path} with an upload of ${name}`, () => api.fetch(path, { method, headers: { ...headers, 'Content-Type': endpoint.fileBody![0] === 'application/zip' ? 'application/x-ndjson' : endpoint.fileBody![0] }, data, maxRedirects: 0 }))
      }
    }
    for (const param of endpoint.params) {
      for (const segment of badSegments) {
        const bad = fillPath(endpoint.path, { ...values, [param]: segment })
        await check(`${method} ${endpoint.path} with {${param}} = ${segment.slice(0, 20)}`, () => api.fetch(bad, { method, headers, maxRedirects: 0 }))
      }
    }
  }
  console.log(
    `bad input: ${endpoints.length} endpoints (${counts.endpointsWithInput} with a body, query or upload), ${counts.requests} malformed requests, ${counts.refused} refused, ${counts.accepted} accepted, ${failures.length} failures`,
  )
  expect(failures).toEqual([])
})

test('pages: a path segment that is not an id, or not valid percent-encoding, gets 404, not 500', async ({ playwright }) => {
  const context = await playwright.request.newContext({ baseURL, storageState: storageStateOf('manager') })
  try {
    const home = world.home
    const failures: string[] = []
    const paths = [
      `/documents/${home.documentId}%00`,
      '/documents/%ff',
      '/documents/%',
      `/documents/${'x'.repeat(5000)}`,
      `/projects/${home.projectId}%00`,
      '/projects/%ff',
      '/projects/%ff/review',
      `/projects/${home.projectId}%00/export`,
      '/projects/x%ED%A0%80/dashboard',
    ]
    for (const p of paths) {
      const response = await context.get(p, { maxRedirects: 0 })
      if (response.status() !== 404) failures.push(`${p}: ${response.status()}`)
    }
    expect(failures).toEqual([])
  } finally {
    await context.dispose()
  }
})
