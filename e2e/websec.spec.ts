// Issue #17, holes 2–4: cross-site request forgery, security headers, sign-out on the server,
// and the sign-in limit. Real browser, real cookies, real server.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext } from '@playwright/test'
import { bearer, errorOf, expect, test, type Outsider } from './fixtures'
import { roleUsers, storageStateOf, TEST_PASSWORD } from './roles'
import { createWorkspace } from './workspace'

const appUrl = () => test.info().project.use.baseURL!
const PUBLICITY = '三项制度/行政执法公示制度'

async function pendingTag(sql: import('pg').Pool, tokenFor: (email: string) => Promise<string>, request: import('@playwright/test').APIRequestContext) {
  const ws = await createWorkspace(sql)
  const text = '这一句讲执法公示制度的落实。'
  const documentId = await ws.addDocument('CSRF', text)
  const created = await request.post(`/api/v1/documents/${documentId}/tags`, {
    headers: bearer(await tokenFor(roleUsers.annotator)),
    data: { labelId: ws.label(PUBLICITY), start: 0, end: Array.from(text).length, quote: text },
  })
  expect(created.status()).toBe(201)
  return (await created.json()) as { id: string; version: number }
}

const statusOf = async (sql: import('pg').Pool, tagId: string) => (await sql.query('SELECT status FROM "Tag" WHERE id = $1', [tagId])).rows[0].status as string

/** A context with the given session and exactly the headers the browser itself sends (no test Origin). */
const bareContext = (browser: Browser, storageState?: string | Awaited<ReturnType<BrowserContext['storageState']>>) =>
  browser.newContext({ storageState, extraHTTPHeaders: {} })

test.describe('cross-site request forgery', () => {
  test('a page on another port of the same host cannot approve a tag with the reviewer\'s cookie', async ({ browser, sql, tokenFor, request }) => {
    const tag = await pendingTag(sql, tokenFor, request)
    const target = `${appUrl()}/api/v1/tags/${tag.id}/review`
    // The attacker's page: a no-cors fetch, which may send text/plain only, dressed up as JSON.
    const attacker = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><script>
        fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: { 'Content-Type': 'text/plain;charset=application/json' },
          body: JSON.stringify({ action: 'approve', version: ${tag.version} }) })
          .finally(() => { window.sent = true })
      </script>`)
    })
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
    try {
      const context = await bareContext(browser, storageStateOf('reviewer'))
      const page = await context.newPage()
      const answer = page.waitForResponse((r) => r.url() === target)
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`)
      const response = await answer
      expect(response.status()).toBe(403)
      await page.waitForFunction(() => (window as unknown as { sent?: boolean }).sent === true)
      expect(await statusOf(sql, tag.id)).toBe('pending')
      await context.close()
    } finally {
      attacker.close()
    }
  })

  test('cookie-authenticated writes need our Origin and exact JSON; tokens need neither', async ({ browser, playwright, sql, tokenFor, request }) => {
    const tag = await pendingTag(sql, tokenFor, request)
    const url = `/api/v1/tags/${tag.id}/review`
    const body = JSON.stringify({ action: 'approve', version: tag.version })
    const reviewer = await browser.newContext({ storageState: storageStateOf('reviewer') })

    const foreign = await reviewer.request.post(url, { headers: { Origin: 'http://127.0.0.1:9', 'Content-Type': 'application/json' }, data: body })
    expect(foreign.status()).toBe(403)
    expect(await errorOf(foreign)).toMatchObject({ code: 'forbidden', messageKey: 'auth.crossSite' })

    // No Origin and no Sec-Fetch-Site: not from one of our pages either. (Plain node:http, since
    // Playwright's request contexts add the config's Origin.)
    const cookie = (await reviewer.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const missing = await rawRequest('POST', url, { cookie, 'content-type': 'application/json' }, body)
    expect(missing.status).toBe(403)

    // Same origin, but text/plain with "application/json" hidden in a parameter: not JSON.
    const disguised = await reviewer.request.post(url, { headers: { 'Content-Type': 'text/plain;charset=application/json' }, data: body })
    expect(disguised.status()).toBe(400)
    expect(await errorOf(disguised)).toMatchObject({ code: 'invalid', messageKey: 'input.jsonContentType' })
    expect(await statusOf(sql, tag.id)).toBe('pending')

    // A script with a token sends no Origin: allowed.
    const scripted = await playwright.request.newContext({ baseURL: appUrl(), storageState: { cookies: [], origins: [] } })
    const viaToken = await scripted.post(url, { headers: { ...bearer(await tokenFor(roleUsers.reviewer)), 'Content-Type': 'application/json' }, data: body })
    expect(viaToken.status()).toBe(200)
    expect(await statusOf(sql, tag.id)).toBe('approved')
    await scripted.dispose()
    await reviewer.close()
  })

  test('a server action posted from another site is refused with 403, not a 500', async ({ browser }) => {
    const reviewer = await bareContext(browser, storageStateOf('reviewer'))
    for (const path of ['/settings', '/sign-in']) {
      const response = await reviewer.request.post(path, { headers: { Origin: 'http://127.0.0.1:9', 'Next-Action': '0'.repeat(42), 'Content-Type': 'text/plain;charset=UTF-8' }, data: '[]' })
      expect(response.status(), path).toBe(403)
    }
    await reviewer.close()
  })
})

