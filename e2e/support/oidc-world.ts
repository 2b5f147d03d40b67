// The test OpenID provider's world, shared by the provider (oidc-provider.ts), the Playwright config
// (the app's single sign-on settings) and e2e/sso.spec.ts: its address, its client, its accounts.
// Ports follow TEST_PORT (CI: 3107 → provider 3108, second app 3109), so that parallel checkouts
// with their own TEST_PORT do not collide.

const appPort = Number(process.env.TEST_PORT ?? 3107)

export const oidcPorts = { app: appPort, provider: appPort + 1, strictApp: appPort + 2 }
export const issuer = `http://127.0.0.1:${oidcPorts.provider}`
export const appOrigin = (port: number) => `http://127.0.0.1:${port}`

export const oidcClient = {
  client_id: 'tagbench-e2e',
  client_secret: 'tagbench-e2e-client-secret-0123456789',
  redirect_uris: [oidcPorts.app, oidcPorts.strictApp].map((port) => `${appOrigin(port)}/api/auth/callback/oidc`),
  post_logout_redirect_uris: [oidcPorts.app, oidcPorts.strictApp].map((port) => `${appOrigin(port)}/sign-in`),
}

export const ADMIN_GROUP = 'tagbench-admins'
export const SSO_LABEL = '统一身份认证'

export interface ProviderAccount {
  login: string
  password: string
  sub: string
  email: string
  email_verified: boolean
  name: string
  groups: string[]
}

const account = (login: string, sub: string, email: string, name: string, groups: string[] = ['staff']): ProviderAccount => ({
  login,
  password: `${login}-provider-password`,
  sub,
  email,
  email_verified: true,
  name,
  groups,
})

export const providerAccounts = {
  /** Signs in first with no project, is added, signs in again into the project. */
  liWei: account('li.wei', 'u-1001-li-wei', 'li.wei@uni.test', '李伟'),
  /** In the admin group. */
  zhaoMin: account('zhao.min', 'u-1002-zhao-min', 'zhao.min@uni.test', '赵敏', ['staff', ADMIN_GROUP]),
  /** Another account at the provider with li.wei's e-mail address (another sub). */
  impostor: account('impostor', 'u-2001-impostor', 'li.wei@uni.test', '冒名者'),
  /** Leaves: an admin disables them. */
  chenJie: account('chen.jie', 'u-1003-chen-jie', 'chen.jie@uni.test', '陈杰'),
  /** Invited (a user without password or identity) before the invited-only server lets them in. */
  wangFang: account('wang.fang', 'u-1004-wang-fang', 'wang.fang@uni.test', '王芳'),
  /** Never invited. */
  sunLei: account('sun.lei', 'u-1005-sun-lei', 'sun.lei@uni.test', '孙磊'),
  /** Had a password user before single sign-on was turned on: links the account on /account. */
  zhouQing: account('zhou.qing', 'u-1006-zhou-qing', 'zhou.qing@uni.test', '周青'),
} satisfies Record<string, ProviderAccount>

/** The app's single sign-on settings against this provider (password sign-in stays on). */
export function oidcAppEnv(): Record<string, string> {
  return {
    TAGBENCH_OIDC_ISSUER: issuer,
    TAGBENCH_OIDC_CLIENT_ID: oidcClient.client_id,
    TAGBENCH_OIDC_CLIENT_SECRET: oidcClient.client_secret,
    TAGBENCH_OIDC_SCOPES: 'openid profile email groups',
    TAGBENCH_OIDC_ADMIN_CLAIM: 'groups',
    TAGBENCH_OIDC_ADMIN_VALUE: ADMIN_GROUP,
    TAGBENCH_OIDC_LABEL: SSO_LABEL,
  }
}
