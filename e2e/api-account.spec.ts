// The team and account actions through /api/v1 (issue 12: "every action is an endpoint"): a pasted
// list of users, redeeming an invitation link without signing in, changing one's own password,
// reading the instance's audit log and every project, and managing one's sessions and tokens.
import type { Browser } from '@playwright/test'
import { bearer, errorOf, expect, test } from './fixtures'
import { roleUsers, storageStateOf } from './roles'

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!

async function signedInPage(browser: Browser, email: string, password: string) {
  const context = await browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto('/sign-in')
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page).toHaveURL(/\/projects$/)
  return { context, page }
}

test('an admin creates users from a pasted list; one redeems the link with no sign-in, changes the password, and the audit log has it all', async ({ request, tokenFor, sql }) => {
  test.setTimeout(90_000)
  const admin = bearer(await tokenFor(roleUsers.admin))
  const stamp = `${process.pid}-${Date.now()}`
  const first = `api-list-a-${stamp}@example.test`
  const second = `api-list-b-${stamp}@example.test`
  const created = await request.post('/api/v1/users/batch', { headers: admin, data: { list: `张三 <${first}>\n李四, ${second}\n${roleUsers.reviewer}` } })
  expect(created.status()).toBe(201)
  const batch = (await created.json()) as { created: { user: { email: string; name: string; invited: boolean }; invitation: { url: string } }[]; skipped: string[] }
  expect(batch.created.map((c) => [c.user.email, c.user.name, c.user.invited])).toEqual([
    [first, '张三', true],
    [second, '李四', true],
  ])
  expect(batch.skipped).toEqual([roleUsers.reviewer])

  // One bad line refuses the whole list, naming the line: nobody is created.
  const third = `api-list-c-${stamp}@example.test`
  const refused = await request.post('/api/v1/users/batch', { headers: admin, data: { list: `王五 <${third}>\nnot an address` } })
  expect(refused.status()).toBe(400)
  expect((await errorOf(refused)).message).toContain('Line 2')
  expect((await sql.query('SELECT 1 FROM "User" WHERE email = $1', [third])).rowCount).toBe(0)
  // Not an admin: refused before the list is read.
  const notAdmin = await request.post('/api/v1/users/batch', { headers: bearer(await tokenFor(roleUsers.manager)), data: { list: third } })
  expect(notAdmin.status()).toBe(403)

  // Redeeming needs no session or token: the link is the proof. A second use says it was used.
  const link = tokenOf(batch.created[0].invitation.url)
  const password = 'api-list-password-1'
  const redeemed = await request.post('/api/v1/invitations/redeem', { data: { token: link, password } })
  expect(redeemed.status()).toBe(200)
  expect(await redeemed.json()).toEqual({ email: first, projectIds: [] })
  const again = await request.post('/api/v1/invitations/redeem', { data: { token: link, password: 'another-password-2' } })
  expect(again.status()).toBe(400)
  expect((await errorOf(again)).message).toContain('already used')
  const short = await request.post('/api/v1/invitations/redeem', { data: { token: tokenOf(batch.created[1].invitation.url), password: 'short' } })
  expect(short.status()).toBe(400)
  expect((await errorOf(short)).fields?.map((f) => f.path)).toEqual(['body.password'])

  // The new user changes their password: the current one is required.
  const mine = bearer(await tokenFor(first))
  const wrong = await request.post('/api/v1/account/password', { headers: mine, data: { currentPassword: 'not-it-at-all', newPassword: 'api-list-password-2' } })
  expect(wrong.status()).toBe(400)
  expect((await errorOf(wrong)).message).toContain('current password is not right')
  const changed = await request.post('/api/v1/account/password', { headers: mine, data: { currentPassword: password, newPassword: 'api-list-password-2' } })
  expect(changed.status()).toBe(200)
  expect(await changed.json()).toEqual({ endedSessions: 0 })

  // The audit log, newest first, holds each step with who did it.
  const audit = await request.get('/api/v1/audit?pageSize=200', { headers: admin })
  expect(audit.status()).toBe(200)
  const log = (await audit.json()) as { items: { action: string; actorEmail: string; targetEmail: string | null }[]; total: number; page: number; pageSize: number }
  expect(log.pageSize).toBe(200)
  const about = log.items.filter((e) => e.targetEmail === first).map((e) => [e.action, e.actorEmail])
  expect(about).toEqual([
    ['user.password_changed', first],
    ['invitation.redeemed', first],
    ['user.created', roleUsers.admin],
  ])
  const badPage = await request.get('/api/v1/audit?page=0', { headers: admin })
  expect(badPage.status()).toBe(400)
  expect((await request.get('/api/v1/audit', { headers: bearer(await tokenFor(roleUsers.manager)) })).status()).toBe(403)
})