test.describe('security headers', () => {
  const expectCommon = (headers: Record<string, string>, what: string) => {
    expect(headers['x-content-type-options'], what).toBe('nosniff')
    expect(headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin')
    expect(headers['content-security-policy'], what).toContain("frame-ancestors 'none'")
    expect(headers['x-frame-options'], what).toBe('DENY')
    // Served over plain http here: HSTS only when AUTH_URL is https (lib/auth/trusted-proxy.ts).
    expect(headers['strict-transport-security'], what).toBeUndefined()
  }

  test('on pages, API answers, 404s and static files; pages get a fresh script nonce each time', async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf('annotator') })
    const api = context.request
    const page = await api.get('/projects')
    expect(page.status()).toBe(200)
    expectCommon(page.headers(), 'page')
    const policy = page.headers()['content-security-policy']
    const scriptSrc = policy.split(';').find((d) => d.trim().startsWith('script-src'))!
    expect(scriptSrc).not.toContain("'unsafe-inline'")
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1]
    expect(nonce).toBeTruthy()
    const html = await page.text()
    // Every script tag of the page carries this response's nonce.
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`)
    const again = await api.get('/projects')
    expect(again.headers()['content-security-policy']).not.toContain(nonce!)

    const signIn = await api.get('/sign-in')
    expectCommon(signIn.headers(), 'sign-in page')

    const answer = await api.get('/api/v1/projects')
    expect(answer.status()).toBe(200)
    expectCommon(answer.headers(), 'API answer')

    const missingApi = await api.get('/api/v1/nothing-here')
    expect(missingApi.status()).toBe(404)
    expectCommon(missingApi.headers(), 'API 404')
    const missingPage = await api.get('/no-such-page')
    expect(missingPage.status()).toBe(404)
    expectCommon(missingPage.headers(), 'page 404')

    const asset = /(\/_next\/static\/[^"']+\.js)/.exec(html)?.[1]
    expect(asset).toBeTruthy()
    const script = await api.get(asset!)
    expect(script.status()).toBe(200)
    expectCommon(script.headers(), 'static script')
    const icon = await api.get('/icon.svg')
    expect(icon.status()).toBe(200)
    expectCommon(icon.headers(), 'icon')
    await context.close()
  })

  test('the pages work under the policy: no violation on any main page', async ({ browser, demoProjectId, sql }) => {
    test.setTimeout(120_000)
    const context = await bareContext(browser, storageStateOf('manager'))
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text())
    })
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} on ${location.pathname}`))
    })
    const { rows } = await sql.query('SELECT id FROM "Document" WHERE "projectId" = $1 ORDER BY title LIMIT 1', [demoProjectId])
    for (const path of ['/projects', `/projects/${demoProjectId}`, `/documents/${rows[0].id}`, `/projects/${demoProjectId}/review`, '/settings']) {
      await page.goto(path)
      await page.waitForLoadState('load')
    }
    // The workbench really ran its scripts (hydrated and painted).
    await page.goto(`/documents/${rows[0].id}`)
    await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined)
    const signedOut = await bareContext(browser)
    const signInPage = await signedOut.newPage()
    signInPage.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    await signInPage.goto('/sign-in')
    await signInPage.getByLabel('邮箱').fill(roleUsers.reviewer)
    await signInPage.getByLabel('密码').fill(TEST_PASSWORD)
    await signInPage.getByRole('button', { name: '登录' }).click()
    await expect(signInPage).toHaveURL(/\/projects$/, { timeout: 20_000 })
    expect(violations).toEqual([])
    await signedOut.close()
    await context.close()
  })
})

