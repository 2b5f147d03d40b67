// Single sign-on against a real OpenID provider (e2e/support/oidc-provider.ts, started by the
// Playwright config): first sign-in, the next one, the admin group, refusals, provider sign-out; and a
// second app server with invited-only on and password sign-in off.
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { hashPassword } from '../lib/auth/password'
import { signLinkIntent } from '../lib/auth/sso-link'
import { roleUsers, TEST_PASSWORD } from './roles'
import { appOrigin, issuer, oidcAppEnv, oidcPorts, providerAccounts, SSO_LABEL, type ProviderAccount } from './support/oidc-world'

const { liWei, zhaoMin, impostor, chenJie, wangFang, sunLei, zhouQing } = providerAccounts

/** Clicks the single sign-on button and waits for the provider's login page. */
async function toProvider(page: Page) {
  // After hydration, so that the click is React's (a native submission works too: see the test
  // without scripts below).
  await page.waitForLoadState('networkidle')
  await page.getByRole('button', { name: SSO_LABEL }).click()
  await page.waitForURL(`${issuer}/interaction/**`)
}

async function loginAtProvider(page: Page, account: ProviderAccount) {
  await expect(page.getByRole('heading', { name: 'Test university sign-in' })).toBeVisible()
  await page.getByLabel('Login').fill(account.login)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Sign in at the provider' }).click()
}

async function signInThroughProvider(page: Page, account: ProviderAccount, origin = appOrigin(oidcPorts.app)) {
  await page.goto(`${origin}/sign-in`)
  await toProvider(page)
  await loginAtProvider(page, account)
}

