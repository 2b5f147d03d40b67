// Every environment variable the app and its scripts read, in one schema: its default, its meaning
// (the README's configuration table says the same), and what a valid value is. The server checks
// the whole of it when it starts (lib/config/server-env.ts, from instrumentation.ts and `npm start`);
// code reads a variable with readEnv('NAME'), which parses it at that moment, so that a test or
// script that sets a variable later is seen. Bench-only variables (BENCH_*) stay with the benches.
import { z } from 'zod'

/** A value the shell left empty (`VAR= npm start`) counts as unset, so its default applies. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional())
// zod's default is the parsed value (it is not parsed again): a number, an array.
const withDefault = <T extends z.ZodType>(schema: T, value: z.output<T>) => z.preprocess(unsetIfEmpty, schema.default(value as never))

const port = z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be 1 to 65535').max(65535, 'must be 1 to 65535')
const seconds = z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1, 'must be 1 second or more').max(86_400, 'must be at most a day (86400)')
const flag = z.enum(['0', '1'], { error: 'must be 0 or 1' })

/**
 * Estimated entropy of a secret in bits: its length times the Shannon entropy of its characters'
 * frequencies. A crude but honest lower bar: 32 × "a" has 0 bits, a word repeated has few, and
 * `openssl rand -base64 32` (44 characters) has about 200.
 */
export function estimatedEntropyBits(secret: string): number {
  const characters = Array.from(secret)
  const counts = new Map<string, number>()
  for (const c of characters) counts.set(c, (counts.get(c) ?? 0) + 1)
  let perCharacter = 0
  for (const count of counts.values()) {
    const p = count / characters.length
    perCharacter -= p * Math.log2(p)
  }
  return perCharacter * characters.length
}

/** Sessions are signed with this; 128 bits is what a guess must not reach. */
export const AUTH_SECRET_MIN_BITS = 128
const howToGenerate = 'generate one with `openssl rand -base64 32` and set it in the environment'

export const authSecretSchema = z
  .string({ error: `AUTH_SECRET is not set: ${howToGenerate}.` })
  .min(32, `AUTH_SECRET must be at least 32 characters: ${howToGenerate}.`)
  .refine((secret) => estimatedEntropyBits(secret) >= AUTH_SECRET_MIN_BITS, {
    message: `AUTH_SECRET is too predictable (repeated or few distinct characters): ${howToGenerate}.`,
  })

/** "10.0.0.1, 10.1.0.0/16" → ["10.0.0.1", "10.1.0.0/16"]; each an IPv4 or IPv6 address or CIDR block. */
const trustedProxiesSchema = z
  .string()
  .transform((list) => list.split(',').map((entry) => entry.trim()).filter(Boolean))
  .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: 'each entry must be an IP address or a CIDR block, e.g. 10.0.0.1 or 10.1.0.0/16' })))