/** Signs in through the form in a new context of its own. */
async function signedIn(browser: Browser, who: { email: string; password: string }) {
  const context = await bareContext(browser)
  const page = await context.newPage()
  await page.goto('/sign-in')
  await page.getByLabel('邮箱').fill(who.email)
  await page.getByLabel('密码').fill(who.password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page).toHaveURL(/\/projects$/, { timeout: 20_000 })
  return { context, page }
}

const projectsStatus = async (browser: Browser, cookies: Awaited<ReturnType<BrowserContext['storageState']>>) => {
  const copy = await browser.newContext({ storageState: cookies })
  const status = (await copy.request.get('/api/v1/projects')).status()
  await copy.close()
  return status
}

test.describe('sessions end on the server', () => {
  test('signing out through the Auth.js route kills a copied cookie', async ({ browser, outsider }) => {
    test.setTimeout(90_000)
    const { context } = await signedIn(browser, outsider)
    const copied = await context.storageState()
    expect(await projectsStatus(browser, copied)).toBe(200)
    const { csrfToken } = (await (await context.request.get('/api/auth/csrf')).json()) as { csrfToken: string }
    const out = await context.request.post('/api/auth/signout', { form: { csrfToken }, maxRedirects: 0 })
    expect(out.status()).toBeLessThan(400)
    expect(await projectsStatus(browser, copied)).toBe(401)
    await context.close()
  })

  for (const where of ['/settings', '/account']) {
    test(`a user sees their sessions on ${where} and ends the others, then all`, async ({ browser, outsider }) => {
      test.setTimeout(120_000)
      const laptop = await signedIn(browser, outsider)
      const phone = await signedIn(browser, outsider)
      const phoneCookies = await phone.context.storageState()
      const laptopCookies = await laptop.context.storageState()

      await laptop.page.goto(where)
      const rows = laptop.page.getByTestId('session-row')
      await expect(rows).toHaveCount(2)
      await expect(laptop.page.locator('[data-testid="session-row"][data-current]')).toContainText('当前浏览器')
      await laptop.page.locator('[data-testid="session-row"]:not([data-current])').getByRole('button', { name: '结束会话' }).click()
      await expect(rows).toHaveCount(1)
      expect(await projectsStatus(browser, phoneCookies)).toBe(401)
      expect(await projectsStatus(browser, laptopCookies)).toBe(200)

      await laptop.page.getByRole('button', { name: '在所有设备上退出' }).click()
      await expect(laptop.page).toHaveURL(/\/sign-in/, { timeout: 20_000 })
      expect(await projectsStatus(browser, laptopCookies)).toBe(401)
      await laptop.context.close()
      await phone.context.close()
    })
  }
})

/** One HTTP request with exactly these headers, from a chosen local address. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string, localAddress = '127.0.0.1') {
  const base = new URL(appUrl())
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method, localAddress, headers }, (res) => {
      let data = ''
      res.on('data', (chunk) => (data += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Signs in through Auth.js' own endpoints from a chosen local address (127.0.0.x): another client, as the server sees it. */
