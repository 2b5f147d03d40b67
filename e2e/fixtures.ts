// Shared fixtures: direct database access for setup and cleanup, and users who belong to no project.
import { test as base, expect, type APIRequestContext } from '@playwright/test'
import pg from 'pg'
import { hashPassword } from '../lib/auth/password'
import { newToken } from '../lib/auth/tokens'
import { DEMO_PROJECT } from './roles'
import { waitingForHydration } from './session'

export interface Outsider {
  email: string
  password: string
  /** A personal access token of this user, who is a member of no project. */
  token: string
}

interface Fixtures {
  sql: pg.Pool
  demoProjectId: string
  outsider: Outsider
  /** Creates a personal access token for a demo user; revoked state is up to the test. */
  tokenFor: (email: string) => Promise<string>
}

let counter = 0
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${counter++}`

export const test = base.extend<Fixtures, { workerSql: pg.Pool }>({
  workerSql: [
    async ({}, use) => {
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 })
      await use(pool)
      await pool.end()
    },
    { scope: 'worker' },
  ],
  sql: async ({ workerSql }, use) => use(workerSql),
  // The default page, like the signed-in ones of session.ts: goto and reload return once the page has hydrated.
  page: async ({ page }, use) => use(waitingForHydration(page)),
  demoProjectId: async ({ sql }, use) => {
    const { rows } = await sql.query('SELECT id FROM "Project" WHERE name = $1', [DEMO_PROJECT])
    await use(rows[0].id as string)
  },
  outsider: async ({ sql }, use) => {
    const email = `${unique('outsider')}@example.test`
    const password = 'outsider-password-123'
    const token = newToken()
    const id = unique('usr')
    await sql.query('INSERT INTO "User" (id, email, name, "passwordHash") VALUES ($1, $2, $3, $4)', [id, email, 'Outsider', await hashPassword(password)])
    await sql.query('INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, $3, $4, $5)', [unique('tok'), id, 'e2e', token.hash, token.prefix])
    await use({ email, password, token: token.secret })
    await sql.query('DELETE FROM "User" WHERE id = $1', [id])
  },
  tokenFor: async ({ sql }, use) => {
    const created: string[] = []
    await use(async (email: string) => {
      const token = newToken()
      const id = unique('tok')
      await sql.query('INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) SELECT $1, id, $2, $3, $4 FROM "User" WHERE email = $5', [id, 'e2e', token.hash, token.prefix, email])
      created.push(id)
      return token.secret
    })
    if (created.length) await sql.query('DELETE FROM "ApiToken" WHERE id = ANY($1)', [created])
  },
})

export { expect }

export function bearer(token: string) {
  return { Authorization: `Bearer ${token}` }
}

/** JSON body of an error response, checked to have the documented shape. */
export async function errorOf(response: Awaited<ReturnType<APIRequestContext['get']>>) {
  const body = (await response.json()) as { error: { code: string; message: string; fields?: { path: string; message: string }[] } }
  expect(body.error.message.length).toBeGreaterThan(10)
  return body.error
}
