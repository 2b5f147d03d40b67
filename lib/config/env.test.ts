import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUTH_SECRET_MIN_BITS, envProblems, envShape, estimatedEntropyBits, readEnv } from './env'
import { checkServerEnv } from './server-env'

const good = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/tagbench', AUTH_SECRET: randomBytes(32).toString('base64') }

describe('AUTH_SECRET', () => {
  it('refuses 32 × "a", and says how to generate a secret', () => {
    const problems = checkServerEnv({ ...good, AUTH_SECRET: 'a'.repeat(32) })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^AUTH_SECRET is too predictable .*openssl rand -base64 32.*\.$/)
  })

  it('refuses a word repeated to length and a short secret', () => {
    expect(checkServerEnv({ ...good, AUTH_SECRET: 'password'.repeat(4) })[0]).toMatch(/too predictable/)
    expect(checkServerEnv({ ...good, AUTH_SECRET: 'Zx8!q' })[0]).toMatch(/at least 32 characters/)
    expect(checkServerEnv({ DATABASE_URL: good.DATABASE_URL })[0]).toMatch(/^AUTH_SECRET is not set: generate one with `openssl rand -base64 32`/)
  })

  it('takes what `openssl rand -base64 32` prints', () => {
    const secret = execFileSync('openssl', ['rand', '-base64', '32'], { encoding: 'utf8' }).trim()
    expect(checkServerEnv({ ...good, AUTH_SECRET: secret })).toEqual([])
  })

  it('takes every random 32-byte secret in base64 or base64url (the demo secret), by a wide margin', () => {
    for (let i = 0; i < 2000; i++) {
      expect(estimatedEntropyBits(randomBytes(32).toString('base64'))).toBeGreaterThan(AUTH_SECRET_MIN_BITS + 40)
      expect(estimatedEntropyBits(randomBytes(32).toString('base64url'))).toBeGreaterThan(AUTH_SECRET_MIN_BITS + 40)
    }
  })

  it('takes the secrets npm test and the benches set', () => {
    const sources = ['scripts/test.ts', 'scripts/bench/review.ts', 'scripts/bench/annotate.ts'].map((file) => readFileSync(path.resolve(file), 'utf8'))
    const secrets = sources.flatMap((source) => [...source.matchAll(/AUTH_SECRET\s*[:=]\s*'([^']+)'/g)].map((m) => m[1]))
    expect(secrets).toHaveLength(3)
    for (const secret of secrets) expect(checkServerEnv({ ...good, AUTH_SECRET: secret })).toEqual([])
  })

  it('estimates 0 bits for one repeated character and about 6 bits a character for base64', () => {
    expect(estimatedEntropyBits('a'.repeat(64))).toBe(0)
    expect(estimatedEntropyBits('ab'.repeat(16))).toBe(32)
    expect(estimatedEntropyBits('')).toBe(0)
  })
})

describe('the server environment', () => {
  it('needs DATABASE_URL, with a sentence', () => {
    expect(checkServerEnv({ AUTH_SECRET: good.AUTH_SECRET })).toEqual([expect.stringMatching(/^DATABASE_URL is not set: /)])
  })

  it('names the variable of a bad value, as a sentence', () => {
    expect(checkServerEnv({ ...good, TAGBENCH_DB_POOL_MAX: 'many' })).toEqual(['TAGBENCH_DB_POOL_MAX must be a number.'])
    expect(envProblems({ PORT: '70000' })).toEqual(['PORT must be 1 to 65535.'])
    expect(envProblems({ TAGBENCH_DB_PREPARE: 'yes' })).toEqual(['TAGBENCH_DB_PREPARE must be 0 or 1.'])
    expect(envProblems({ TAGBENCH_TRUSTED_PROXIES: '10.0.0.1, proxy.internal' })[0]).toMatch(/^TAGBENCH_TRUSTED_PROXIES each entry must be an IP address or a CIDR block/)
  })

  it('is fine with nothing but the two required variables', () => {
    expect(checkServerEnv(good)).toEqual([])
  })
})

describe('single sign-on settings', () => {
  const sso = { TAGBENCH_OIDC_ISSUER: 'https://sso.example.edu.cn/realms/staff', TAGBENCH_OIDC_CLIENT_ID: 'tagbench', TAGBENCH_OIDC_CLIENT_SECRET: 's3cret' }

  it('are fine when complete, with their defaults', () => {
    expect(checkServerEnv({ ...good, ...sso })).toEqual([])
    expect(readEnv('TAGBENCH_OIDC_SCOPES', {})).toBe('openid profile email')
    expect(readEnv('TAGBENCH_OIDC_NAME_CLAIM', {})).toBe('name')
    expect(readEnv('TAGBENCH_PASSWORD_SIGN_IN', {})).toBe('on')
    expect(readEnv('TAGBENCH_OIDC_INVITED_ONLY', {})).toBe('0')
    expect(readEnv('TAGBENCH_OIDC_SCOPES', { TAGBENCH_OIDC_SCOPES: '  openid   email groups ' })).toBe('openid email groups')
  })

  it('refuse an issuer without client id and secret, an admin claim without its value, and password sign-in off without single sign-on', () => {
    expect(checkServerEnv({ ...good, TAGBENCH_OIDC_ISSUER: sso.TAGBENCH_OIDC_ISSUER })).toEqual([
      'TAGBENCH_OIDC_CLIENT_ID and TAGBENCH_OIDC_CLIENT_SECRET must both be set when TAGBENCH_OIDC_ISSUER is.',
    ])
    expect(checkServerEnv({ ...good, ...sso, TAGBENCH_OIDC_ADMIN_CLAIM: 'groups' })).toEqual(['TAGBENCH_OIDC_ADMIN_CLAIM and TAGBENCH_OIDC_ADMIN_VALUE must be set together.'])
    expect(checkServerEnv({ ...good, TAGBENCH_PASSWORD_SIGN_IN: 'off' })).toEqual([
      'TAGBENCH_PASSWORD_SIGN_IN can only be off when single sign-on is configured (TAGBENCH_OIDC_ISSUER).',
    ])
  })

  it('refuse bad values with sentences that name them', () => {
    expect(envProblems({ TAGBENCH_OIDC_ISSUER: 'sso.example.edu.cn' })[0]).toMatch(/^TAGBENCH_OIDC_ISSUER must be the issuer URL/)
    expect(envProblems({ TAGBENCH_OIDC_SCOPES: 'profile email' })).toEqual(['TAGBENCH_OIDC_SCOPES must include openid (e.g. "openid profile email").'])
    expect(envProblems({ TAGBENCH_PASSWORD_SIGN_IN: 'no' })).toEqual(['TAGBENCH_PASSWORD_SIGN_IN must be on or off.'])
  })
})