/** Every variable with its schema; `.describe()` is its meaning, as in the README's table. */
export const envShape = {
  DATABASE_URL: optional(z.string().min(1)).describe(
    'A Postgres URL. When set, nothing embedded starts and the app runs in production mode (AUTH_SECRET required). Unset: `npm start` runs an embedded Postgres under the data folder.',
  ),
  AUTH_SECRET: optional(z.string()).describe('Signs sessions (at least 32 characters, 128 bits of entropy). Generated and kept in the data folder in demo mode; required with DATABASE_URL.'),
  PORT: withDefault(port, 3000).describe('Port the app listens on.'),
  HOSTNAME: withDefault(z.string().min(1), '127.0.0.1').describe('Address the app listens on.'),
  TAGBENCH_DATA_DIR: withDefault(z.string().min(1), '.data').describe('Embedded database and generated demo secret; survives restarts.'),
  TAGBENCH_EXPORT_DIR: optional(z.string().min(1)).describe('Where finished export zips are kept (share it between servers); default <data dir>/exports.'),
  TAGBENCH_PG_PORT: optional(port).describe('Port of the embedded Postgres, on 127.0.0.1; default 54329 (npm start), 54339 (npm test).'),
  TAGBENCH_PG_LOG: optional(z.string()).describe("Any value: print the embedded Postgres' log lines."),
  TAGBENCH_SEED_DEMO: optional(flag).describe('Seed the demo project on start; default 1 with the embedded database, 0 with DATABASE_URL.'),
  DEMO_PASSWORD: optional(z.string().min(1)).describe('Password of the demo users when they are first created; default generated and printed once.'),
  TAGBENCH_DB_POOL_MAX: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(500, 'must be 500 or fewer'), 20).describe(
    'Connections of the pool that serves the hot paths (actor, tag writes, review; docs/decisions/0008); Prisma keeps its own 10 and exports their own 4.',
  ),
  TAGBENCH_DB_PREPARE: withDefault(flag, '1').describe('0 sends the hot paths’ statements unnamed, for a pooler in transaction mode without prepared statements (PgBouncer before 1.21).'),
  TAGBENCH_TEXT_CACHE_CHARS: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more'), 16_000_000).describe(
    'UTF-16 code units of document text a server process keeps to check tag quotes; least recently used out; 0 turns it off.',
  ),
  TAGBENCH_TRUSTED_PROXIES: withDefault(trustedProxiesSchema, []).describe(
    'Comma-separated IP addresses or CIDR blocks of the proxies whose X-Forwarded-For is trusted (for the login limit); default none: the connecting address counts.',
  ),
  TAGBENCH_WORKER: withDefault(z.enum(['on', 'off'], { error: 'must be on or off' }), 'on').describe(
    'on: the web process also runs the job workers (exports, file imports); off: it only queues jobs, and `npm run worker` processes run them.',
  ),
  TAGBENCH_JOB_EXPIRE_SECONDS: withDefault(seconds, 1800).describe(
    'A job still running after this many seconds counts as lost (its worker died) and is retried; longer than the longest export or import.',
  ),
  TAGBENCH_JOB_RETRY_LIMIT: withDefault(z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(20, 'must be 20 or fewer'), 2).describe(
    'Times a failed job is tried again (with growing delays) before it is marked failed with its reason.',
  ),
  TAGBENCH_JOB_RETRY_DELAY_SECONDS: withDefault(seconds, 10).describe('Delay before the first retry of a failed job; doubled for each further retry.'),
  TAGBENCH_JOB_MAINTENANCE_SECONDS: withDefault(seconds, 30).describe('How often the queue looks for jobs that ran past their expiry (dead workers); one process does it at a time.'),
  TAGBENCH_INVITATION_DAYS: withDefault(z.coerce.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be 1 day or more').max(90, 'must be 90 days or fewer'), 7).describe(
    'Days an invitation or password-reset link stays valid; it works once.',
  ),
  // Single sign-on (docs/decisions/0023): one OpenID Connect provider; on when TAGBENCH_OIDC_ISSUER is set.
  TAGBENCH_OIDC_ISSUER: optional(z.url({ protocol: /^https?$/, error: 'must be the issuer URL of the OpenID provider, e.g. https://sso.example.edu.cn/realms/staff' })).describe(
    "The OpenID provider's issuer URL, exactly as its discovery document names it; set, it turns single sign-on on (client id and secret are then required).",
  ),
  TAGBENCH_OIDC_CLIENT_ID: optional(z.string().min(1)).describe('The client id Tagbench is registered under at the provider.'),
  TAGBENCH_OIDC_CLIENT_SECRET: optional(z.string().min(1)).describe('The client secret of that registration.'),
  TAGBENCH_OIDC_SCOPES: withDefault(
    z.string().regex(/(^|\s)openid(\s|$)/, 'must include openid (e.g. "openid profile email")').transform((scopes) => scopes.trim().split(/\s+/).join(' ')),
    'openid profile email',
  ).describe('Scopes asked for at sign-in, separated by spaces; must include openid.'),
  TAGBENCH_OIDC_NAME_CLAIM: withDefault(z.string().min(1), 'name').describe('The claim that holds the display name (falls back to the e-mail address when absent).'),
  TAGBENCH_OIDC_ADMIN_CLAIM: optional(z.string().min(1)).describe('A claim (e.g. groups) whose value TAGBENCH_OIDC_ADMIN_VALUE makes the user an instance admin at sign-in.'),
  TAGBENCH_OIDC_ADMIN_VALUE: optional(z.string().min(1)).describe('The value of TAGBENCH_OIDC_ADMIN_CLAIM (a string, or one entry of a list) that grants the admin right.'),
  TAGBENCH_OIDC_LABEL: withDefault(z.string().trim().min(1).max(60, 'must be at most 60 characters'), 'Single sign-on').describe('Text of the single sign-on button, e.g. "统一身份认证".'),
  TAGBENCH_OIDC_INVITED_ONLY: withDefault(flag, '0').describe('1: only the e-mail addresses of existing, active users may sign in through single sign-on; 0: a first sign-in creates a user without projects.'),
  TAGBENCH_PASSWORD_SIGN_IN: withDefault(z.enum(['on', 'off'], { error: 'must be on or off' }), 'on').describe(
    'off: the password form is hidden and the server refuses passwords, except for instance admins at /sign-in?local=1 (the fallback when the provider is down).',
  ),
  TAGBENCH_IMPORT_THREADS: withDefault(
    z.union([z.literal('auto'), z.coerce.number({ error: 'must be auto or a number of threads' }).int('must be auto or a whole number').min(0, 'must be 0 or more').max(64, 'must be 64 or fewer')], {
      error: 'must be auto or a number of threads (0 to 64)',
    }),
    'auto',
  ).describe(
    'Threads that read imported files (text, body, metadata) beside each worker process’s job thread: auto = the cores (os.availableParallelism()) less one for the job thread, at least 1, at most 4; 0 reads in the job thread.',
  ),
  // Mail (issue 12): invitation and reset links are also sent when an SMTP server is named; they are always shown to copy.
  TAGBENCH_SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.edu.cn:587' })).describe(
    'The SMTP server invitation and password-reset links are sent through (smtp:// with STARTTLS when offered, smtps:// for TLS); unset: links are only shown to copy.',
  ),
  TAGBENCH_SMTP_FROM: withDefault(z.string().trim().min(3, 'must be an address, e.g. Tagbench <tagbench@example.edu.cn>'), 'Tagbench <tagbench@localhost>').describe('The From: of those mails.'),
  TEST_PORT: withDefault(port, 3107).describe('npm test: port of the app under test.'),
  TEST_DATABASE_URL: optional(z.string().min(1)).describe('npm test: a Postgres to test against instead of a throw-away embedded one.'),
} satisfies Record<string, z.ZodType>