test('an admin lists every project, archived ones included; others may not; an archived project says so on every page', async ({ browser, request, tokenFor, sql, demoProjectId }) => {
  test.setTimeout(90_000)
  const admin = bearer(await tokenFor(roleUsers.admin))
  const name = `归档项目 ${process.pid}-${Date.now()}`
  const made = await request.post('/api/v1/projects', { headers: admin, data: { name } })
  expect(made.status()).toBe(201)
  const { id } = (await made.json()) as { id: string }
  expect((await request.patch(`/api/v1/projects/${id}/admin`, { headers: admin, data: { archived: true } })).status()).toBe(200)
  const all = await request.get('/api/v1/admin/projects', { headers: admin })
  expect(all.status()).toBe(200)
  const items = ((await all.json()) as { items: { id: string; archived: boolean; documentCount: number; managers: string[] }[] }).items
  expect(items.find((p) => p.id === id)).toMatchObject({ archived: true, documentCount: 0 })
  const demo = items.find((p) => p.id === demoProjectId)!
  const { rows } = await sql.query('SELECT count(*)::int AS n FROM "Document" WHERE "projectId" = $1 AND "archivedAt" IS NULL', [demoProjectId])
  expect(demo).toMatchObject({ archived: false, documentCount: rows[0].n })
  // A member's own project list leaves the archived project out; the admin list is theirs alone.
  const mine = (await (await request.get('/api/v1/projects', { headers: admin })).json()) as { items: { id: string }[] }
  expect(mine.items.map((p) => p.id)).not.toContain(id)
  expect((await request.get('/api/v1/admin/projects', { headers: bearer(await tokenFor(roleUsers.manager)) })).status()).toBe(403)

  // Its manager (the admin who created it) still opens it by address: every page says it is read-only, and offers no settings.
  const context = await browser.newContext({ storageState: storageStateOf('admin'), locale: 'zh-CN' })
  try {
    const page = await context.newPage()
    // Every tab of the project: each page reads what it can and offers nothing that writes.
    for (const tab of ['', '/revisions', '/review', '/dashboard', '/research', '/assignments', '/taxonomy', '/import', '/export', '/members']) {
      const path = `/projects/${id}${tab}`
      const response = await page.goto(path)
      expect(response?.status(), path).toBe(200)
      await expect(page.getByTestId('archived-project-notice')).toContainText('本项目已归档')
      await expect(page.getByText('盲标模式', { exact: true })).toHaveCount(0)
    }
    expect((await request.patch(`/api/v1/projects/${id}/admin`, { headers: admin, data: { archived: false } })).status()).toBe(200)
    await page.goto(`/projects/${id}`)
    await expect(page.getByRole('heading', { name })).toBeVisible()
    await expect(page.getByTestId('archived-project-notice')).toHaveCount(0)
  } finally {
    await context.close()
  }
})

test('sessions are listed and ended from a signed-in browser, never with a token; tokens are created there and revoked by API', async ({ browser, outsider }) => {
  // Two sign-ins through the page: as long as websec.spec's session journey allows.
  test.setTimeout(120_000)
  const one = await signedInPage(browser, outsider.email, outsider.password)
  const two = await signedInPage(browser, outsider.email, outsider.password)
  try {
    const listed = await one.page.request.get('/api/v1/account/sessions')
    expect(listed.status()).toBe(200)
    const sessions = ((await listed.json()) as { items: { handle: string; current: boolean; userAgent: string }[] }).items
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((s) => s.current)).toHaveLength(1)

    // With a token: refused with a sentence, nothing ended.
    const byToken = await one.page.request.get('/api/v1/account/sessions', { headers: bearer(outsider.token) })
    expect(byToken.status()).toBe(403)
    expect((await errorOf(byToken)).message).toContain('signed-in browser')
    const unknown = await one.page.request.post('/api/v1/account/sessions/end', { data: { handle: '0'.repeat(16) } })
    expect(unknown.status()).toBe(404)
    const badChoice = await one.page.request.post('/api/v1/account/sessions/end', { data: { some: true } })
    expect(badChoice.status()).toBe(400)

    // "End all others" from the first browser signs the second out at its next request.
    const ended = await one.page.request.post('/api/v1/account/sessions/end', { data: { others: true } })
    expect(await ended.json()).toEqual({ ended: 1 })
    expect((await two.page.request.get('/api/v1/account/sessions')).status()).toBe(401)
    expect((await one.page.request.get('/api/v1/account/sessions')).status()).toBe(200)

    // A token is created from the browser (its secret answered once), and may not create another.
    const created = await one.page.request.post('/api/v1/account/tokens', { data: { name: 'nightly export' } })
    expect(created.status()).toBe(201)
    const token = (await created.json()) as { id: string; secret: string; prefix: string }
    expect(token.secret.startsWith(token.prefix)).toBe(true)
    const minted = await one.page.request.post('/api/v1/account/tokens', { headers: bearer(token.secret), data: { name: 'another' } })
    expect(minted.status()).toBe(403)
    const list = (await (await one.page.request.get('/api/v1/account/tokens', { headers: bearer(token.secret) })).json()) as { items: { id: string; name: string; revokedAt: string | null }[] }
    expect(list.items.find((t) => t.id === token.id)).toMatchObject({ name: 'nightly export', revokedAt: null })
    // Revoked with itself: it stops working at once.
    expect((await one.page.request.delete(`/api/v1/account/tokens/${token.id}`, { headers: bearer(token.secret) })).status()).toBe(204)
    expect((await one.page.request.get('/api/v1/account/tokens', { headers: bearer(token.secret) })).status()).toBe(401)
    expect((await one.page.request.delete(`/api/v1/account/tokens/${token.id}`)).status()).toBe(404)
  } finally {
    await one.context.close()
    await two.context.close()
  }
})
