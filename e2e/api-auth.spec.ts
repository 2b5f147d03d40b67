// /api/v1 authentication and membership: who gets in, who gets 401, and who gets 404 instead of 403.
import type { APIRequestContext, APIResponse } from '@playwright/test'
import { bearer, errorOf, expect, test } from './fixtures'
import { DEMO_PROJECT, roleUsers, storageStateOf } from './roles'

/** An id that has the right shape but belongs to nothing. */
const MADE_UP_ID = 'cm0000000000000000000nothere'

const validDocument = (marker: string) => ({ title: `e2e ${marker}`, text: `e2e text ${marker}`, meta: {} })

async function aDemoDocumentId(sql: import('pg').Pool, projectId: string): Promise<string> {
  const { rows } = await sql.query('SELECT id FROM "Document" WHERE "projectId" = $1 ORDER BY title LIMIT 1', [projectId])
  expect(rows).toHaveLength(1)
  return rows[0].id as string
}

async function documentsTitled(sql: import('pg').Pool, title: string): Promise<number> {
  const { rows } = await sql.query('SELECT count(*)::int AS n FROM "Document" WHERE title = $1', [title])
  return rows[0].n as number
}

/** Every /api/v1 route, as a call with the given headers. */
function everyRoute(projectId: string, documentId: string, marker: string) {
  return [
    { name: 'GET /api/v1/projects', call: (api: APIRequestContext, headers: Record<string, string>) => api.get('/api/v1/projects', { headers }) },
    { name: 'GET /api/v1/projects/{id}/labels', call: (api: APIRequestContext, headers: Record<string, string>) => api.get(`/api/v1/projects/${projectId}/labels`, { headers }) },
    { name: 'GET /api/v1/projects/{id}/documents', call: (api: APIRequestContext, headers: Record<string, string>) => api.get(`/api/v1/projects/${projectId}/documents`, { headers }) },
    {
      name: 'POST /api/v1/projects/{id}/documents',
      call: (api: APIRequestContext, headers: Record<string, string>) => api.post(`/api/v1/projects/${projectId}/documents`, { headers, data: validDocument(marker) }),
    },
    { name: 'GET /api/v1/documents/{id}', call: (api: APIRequestContext, headers: Record<string, string>) => api.get(`/api/v1/documents/${documentId}`, { headers }) },
  ]
}

async function expectUnauthenticated(response: APIResponse, mentions: RegExp) {
  expect(response.status()).toBe(401)
  expect(response.headers()['content-type']).toContain('application/json')
  const error = await errorOf(response)
  expect(error.code).toBe('unauthenticated')
  expect(error.message).toMatch(mentions)
  return error
}

test.describe('anonymous callers', () => {
  test('every /api/v1 route answers 401 with a sentence that says how to authenticate, and stores nothing', async ({ request, sql, demoProjectId }) => {
    const documentId = await aDemoDocumentId(sql, demoProjectId)
    const marker = `anon-${Date.now()}`
    for (const route of everyRoute(demoProjectId, documentId, marker)) {
      await test.step(route.name, async () => {
        const response = await route.call(request, {})
        const error = await expectUnauthenticated(response, /Bearer/)
        // Nothing of the project leaks to an anonymous caller.
        expect(error.message).not.toContain(DEMO_PROJECT)
      })
    }
    expect(await documentsTitled(sql, validDocument(marker).title)).toBe(0)
  })

  test('a malformed Authorization header gets 401 that names the expected form', async ({ request, demoProjectId }) => {
    const malformed = [
      'Basic ' + Buffer.from('manager@tagbench.test:password').toString('base64'),
      'Bearer',
      'Bearer not-a-token',
      'Token tbpat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'tbpat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ]
    for (const header of malformed) {
      await test.step(header, async () => {
        await expectUnauthenticated(await request.get('/api/v1/projects', { headers: { Authorization: header } }), /Bearer/)
        await expectUnauthenticated(await request.get(`/api/v1/projects/${demoProjectId}/documents`, { headers: { Authorization: header } }), /Bearer/)
      })
    }
  })

  test('a well-formed but unknown token gets 401 that says it is unknown or revoked', async ({ request, demoProjectId }) => {
    const unknown = 'tbpat_' + Buffer.from(`no such token ${Date.now()} padding padding`).toString('base64url')
    await expectUnauthenticated(await request.get('/api/v1/projects', { headers: bearer(unknown) }), /unknown|revoked/i)
    await expectUnauthenticated(await request.get(`/api/v1/projects/${demoProjectId}/labels`, { headers: bearer(unknown) }), /unknown|revoked/i)
  })
})

