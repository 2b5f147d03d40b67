// Gate: the authorization matrix, generated from the endpoint list (lib/api/endpoints.ts, as the
// server publishes it in openapi.json). Every endpoint × {anonymous, annotator, reviewer, manager,
// admin, member of another project} × {session cookie, personal access token}: the expected answer
// is derived from the endpoint's declared permission, and no answer carries the other project's
// ids. A new endpoint is covered the moment it is listed; one without a permission fails here.
//
// Inputs are left out on purpose (no body, no query): the permission is checked before the input
// is read, so a caller without the right gets 401/403/404 and one with it gets 400 — nothing is
// written, and no test data is needed per endpoint. An endpoint with no input to leave out (a
// DELETE, archive, restore) gets a fresh resource of the caller's for each call.
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { APIRequestContext, APIResponse } from '@playwright/test'
import { expect, test } from './fixtures'
import { buildWorld, endpointList, fillPath, insertDocument, insertExport, insertMember, insertPattern, insertToken, type EndpointInfo, type Permission, type ProjectRole, type World } from './gates-world'
import { roleUsers, storageStateOf, type Role } from './roles'
// The least role of each project action, from the one place that decides it.
import { minimumRole } from '../lib/auth/permissions'

const baseURL = `http://127.0.0.1:${process.env.TEST_PORT ?? 3107}`
const rank: Record<ProjectRole, number> = { annotator: 1, reviewer: 2, manager: 3 }

type CallerName = 'anonymous' | 'annotator' | 'reviewer' | 'manager' | 'admin' | 'otherProjectMember'
const callers: CallerName[] = ['anonymous', 'annotator', 'reviewer', 'manager', 'admin', 'otherProjectMember']
const demoUserOf: Record<Exclude<CallerName, 'anonymous'>, Role> = {
  annotator: 'annotator',
  reviewer: 'reviewer',
  manager: 'manager',
  admin: 'admin',
  otherProjectMember: 'annotator2',
}
type AuthKind = 'session' | 'token'

type Expected = { allowed: true } | { allowed: false; status: 401 | 403 | 404 }

/** What the declared permission says this caller gets. */
function expectedFor(permission: Permission, caller: CallerName, kind: AuthKind, world: World, isAdmin: boolean): Expected {
  if (permission === 'public') return { allowed: true }
  if (caller === 'anonymous') return { allowed: false, status: 401 }
  if (permission === 'authenticated') return { allowed: true }
  if (permission === 'browser') return kind === 'session' ? { allowed: true } : { allowed: false, status: 403 }
  if (permission === 'instance.admin') return isAdmin ? { allowed: true } : { allowed: false, status: 403 }
  const role = world.homeRoles[caller]
  if (!role) return { allowed: false, status: 404 }
  const least = permission.action === 'export' ? world.exportRole : (minimumRole as Record<string, ProjectRole>)[permission.action]
  if (!least) throw new Error(`The declared action "${permission.action}" is not an action of lib/auth/permissions.ts`)
  return rank[role] >= rank[least] ? { allowed: true } : { allowed: false, status: 403 }
}

/** app/api/v1/**\/route.ts as OpenAPI paths, e.g. /api/v1/documents/{documentId}. */
function routeFiles(): string[] {
  const root = path.resolve('app/api/v1')
  const found: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (name === 'route.ts') found.push('/api/v1/' + path.relative(root, dir).replace(/\[(\w+)\]/g, '{$1}'))
    }
  }
  walk(root)
  return found.map((p) => p.replace(/\/$/, ''))
}

let world: World
let endpoints: EndpointInfo[]
const contexts: Partial<Record<string, APIRequestContext>> = {}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async ({ playwright, workerSql }) => {
  world = await buildWorld(workerSql, 'authz')
  const plain = await playwright.request.newContext({ baseURL })
  endpoints = (await endpointList(plain)).endpoints
  contexts.anonymous = plain
  for (const caller of callers) {
    if (caller === 'anonymous') continue
    contexts[caller] = await playwright.request.newContext({ baseURL, storageState: storageStateOf(demoUserOf[caller]) })
  }
})

test.afterAll(async () => {
  for (const context of Object.values(contexts)) await context?.dispose()
  await world?.cleanup()
})

test('every endpoint declares a permission, and every route file is in the endpoint list', async () => {
  const undeclared = endpoints.filter((e) => !e.permission).map((e) => `${e.method.toUpperCase()} ${e.path}`)
  expect(undeclared, 'endpoints without a declared permission (add `permission` to their spec in lib/api/endpoints.ts)').toEqual([])
  for (const e of endpoints) {
    const p = e.permission
    if (typeof p === 'object') expect(e.params, `${e.method} ${e.path} finds its project from {${p.of}}, which must be a path parameter`).toContain(p.of)
  }
  const documented = new Set(endpoints.map((e) => e.path))
  // Not endpoints: the API description itself, and the catch-all that answers unknown paths with a JSON 404.
  const notEndpoints = new Set(['/api/v1/openapi.json', '/api/v1/[...unknown]'])
  const missing = routeFiles().filter((p) => !notEndpoints.has(p) && !documented.has(p))
  expect(missing, 'route files whose endpoints are not in lib/api/endpoints.ts (so no gate covers them)').toEqual([])
})