describe('readEnv', () => {
  it('gives the defaults, also for a variable set to the empty string', () => {
    for (const env of [{}, { TAGBENCH_DB_POOL_MAX: '', PORT: '', TAGBENCH_DATA_DIR: '', TAGBENCH_TRUSTED_PROXIES: '' }]) {
      expect(readEnv('TAGBENCH_DB_POOL_MAX', env)).toBe(20)
      expect(readEnv('PORT', env)).toBe(3000)
      expect(readEnv('TAGBENCH_DATA_DIR', env)).toBe('.data')
      expect(readEnv('TAGBENCH_TRUSTED_PROXIES', env)).toEqual([])
    }
    expect(readEnv('TAGBENCH_TEXT_CACHE_CHARS', {})).toBe(16_000_000)
    expect(readEnv('TAGBENCH_DB_PREPARE', {})).toBe('1')
    expect(readEnv('TEST_PORT', {})).toBe(3107)
    expect(readEnv('TAGBENCH_EXPORT_DIR', {})).toBeUndefined()
    expect(readEnv('DATABASE_URL', {})).toBeUndefined()
  })

  it('parses the values', () => {
    expect(readEnv('TAGBENCH_DB_POOL_MAX', { TAGBENCH_DB_POOL_MAX: '64' })).toBe(64)
    expect(readEnv('TAGBENCH_TEXT_CACHE_CHARS', { TAGBENCH_TEXT_CACHE_CHARS: '0' })).toBe(0)
    expect(readEnv('TAGBENCH_TRUSTED_PROXIES', { TAGBENCH_TRUSTED_PROXIES: ' 10.0.0.1, 10.1.0.0/16 ,::1,fd00::/8,' })).toEqual(['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8'])
  })

  it('throws a sentence that names the variable for a bad value', () => {
    expect(() => readEnv('TAGBENCH_DB_POOL_MAX', { TAGBENCH_DB_POOL_MAX: '0' })).toThrow('TAGBENCH_DB_POOL_MAX must be 1 or more.')
    expect(() => readEnv('TAGBENCH_TRUSTED_PROXIES', { TAGBENCH_TRUSTED_PROXIES: '10.0.0.300' })).toThrow(/^TAGBENCH_TRUSTED_PROXIES each entry/)
  })

  it('reads the variable at the moment it is asked for', () => {
    const env: Record<string, string | undefined> = {}
    expect(readEnv('TAGBENCH_EXPORT_DIR', env)).toBeUndefined()
    env.TAGBENCH_EXPORT_DIR = '/srv/exports'
    expect(readEnv('TAGBENCH_EXPORT_DIR', env)).toBe('/srv/exports')
  })
})

describe('the configuration table', () => {
  const readme = readFileSync(path.resolve('README.md'), 'utf8')
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1))

  it('lists every variable of the schema, with a meaning', () => {
    for (const [name, schema] of Object.entries(envShape)) {
      expect(table, name).toContain(`\`${name}\``)
      expect(schema.description, name).toBeTruthy()
    }
  })

  it('lists every variable the code reads (grep for process.env and readEnv)', () => {
    const files = execFileSync('git', ['ls-files', 'app', 'lib', 'scripts', 'seeds', 'instrumentation.ts', 'proxy.ts', 'next.config.js'], { encoding: 'utf8' })
      .split('\n')
      // env.ts names the variables (its schema is checked above); the rest of the code reads them.
      .filter((f) => /\.(ts|tsx|js|mjs)$/.test(f) && !f.startsWith('lib/generated/') && !/\.test\.tsx?$/.test(f) && f !== 'lib/config/env.ts')
    const read = new Set<string>()
    for (const file of files) {
      const source = readFileSync(path.resolve(file), 'utf8')
      for (const m of source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)|process\.env\[['"]([A-Z][A-Z0-9_]*)['"]\]|readEnv\('([A-Z][A-Z0-9_]*)'/g)) read.add(m[1] ?? m[2] ?? m[3])
      // the benches name their variables in a zod object parsed from process.env
      for (const m of source.matchAll(/^\s+(BENCH_[A-Z0-9_]+):/gm)) read.add(m[1])
    }
    // Set by Next.js or by the scripts for their children, not configuration.
    for (const name of ['NEXT_RUNTIME', 'NEXT_TELEMETRY_DISABLED']) read.delete(name)
    expect(read.size).toBeGreaterThan(15)
    for (const name of read) expect(table, name).toContain(`\`${name}\``)
  })
})
