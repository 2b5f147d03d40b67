// A real OpenID provider for the single sign-on tests (panva's oidc-provider), on loopback, with the
// accounts of oidc-world.ts and its own login page (login + password; Cancel answers access_denied).
// Started by Playwright's webServer list (playwright.config.ts); run alone: tsx e2e/support/oidc-provider.ts
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import Provider, { type KoaContextWithOIDC } from 'oidc-provider'
import { issuer, oidcClient, oidcPorts, providerAccounts } from './oidc-world'

const accounts = Object.values(providerAccounts)
const bySub = new Map(accounts.map((a) => [a.sub, a]))

const provider = new Provider(issuer, {
  clients: [{ ...oidcClient, grant_types: ['authorization_code'], response_types: ['code'] }],
  pkce: { required: () => true },
  cookies: { keys: ['oidc-e2e-cookie-key-0123456789abcdef'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'email', 'groups'],
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
    const account = bySub.get(sub)
    if (!account) return undefined
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: account.email_verified, name: account.name, groups: account.groups }
      },
    }
  },
  // A first-party client: every scope is granted without a consent screen.
  async loadExistingGrant(ctx: KoaContextWithOIDC) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId)
    if (grantId) return ctx.oidc.provider.Grant.find(grantId)
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId })
    grant.addOIDCScope('openid profile email groups')
    await grant.save()
    return grant
  },
  ttl: { Session: 3600, Grant: 3600, Interaction: 600, AccessToken: 600, AuthorizationCode: 60, IdToken: 3600 },
})

// Why the provider refused something, in the test log (its answers only say "invalid_grant").
for (const event of ['grant.error', 'authorization.error', 'server_error', 'end_session.error', 'userinfo.error']) {
  provider.on(event, (ctx: unknown, error: { message?: string; error_detail?: string }) =>
    console.error(`test provider ${event}: ${error.message} ${error.error_detail ?? ''} ${JSON.stringify((ctx as { oidc?: { params?: unknown } }).oidc?.params ?? {})}`),
  )
}

provider.on('authorization.accepted', (ctx: unknown) => console.log(`test provider authorization: ${JSON.stringify((ctx as { oidc?: { params?: unknown } }).oidc?.params ?? {})}`))

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function loginPage(uid: string, message = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider: sign in</title></head><body>
<h1>Test university sign-in</h1>${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in at the provider</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form></body></html>`
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

function html(response: ServerResponse, body: string, status = 200) {
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' })
  response.end(body)
}

const route = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/
const callback = provider.callback()

createServer(async (request, response) => {
  const match = route.exec(new URL(request.url ?? '/', issuer).pathname)
  if (!match) return callback(request, response)
  try {
    const [, uid, step] = match
    const details = await provider.interactionDetails(request, response)
    if (details.uid !== uid) return html(response, 'This sign-in is no longer current.', 400)
    if (!step) return html(response, loginPage(uid))
    if (request.method !== 'POST') return html(response, 'Use the form.', 405)
    if (step === 'abort') {
      return provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, { mergeWithLastSubmission: false })
    }
    const form = await formOf(request)
    const account = accounts.find((a) => a.login === form.get('login') && a.password === form.get('password'))
    if (!account) return html(response, loginPage(uid, 'Wrong login or password.'), 401)
    return provider.interactionFinished(request, response, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false })
  } catch (error) {
    html(response, `The test provider failed: ${escape(error instanceof Error ? error.message : String(error))}`, 500)
  }
}).listen(oidcPorts.provider, '127.0.0.1', () => console.log(`Test OpenID provider at ${issuer}`))