/** One request as the caller, with no input (see the file comment). */
async function call(endpoint: EndpointInfo, caller: CallerName, kind: AuthKind, values: Record<string, string>): Promise<APIResponse> {
  const api = kind === 'session' || caller === 'anonymous' ? contexts[caller]! : contexts.anonymous!
  const headers: Record<string, string> = {}
  if (kind === 'session') headers.Origin = baseURL // a same-origin browser request
  if (kind === 'token') {
    // An anonymous "token" caller sends a well-formed token that names nobody.
    headers.Authorization = `Bearer ${caller === 'anonymous' ? 'tbpat_' + 'A'.repeat(43) : world.tokens[roleUsers[demoUserOf[caller]]]}`
  }
  return api.fetch(fillPath(endpoint.path, values), { method: endpoint.method.toUpperCase(), headers, maxRedirects: 0 })
}

test('the authorization matrix: every endpoint × role × session or token answers as its permission says, and never with the other project’s data', async ({ workerSql }) => {
  test.setTimeout(240_000)
  const failures: string[] = []
  let tried = 0
  const home = world.home
  const homeValues = { projectId: home.projectId, documentId: home.documentId, tagId: home.tagId, exportId: home.exportId, batchId: home.batchId, stagedFileId: home.stagedFileId, labelId: home.labelId, userId: home.userId, suggestionId: home.suggestionId, patternId: home.patternId }
  for (const endpoint of endpoints) {
    const permission = endpoint.permission
    if (!permission) continue
    const hasInput = Boolean(endpoint.body || endpoint.fileBody || endpoint.query.some((q) => q.required))
    for (const caller of callers) {
      for (const kind of ['session', 'token'] as AuthKind[]) {
        const expected = expectedFor(permission, caller, kind, world, caller === 'admin')
        const values: Record<string, string> = { ...homeValues }
        // Nothing to leave out: the call would act, so it acts on a fresh resource of the caller's.
        let fresh = false
        if (!hasInput && endpoint.method === 'delete' && endpoint.params.includes('exportId')) {
          const owner = caller !== 'anonymous' && world.homeRoles[caller] ? world.users[roleUsers[demoUserOf[caller]]] : world.users[roleUsers.manager]
          values.exportId = await insertExport(workerSql, home.projectId, owner)
          fresh = true
        } else if (!hasInput && endpoint.method === 'delete' && endpoint.params.includes('patternId')) {
          values.patternId = await insertPattern(workerSql, home.projectId, home.labelId, world.users[roleUsers.manager])
          fresh = true
        } else if (endpoint.method !== 'get' && endpoint.params.at(-1) === 'userId') {
          // A member route acts on the member it names: a throw-away one each time, so that no demo user loses their role.
          values.userId = await insertMember(workerSql, home.projectId)
          fresh = true
        } else if (endpoint.params.at(-1) === 'tokenId') {
          // Revoking a token: one of the caller's own, fresh each time (anonymous callers name the manager's).
          values.tokenId = await insertToken(workerSql, world.users[roleUsers[caller === 'anonymous' ? 'manager' : demoUserOf[caller]]])
          fresh = true
        } else if (!hasInput && endpoint.method !== 'get' && endpoint.params.at(-1) === 'documentId') {
          values.documentId = await insertDocument(workerSql, home.projectId)
          fresh = true
        }
        const response = await call(endpoint, caller, kind, values)
        tried++
        const status = response.status()
        const text = await response.text()
        const name = `${endpoint.method.toUpperCase()} ${endpoint.path} as ${caller} (${kind})`
        if (expected.allowed) {
          // Past the gate: done, or the (left out) input refused, or a conflict with the state.
          if (!((status >= 200 && status < 300) || status === 400 || status === 409)) failures.push(`${name}: expected to pass the permission check, got ${status} ${text.slice(0, 200)}`)
          else if (!hasInput && !fresh && endpoint.method !== 'get' && endpoint.method !== 'delete') failures.push(`${name}: writes without any input; give it a fresh resource in this test`)
        } else if (status !== expected.status) {
          failures.push(`${name}: expected ${expected.status}, got ${status} ${text.slice(0, 200)}`)
        }
        if (status >= 500) failures.push(`${name}: ${status}`)
        // The other project's member may of course see their own project where no project is named (the project list).
        // And an instance admin's own lists (every project, the audit log) are of the whole instance.
        const mayHoldOther = (caller === 'otherProjectMember' && typeof permission !== 'object') || (caller === 'admin' && permission === 'instance.admin')
        if (!mayHoldOther) for (const foreign of world.other.ids) if (text.includes(foreign)) failures.push(`${name}: the answer holds ${foreign}, an id of the other project`)
      }
    }
  }
  // And the other way round: the home project's manager reaches nothing of the other project.
  const otherValues = { projectId: world.other.projectId, documentId: world.other.documentId, tagId: world.other.tagId, exportId: world.other.exportId, batchId: world.other.batchId, stagedFileId: world.other.stagedFileId, labelId: world.other.labelId, userId: world.other.userId, suggestionId: world.other.suggestionId, patternId: world.other.patternId }
  for (const endpoint of endpoints) {
    if (typeof endpoint.permission !== 'object') continue
    for (const kind of ['session', 'token'] as AuthKind[]) {
      const response = await call(endpoint, 'manager', kind, otherValues)
      tried++
      if (response.status() !== 404) failures.push(`${endpoint.method.toUpperCase()} ${endpoint.path} on the other project as the home manager (${kind}): expected 404, got ${response.status()}`)
    }
  }
  console.log(`authorization matrix: ${endpoints.length} endpoints × ${callers.length} callers × 2 auth kinds, ${tried} requests, ${failures.length} failures`)
  expect(failures).toEqual([])
})
