import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './redirect'

const origin = 'https://tagbench.example'

describe('safeRedirectPath', () => {
  it.each([
    '//evil.com',
    '//evil.com/projects',
    'https://evil.com',
    'http://evil.com/projects',
    '/\\evil.com',
    '\\\\evil.com',
    '/\\/evil.com',
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    '/\t/evil.com',
    ' /projects',
    'projects',
    '',
  ])('refuses %j and falls back', (value) => {
    expect(safeRedirectPath(value)).toBe('/')
    expect(safeRedirectPath(value, '/projects')).toBe('/projects')
  })

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, ['/projects'], { href: '/projects' }]) expect(safeRedirectPath(value)).toBe('/')
  })

  it.each(['/', '/projects', '/projects/x?y=1', '/projects/abc/documents/def?page=2#tag-3', '/settings/tokens'])('accepts the same-site path %j', (value) => {
    expect(safeRedirectPath(value)).toBe(value)
  })

  it('never leaves the site, whatever it returns', () => {
    const inputs = ['//evil.com', '/\\evil.com', 'https://evil.com', '/%2F%2Fevil.com', '/projects/x?next=//evil.com', '/.//evil.com']
    for (const input of inputs) {
      const target = new URL(safeRedirectPath(input), origin)
      expect(target.origin, input).toBe(origin)
    }
  })
})
