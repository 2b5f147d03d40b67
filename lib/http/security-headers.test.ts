import { describe, expect, it } from 'vitest'
import { pagePolicy, singleSignOnOrigins } from './security-headers'

const formAction = (policy: string) => policy.split('; ').find((d) => d.startsWith('form-action'))

describe('the page policy', () => {
  it("lets forms lead only to this site when single sign-on is off", () => {
    expect(singleSignOnOrigins({})).toEqual([])
    expect(formAction(pagePolicy('n', false, []))).toBe("form-action 'self'")
  })

  it("also lets them lead to the OpenID provider's origin (not its whole path) when it is configured", () => {
    const origins = singleSignOnOrigins({ TAGBENCH_OIDC_ISSUER: 'https://sso.example.edu.cn:8443/realms/staff' })
    expect(origins).toEqual(['https://sso.example.edu.cn:8443'])
    expect(formAction(pagePolicy('n', false, origins))).toBe("form-action 'self' https://sso.example.edu.cn:8443")
  })

  it('never widens the policy for an issuer that is not an http(s) URL', () => {
    expect(singleSignOnOrigins({ TAGBENCH_OIDC_ISSUER: 'not a url' })).toEqual([])
    expect(singleSignOnOrigins({ TAGBENCH_OIDC_ISSUER: 'javascript:alert(1)' })).toEqual([])
  })
})