/** process.env, or any set of variables (tests, a child's environment). */
export type Env = Record<string, string | undefined>

export type EnvName = keyof typeof envShape
export type EnvValue<N extends EnvName> = z.output<(typeof envShape)[N]>

export const envSchema = z.object(envShape).superRefine((env, context) => {
  // Settings that only mean something together (single sign-on), checked at start like the rest.
  if (env.TAGBENCH_OIDC_ISSUER && (!env.TAGBENCH_OIDC_CLIENT_ID || !env.TAGBENCH_OIDC_CLIENT_SECRET)) {
    context.addIssue({ code: 'custom', path: ['TAGBENCH_OIDC_CLIENT_ID'], message: 'TAGBENCH_OIDC_CLIENT_ID and TAGBENCH_OIDC_CLIENT_SECRET must both be set when TAGBENCH_OIDC_ISSUER is' })
  }
  if (Boolean(env.TAGBENCH_OIDC_ADMIN_CLAIM) !== Boolean(env.TAGBENCH_OIDC_ADMIN_VALUE)) {
    context.addIssue({ code: 'custom', path: ['TAGBENCH_OIDC_ADMIN_CLAIM'], message: 'TAGBENCH_OIDC_ADMIN_CLAIM and TAGBENCH_OIDC_ADMIN_VALUE must be set together' })
  }
  if (env.TAGBENCH_PASSWORD_SIGN_IN === 'off' && !env.TAGBENCH_OIDC_ISSUER) {
    context.addIssue({ code: 'custom', path: ['TAGBENCH_PASSWORD_SIGN_IN'], message: 'TAGBENCH_PASSWORD_SIGN_IN can only be off when single sign-on is configured (TAGBENCH_OIDC_ISSUER)' })
  }
})

/** Names a refusal after its variable: "TAGBENCH_DB_POOL_MAX must be a whole number". */
function sentenceOf(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? '')
  const sentence = issue.message.startsWith(name) ? issue.message : `${name} ${issue.message}`.trim()
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

/** Reads one variable now, with its default; a bad value throws a sentence that names it. */
export function readEnv<N extends EnvName>(name: N, env: Env = process.env): EnvValue<N> {
  const result = envShape[name].safeParse(env[name])
  if (!result.success) throw new Error(result.error.issues.map((issue) => sentenceOf({ ...issue, path: [name, ...issue.path] })).join('; '))
  return result.data as EnvValue<N>
}

/** Every problem with the environment, as sentences (empty when it is fine). */
export function envProblems(env: Env = process.env): string[] {
  const result = envSchema.safeParse(env)
  return result.success ? [] : result.error.issues.map(sentenceOf)
}