async function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  // Each app server is its own origin: same-origin writes carry its Origin (lib/auth/same-origin.ts).
  return browser.newContext({ baseURL: origin, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', extraHTTPHeaders: { Origin: origin } })
}

type Sql = { query: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }

async function userOfIdentity(sql: Sql, account: ProviderAccount) {
  const { rows } = await sql.query(
    'SELECT u.id, u.email, u.name, u."isAdmin", u."passwordHash" FROM "UserIdentity" i JOIN "User" u ON u.id = i."userId" WHERE i.issuer = $1 AND i.subject = $2',
    [issuer, account.sub],
  )
  return rows[0] as { id: string; email: string; name: string; isAdmin: boolean; passwordHash: string | null } | undefined
}

const accountEmails = [...new Set(Object.values(providerAccounts).map((a) => a.email))]

test.afterAll(async ({ workerSql }) => {
  // The users these journeys created (their identities, sessions and memberships go with them).
  await workerSql.query('DELETE FROM "User" WHERE email = ANY($1)', [accountEmails])
})

test.describe('single sign-on', () => {
  test('a first sign-in creates a user without projects; added by a manager, the next sign-in lands in the project; sign-out ends the provider session', async ({ page, sql, demoProjectId }) => {
    await signInThroughProvider(page, liWei)
    await expect(page).toHaveURL(/\/no-project/)
    await expect(page.getByRole('heading', { name: '还没有项目' })).toBeVisible()
    await expect(page.getByTestId('no-project')).toContainText(`你已以 ${liWei.name}（${liWei.email}）登录`)
    const user = await userOfIdentity(sql, liWei)
    expect(user).toMatchObject({ email: liWei.email, name: liWei.name, isAdmin: false, passwordHash: null })
    const { rows: memberships } = await sql.query('SELECT 1 FROM "Membership" WHERE "userId" = $1', [user!.id])
    expect(memberships).toHaveLength(0)
    // The same Session row as a password sign-in, holding the ID token for the provider's sign-out.
    const { rows: sessions } = await sql.query('SELECT "idToken" FROM "Session" WHERE "userId" = $1', [user!.id])
    expect(sessions).toHaveLength(1)
    expect(String(sessions[0].idToken)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)

    // A manager adds them (the members page is another change; the row is what it writes).
    await sql.query('INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ($1, $2, $3, $4)', [`m-sso-${Date.now()}`, demoProjectId, user!.id, 'annotator'])

    // Sign-out ends Tagbench's session and, through end_session_endpoint, the provider's.
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL(`${issuer}/session/end**`)
    await page.getByRole('button', { name: 'Yes, sign me out' }).click()
    await page.waitForURL(/127\.0\.0\.1:\d+\/sign-in/)
    expect(new URL(page.url()).port).toBe(String(oidcPorts.app))
    const { rows: after } = await sql.query('SELECT 1 FROM "Session" WHERE "userId" = $1', [user!.id])
    expect(after).toHaveLength(0)

    // Signing in again asks for the password at the provider (its session ended), then lands in the project.
    await toProvider(page)
    await loginAtProvider(page, liWei)
    await expect(page).toHaveURL(new RegExp(`/projects/${demoProjectId}$`))
    expect((await userOfIdentity(sql, liWei))!.id).toBe(user!.id)
  })

  test('an account in the admin group is an instance admin', async ({ page, sql }) => {
    await signInThroughProvider(page, zhaoMin)
    // An admin without a project is not held at the no-project page: they may create one.
    await expect(page).toHaveURL(/\/projects$/)
    expect(await userOfIdentity(sql, zhaoMin)).toMatchObject({ email: zhaoMin.email, isAdmin: true })
  })

  test('another provider account with the same e-mail address does not take over the user', async ({ page, browser, sql }) => {
    if (!(await userOfIdentity(sql, liWei))) {
      // Run alone: the owner signs in first.
      const owner = await newContext(browser, appOrigin(oidcPorts.app))
      const ownerPage = await owner.newPage()
      await signInThroughProvider(ownerPage, liWei)
      await expect(ownerPage).toHaveURL(/\/no-project|\/projects/)
      await owner.close()
    }
    const owner = await userOfIdentity(sql, liWei)
    await signInThroughProvider(page, impostor)
    await expect(page).toHaveURL(/\/sign-in\?error=email_taken/)
    await expect(page.getByTestId('sso-error')).toHaveText('已有使用此邮箱、以其他方式登录的账号，统一身份认证不会接管它。请按原方式登录；若原方式是密码，登录后可在“账号”页关联此账号。也可联系实例管理员。')
    expect(await userOfIdentity(sql, impostor)).toBeUndefined()
    const { rows } = await sql.query('SELECT i.subject FROM "UserIdentity" i JOIN "User" u ON u.id = i."userId" WHERE u.email = $1', [liWei.email])
    expect(rows.map((r) => r.subject)).toEqual([liWei.sub])
    expect((await userOfIdentity(sql, liWei))!.id).toBe(owner!.id)
  })

  test('a password user whose address the provider also has links the account on /account, then signs in through the provider', async ({ browser, sql }) => {
    test.setTimeout(120_000)
    const password = 'zhou-qing-password-1'
    const userId = `u-link-${Date.now()}`
    await sql.query('DELETE FROM "User" WHERE email = $1', [zhouQing.email])
    await sql.query('INSERT INTO "User" (id, email, name, "passwordHash") VALUES ($1, $2, $3, $4)', [userId, zhouQing.email, '周青', await hashPassword(password)])
    const origin = appOrigin(oidcPorts.app)

    // Through the provider first: refused, the address belongs to a password user.
    const first = await newContext(browser, origin)
    const refused = await first.newPage()
    await signInThroughProvider(refused, zhouQing)
    await expect(refused).toHaveURL(/\/sign-in\?error=email_taken/)
    await first.close()

    // With the password, then "link" on /account: off to the provider and back, linked by choice.
    const context = await newContext(browser, origin)
    const page = await context.newPage()
    await page.goto('/sign-in')
    await page.getByLabel('邮箱').fill(zhouQing.email)
    await page.getByLabel('密码').fill(password)
    await page.getByRole('button', { name: '登录', exact: true }).click()
    await expect(page).not.toHaveURL(/\/sign-in/)
    await page.goto('/account')
    await expect(page.getByTestId('sso-identity')).toHaveCount(0)
    await page.getByRole('button', { name: `关联我的${SSO_LABEL}账号` }).click()
    await page.waitForURL(`${issuer}/interaction/**`)
    await loginAtProvider(page, zhouQing)
    await expect(page).toHaveURL(/\/account\?link=done/)
    await expect(page.getByTestId('sso-link-outcome')).toHaveText(`已关联：今后也可以用${SSO_LABEL}登录。`)
    await expect(page.getByTestId('sso-identity')).toContainText(zhouQing.email)
    expect((await userOfIdentity(sql, zhouQing))!.id).toBe(userId)
    // One session: the one that asked to link ended with the new one's start; the link cookie is gone.
    const { rows: sessions } = await sql.query('SELECT 1 FROM "Session" WHERE "userId" = $1', [userId])
    expect(sessions).toHaveLength(1)
    expect((await context.cookies()).map((c) => c.name)).not.toContain('tagbench.sso-link')

    // Signed out (of the provider too), the provider's sign-in is this user again.
    await page.waitForLoadState('networkidle')
    await page.getByTestId('user-menu').click()
    await page.getByRole('menuitem', { name: '退出登录' }).click()
    await page.waitForURL(`${issuer}/session/end**`)
    await page.getByRole('button', { name: 'Yes, sign me out' }).click()
    await page.waitForURL(/\/sign-in/)
    await toProvider(page)
    await loginAtProvider(page, zhouQing)
    await expect(page).toHaveURL(/\/no-project/)
    await expect(page.getByTestId('no-project')).toContainText(`你已以 周青（${zhouQing.email}）登录`)
    await context.close()
  })

  test('a link cookie whose session has ended links nobody', async ({ browser, sql }) => {
    const origin = appOrigin(oidcPorts.app)
    const context = await newContext(browser, origin)
    try {
      const page = await context.newPage()
      // A cookie for a session that does not exist (signed with the right secret: what is left after a sign-out).
      const value = signLinkIntent({ userId: 'nobody', sessionHandle: '0123456789abcdef' }, process.env.AUTH_SECRET ?? '')
      await context.addCookies([{ name: 'tagbench.sso-link', value, url: origin }])
      await signInThroughProvider(page, sunLei)
      await expect(page).toHaveURL(/\/account\?link=link_expired|\/sign-in/)
      expect(await userOfIdentity(sql, sunLei)).toBeUndefined()
    } finally {
      await context.close()
    }
  })

  test('a disabled user is refused, also with a live session at the provider', async ({ page, sql }) => {
    await signInThroughProvider(page, chenJie)
    await expect(page).toHaveURL(/\/no-project/)
    const user = await userOfIdentity(sql, chenJie)
    await sql.query('UPDATE "User" SET disabled = true WHERE id = $1', [user!.id])
    // The open page is signed out at its next request.
    await page.reload()
    await expect(page).toHaveURL(/\/sign-in/)
    // The provider still knows them (it asks for no password), Tagbench refuses.
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: SSO_LABEL }).click()
    await expect(page).toHaveURL(/\/sign-in\?error=disabled/)
    await expect(page.getByTestId('sso-error')).toHaveText('此账号已停用。如需恢复访问，请联系实例管理员。')
  })

  test('cancelling at the provider comes back as a sentence', async ({ page }) => {
    await page.goto('/sign-in')
    await toProvider(page)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect(page).toHaveURL(/\/sign-in\?error=OAuthCallbackError/)
    await expect(page.getByTestId('sso-error')).toHaveText('身份认证服务未完成登录：登录已在该服务中取消或被拒绝。请重试。')
  })

  test("the sign-in page's policy lets its form lead to the provider, so the button works before the page's scripts run", async ({ browser }) => {
    const origin = appOrigin(oidcPorts.app)
    const context = await browser.newContext({ baseURL: origin, locale: 'zh-CN', javaScriptEnabled: false })
    try {
      const page = await context.newPage()
      const response = await page.goto('/sign-in')
      const formAction = response!.headers()['content-security-policy'].split('; ').find((d) => d.startsWith('form-action'))
      expect(formAction).toBe(`form-action 'self' ${new URL(issuer).origin}`)
      // No scripts at all: the browser submits the form itself and follows the redirect off-site.
      await page.getByRole('button', { name: SSO_LABEL }).click()
      await page.waitForURL(`${issuer}/interaction/**`)
    } finally {
      await context.close()
    }
  })

  test('a tampered state is refused with a sentence, and signs nobody in', async ({ page, context, sql }) => {
    await page.goto('/sign-in')
    await toProvider(page)
    // The provider's answer, taken by hand (the browser context's cookies, no redirects followed)…
    const interaction = new URL(page.url())
    const login = await context.request.post(`${interaction.origin}${interaction.pathname}/login`, {
      form: { login: sunLei.login, password: sunLei.password },
      maxRedirects: 0,
      headers: { Origin: issuer },
    })
    expect(login.status()).toBe(303)
    const resumed = await context.request.get(new URL(login.headers().location, issuer).toString(), { maxRedirects: 0 })
    const callback = new URL(resumed.headers().location)
    expect(callback.pathname).toBe('/api/auth/callback/oidc')
    expect(callback.searchParams.get('code')).toBeTruthy()
    // …with its state altered on the way back.
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`)
    await page.goto(callback.toString())
    // oauth4webapi refuses a state that does not match the signed cookie; Auth.js names that failure
    // only "Configuration" in the URL (it does not tell a client why a callback failed).
    await expect(page).toHaveURL(/\/sign-in\?error=Configuration/)
    await expect(page.getByTestId('sso-error')).toHaveText('统一身份认证未能完成：此次登录可能已过期，或其回应被篡改。请点击按钮重新开始；如仍失败，请联系实例管理员检查统一身份认证设置。')
    expect(await userOfIdentity(sql, sunLei)).toBeUndefined()
  })
})

test.describe('invited only, password sign-in off (a second app server)', () => {
  const origin = appOrigin(oidcPorts.strictApp)
  let server: ChildProcess | undefined

  test.beforeAll(async () => {
    test.setTimeout(120_000)
    const logs = path.resolve('test-results', 'sso-strict-server.log')
    mkdirSync(path.dirname(logs), { recursive: true })
    server = spawn('node_modules/.bin/tsx', ['scripts/server.ts', '-p', String(oidcPorts.strictApp), '-H', '127.0.0.1'], {
      env: { ...process.env, ...oidcAppEnv(), AUTH_URL: origin, TAGBENCH_OIDC_INVITED_ONLY: '1', TAGBENCH_PASSWORD_SIGN_IN: 'off', TAGBENCH_WORKER: 'off', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const log = createWriteStream(logs)
    server.stdout!.pipe(log)
    server.stderr!.pipe(log)
    const deadline = Date.now() + 100_000
    for (;;) {
      const up = await fetch(`${origin}/api/health`).then((r) => r.ok).catch(() => false)
      if (up) break
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`The second app server did not start; see ${logs}.`)
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  })

  test.afterAll(() => {
    server?.kill('SIGTERM')
  })

  test('refuses an address nobody invited, with a sentence, and links an invited one', async ({ browser, sql }) => {
    const context = await newContext(browser, origin)
    const page = await context.newPage()
    await signInThroughProvider(page, sunLei, origin)
    await expect(page).toHaveURL(/\/sign-in\?error=not_invited/)
    await expect(page.getByTestId('sso-error')).toHaveText('你的邮箱尚未受邀使用 Tagbench。请联系实例管理员邀请你，然后重新登录。')
    const { rows: none } = await sql.query('SELECT 1 FROM "User" WHERE email = $1', [sunLei.email])
    expect(none).toHaveLength(0)

    await context.close()

    // An admin invited wang.fang (a user with neither password nor identity yet): the first sign-in links it.
    const invitedId = `u-sso-invited-${Date.now()}`
    await sql.query('INSERT INTO "User" (id, email, name) VALUES ($1, $2, $3)', [invitedId, wangFang.email, '王芳（受邀）'])
    const invited = await newContext(browser, origin)
    const invitedPage = await invited.newPage()
    await signInThroughProvider(invitedPage, wangFang, origin)
    await expect(invitedPage).toHaveURL(/\/no-project/)
    await expect(invitedPage.getByTestId('no-project')).toContainText('王芳（受邀）')
    await invited.close()
    expect(await userOfIdentity(sql, wangFang)).toMatchObject({ id: invitedId, name: '王芳（受邀）' })
  })

  test('hides the password form and refuses a credentials POST on the server; admins keep ?local=1', async ({ browser, sql }) => {
    const context = await newContext(browser, origin)
    const page = await context.newPage()
    await page.goto('/sign-in')
    await expect(page.getByRole('button', { name: SSO_LABEL })).toBeVisible()
    await expect(page.getByLabel('邮箱')).toHaveCount(0)

    // Straight to Auth.js' credentials callback, with a valid CSRF token and the right password.
    const { csrfToken } = (await (await context.request.get('/api/auth/csrf')).json()) as { csrfToken: string }
    const before = new Date()
    const refused = await context.request.post('/api/auth/callback/credentials', {
      form: { csrfToken, email: roleUsers.annotator, password: TEST_PASSWORD, callbackUrl: '/projects' },
      maxRedirects: 0,
    })
    expect(refused.status()).toBe(302)
    expect(refused.headers().location).toMatch(/\/sign-in\?error=CredentialsSignin&code=password_off/)
    const { rows: sessions } = await sql.query('SELECT 1 FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1 AND s."createdAt" >= $2', [roleUsers.annotator, before])
    expect(sessions).toHaveLength(0)
    expect(await (await context.request.get('/api/auth/session')).json()).toBeNull()

    // The page of that refusal says why, in the UI's language.
    await page.goto(refused.headers().location)
    await expect(page.getByTestId('sso-error')).toHaveText('本站已关闭密码登录：请使用统一身份认证登录。')

    // The local fallback: the form at ?local=1 refuses a member and signs an instance admin in.
    await page.goto('/sign-in?local=1')
    await page.getByLabel('邮箱').fill(roleUsers.annotator)
    await page.getByLabel('密码').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page.getByTestId('sign-in-error')).toHaveText('本站已关闭密码登录：请使用统一身份认证登录。')
    await page.getByLabel('邮箱').fill(roleUsers.admin)
    await page.getByLabel('密码').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page).toHaveURL(/\/projects$/, { timeout: 20_000 })
    await context.close()
  })
})