test.describe('members and non-members', () => {
  test('a user in no project sees an empty project list', async ({ request, outsider }) => {
    const response = await request.get('/api/v1/projects', { headers: bearer(outsider.token) })
    expect(response.status()).toBe(200)
    expect(await response.json()).toEqual({ items: [] })
  })

  test('the token of a disabled account gets 401', async ({ request, sql, outsider }) => {
    expect((await request.get('/api/v1/projects', { headers: bearer(outsider.token) })).status()).toBe(200)
    await sql.query('UPDATE "User" SET disabled = true WHERE email = $1', [outsider.email])
    const response = await request.get('/api/v1/projects', { headers: bearer(outsider.token) })
    expect(response.status()).toBe(401)
    const error = await errorOf(response)
    expect(error.code).toBe('unauthenticated')
    expect(error.message).toMatch(/disabled/)
  })

  test('a non-member gets 404, not 403, for everything in the demo project, exactly as for a project that does not exist', async ({ request, sql, outsider, demoProjectId }) => {
    const documentId = await aDemoDocumentId(sql, demoProjectId)
    const marker = `outsider-${Date.now()}`
    const real = everyRoute(demoProjectId, documentId, marker).slice(1)
    const madeUp = everyRoute(MADE_UP_ID, MADE_UP_ID, marker).slice(1)
    for (const [i, route] of real.entries()) {
      await test.step(route.name, async () => {
        const response = await route.call(request, bearer(outsider.token))
        expect(response.status()).toBe(404)
        const error = await errorOf(response)
        expect(error.code).toBe('not_found')
        expect(error.message).not.toContain(DEMO_PROJECT)
        // The answer must not tell an existing project from a made-up one.
        const ghost = await madeUp[i].call(request, bearer(outsider.token))
        expect(ghost.status()).toBe(404)
        expect((await errorOf(ghost)).message).toBe(error.message)
      })
    }
    expect(await documentsTitled(sql, validDocument(marker).title)).toBe(0)
  })

  test('a member asking for a project or document that does not exist gets 404', async ({ request, sql, tokenFor }) => {
    const manager = await tokenFor(roleUsers.manager)
    const marker = `ghost-${Date.now()}`
    for (const route of everyRoute(MADE_UP_ID, MADE_UP_ID, marker).slice(1)) {
      await test.step(route.name, async () => {
        const response = await route.call(request, bearer(manager))
        expect(response.status()).toBe(404)
        const error = await errorOf(response)
        expect(error.code).toBe('not_found')
        expect(error.message).toMatch(/not found/i)
      })
    }
    expect(await documentsTitled(sql, validDocument(marker).title)).toBe(0)
  })

  test('a token acts as its user: the project list shows each demo user their own role', async ({ request, tokenFor, demoProjectId }) => {
    const expected = { admin: 'manager', manager: 'manager', reviewer: 'reviewer', annotator: 'annotator', annotator2: 'annotator' } as const
    for (const [role, email] of Object.entries(roleUsers) as [keyof typeof roleUsers, string][]) {
      const response = await request.get('/api/v1/projects', { headers: bearer(await tokenFor(email)) })
      expect(response.status()).toBe(200)
      const { items } = (await response.json()) as { items: { id: string; name: string; role: string; documentCount: number }[] }
      expect(items, email).toContainEqual(expect.objectContaining({ id: demoProjectId, name: DEMO_PROJECT, role: expected[role] }))
    }
  })
})

test.describe('a signed-in browser session', () => {
  test.use({ storageState: storageStateOf('annotator') })

  test('reaches /api/v1 with its session cookie alone', async ({ request, demoProjectId }) => {
    const response = await request.get('/api/v1/projects')
    expect(response.status()).toBe(200)
    const { items } = (await response.json()) as { items: { id: string; role: string }[] }
    expect(items).toContainEqual(expect.objectContaining({ id: demoProjectId, role: 'annotator' }))
  })
})

test.describe('personal access tokens from Settings', () => {
  test.use({ storageState: storageStateOf('reviewer') })

  test('a token created in Settings works on the API until it is revoked there', async ({ page, playwright, sql, demoProjectId }) => {
    const name = `e2e api token ${Date.now()}`
    // A context without the reviewer's cookie, so only the token can authenticate.
    const api = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: { cookies: [], origins: [] } })
    try {
      await page.goto('/settings')
      await page.getByLabel('令牌名称').fill(name)
      await page.getByRole('button', { name: '创建令牌' }).click()
      const secretBox = page.getByTestId('new-token-secret')
      await expect(secretBox).toHaveText(/^tbpat_\S{20,}$/)
      const secret = (await secretBox.textContent())!.trim()

      // Stored hashed: the secret itself is nowhere in the table.
      const { rows } = await sql.query('SELECT t."tokenHash", t."revokedAt" FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" WHERE u.email = $1 AND t.name = $2', [roleUsers.reviewer, name])
      expect(rows).toHaveLength(1)
      expect(rows[0].tokenHash).not.toContain(secret)
      expect(rows[0].revokedAt).toBeNull()

      const works = await api.get('/api/v1/projects', { headers: bearer(secret) })
      expect(works.status()).toBe(200)
      const { items } = (await works.json()) as { items: { id: string; name: string; role: string }[] }
      expect(items).toContainEqual(expect.objectContaining({ id: demoProjectId, name: DEMO_PROJECT, role: 'reviewer' }))
      const labels = await api.get(`/api/v1/projects/${demoProjectId}/labels`, { headers: bearer(secret) })
      expect(labels.status()).toBe(200)

      // Shown once: after a reload the page lists the token by name and prefix, never the secret.
      await page.reload()
      await expect(page.getByTestId('new-token-secret')).toHaveCount(0)
      const row = page.getByTestId('token-row').filter({ hasText: name })
      await expect(row).toHaveCount(1)
      await expect(row).toContainText(secret.slice(0, 12))
      expect(await page.content()).not.toContain(secret)

      await row.getByRole('button', { name: '撤销' }).click()
      await expect(row).toContainText('已撤销')
      await expect(row.getByRole('button', { name: '撤销' })).toHaveCount(0)

      const refused = await api.get('/api/v1/projects', { headers: bearer(secret) })
      expect(refused.status()).toBe(401)
      const error = await errorOf(refused)
      expect(error.code).toBe('unauthenticated')
      expect(error.message).toMatch(/revoked/i)
      expect((await api.get(`/api/v1/projects/${demoProjectId}/documents`, { headers: bearer(secret) })).status()).toBe(401)
    } finally {
      await api.dispose()
      await sql.query('DELETE FROM "ApiToken" t USING "User" u WHERE u.id = t."userId" AND u.email = $1 AND t.name = $2', [roleUsers.reviewer, name])
    }
  })
})