async function signInFrom(localAddress: string, email: string, password: string, extraHeaders: Record<string, string> = {}): Promise<'ok' | 'invalid_credentials' | 'rate_limited'> {
  const call = (method: string, path: string, headers: Record<string, string>, body?: string) => rawRequest(method, path, headers, body, localAddress)
  const csrf = await call('GET', '/api/auth/csrf', extraHeaders)
  const cookie = (csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ')
  const form = new URLSearchParams({ csrfToken: (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken, email, password, callbackUrl: '/projects' })
  const answer = await call('POST', '/api/auth/callback/credentials', { ...extraHeaders, cookie, 'content-type': 'application/x-www-form-urlencoded' }, form.toString())
  const location = String(answer.headers.location ?? '')
  if (/code=rate_limited/.test(location)) return 'rate_limited'
  if (/error=/.test(location)) return 'invalid_credentials'
  expect((answer.headers['set-cookie'] ?? []).some((c) => c.includes('authjs.session-token='))).toBe(true)
  return 'ok'
}

test.describe('the sign-in limit', () => {
  test('an attacker who knows the e-mail cannot lock its owner out', async ({ outsider }) => {
    // The attacker connects from 127.0.0.2; five wrong passwords lock that (account, address) pair…
    for (let i = 0; i < 5; i++) expect(await signInFrom('127.0.0.2', outsider.email, `wrong-${i}`)).toBe('invalid_credentials')
    expect(await signInFrom('127.0.0.2', outsider.email, outsider.password)).toBe('rate_limited')
    // …and the owner, from their own address, still signs in with the right password.
    expect(await signInFrom('127.0.0.1', outsider.email, outsider.password)).toBe('ok')
  })

  test('X-Forwarded-For from a client that is not a trusted proxy changes nothing', async ({ outsider }) => {
    const fresh = async (o: Outsider, i: number) => signInFrom('127.0.0.3', o.email, `wrong-${i}`, { 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-tagbench-peer': `203.0.113.${i + 1}` })
    for (let i = 0; i < 5; i++) expect(await fresh(outsider, i)).toBe('invalid_credentials')
    // Fresh forwarding headers (and a forged peer header) on every attempt: still the same client.
    expect(await signInFrom('127.0.0.3', outsider.email, outsider.password, { 'x-forwarded-for': '198.51.100.200' })).toBe('rate_limited')
    expect(await signInFrom('127.0.0.1', outsider.email, outsider.password)).toBe('ok')
  })
})

test('an idle keep-alive connection stays open past Node’s 5 s default, so a client reusing it is not reset', async () => {
  test.setTimeout(30_000)
  const base = new URL(appUrl())
  const { Socket } = await import('node:net')
  const socket = new Socket()
  const closedAt: number[] = []
  socket.on('end', () => closedAt.push(Date.now()))
  socket.on('close', () => closedAt.push(Date.now()))
  await new Promise<void>((resolve, reject) => socket.connect(Number(base.port), base.hostname, resolve).once('error', reject))
  const ask = () =>
    new Promise<string>((resolve) => {
      let data = ''
      const onData = (chunk: Buffer) => {
        data += chunk.toString('latin1')
        const headEnd = data.indexOf('\r\n\r\n')
        if (headEnd < 0) return
        const length = /content-length: (\d+)/i.exec(data.slice(0, headEnd))
        const complete = length ? data.length - headEnd - 4 >= Number(length[1]) : data.endsWith('0\r\n\r\n')
        if (complete) {
          socket.off('data', onData)
          resolve(data)
        }
      }
      socket.on('data', onData)
      socket.write(`GET /api/health/live HTTP/1.1\r\nHost: ${base.host}\r\nConnection: keep-alive\r\n\r\n`)
    })
  expect(await ask()).toMatch(/^HTTP\/1\.1 200/)
  await new Promise((resolve) => setTimeout(resolve, 7_000))
  expect(closedAt, 'the server closed the idle connection').toEqual([])
  expect(await ask()).toMatch(/^HTTP\/1\.1 200/)
  socket.destroy()
})
