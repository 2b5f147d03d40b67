// npm test: every check, in order, against a real Postgres and a real browser.
//   type check → lint → unit and integration tests (vitest, twice: in UTC and in Asia/Shanghai)
//   → production build → Playwright (Chromium)
// The test database is a throw-away embedded Postgres under .data/test-postgres (or DATABASE_URL
// when TEST_DATABASE_URL is set), recreated empty on every run and seeded with the demo data.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { buildIfStale } from './lib/build'
import { openDatabase, recreateDatabase } from './lib/database'
import { bin, run } from './lib/process'
import { readEnv } from '../lib/config/env'

// Flags, then optional test files: `*.test.ts` go to vitest, `*.spec.ts` to Playwright; when files
// are named, only the runners that got some run (e.g. `npm test -- --skip-checks tests/integration/tags.test.ts`).
const argv = process.argv.slice(2)
const flags = z.array(z.enum(['--no-e2e', '--only-e2e', '--skip-checks'])).parse(argv.filter((a) => a.startsWith('--')))
const files = z
  .array(z.string().regex(/\.(test|spec)\.tsx?$/, 'Name test files (*.test.ts for vitest, *.spec.ts for Playwright) or the flags --no-e2e, --only-e2e, --skip-checks.'))
  .parse(argv.filter((a) => !a.startsWith('--')))
const vitestFiles = files.filter((f) => /\.test\.tsx?$/.test(f))
const e2eFiles = files.filter((f) => /\.spec\.tsx?$/.test(f))
const args = [
  ...flags,
  ...(files.length > 0 && vitestFiles.length === 0 ? ['--only-e2e'] : []),
  ...(files.length > 0 && e2eFiles.length === 0 ? ['--no-e2e'] : []),
]
const env = { TEST_DATABASE_URL: readEnv('TEST_DATABASE_URL'), TEST_PORT: readEnv('TEST_PORT') }

export const TEST_PASSWORD = 'tagbench-test-password'
const reports = path.resolve('test-results')
const VITEST_ZONES = ['UTC', 'Asia/Shanghai']
const vitestReport = (zone: string) => path.join(reports, `vitest-${zone.replace('/', '-')}.json`)
const timings: [string, number][] = []

async function step(name: string, work: () => Promise<void>) {
  console.log(`\n━━ ${name}`)
  const started = Date.now()
  await work()
  timings.push([name, Date.now() - started])
}

function counts(file: string, pick: (json: unknown) => { passed: number; failed: number }) {
  return existsSync(file) ? pick(JSON.parse(readFileSync(file, 'utf8'))) : { passed: 0, failed: 0 }
}

const vitestCounts = (json: unknown) => {
  const r = json as { numPassedTests: number; numFailedTests: number }
  return { passed: r.numPassedTests, failed: r.numFailedTests }
}
const playwrightCounts = (json: unknown) => {
  const r = json as { stats: { expected: number; unexpected: number; flaky: number } }
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected }
}

delete process.env.DATABASE_URL
if (env.TEST_DATABASE_URL) process.env.DATABASE_URL = env.TEST_DATABASE_URL
rmSync(reports, { recursive: true, force: true })
const database = await openDatabase({ name: 'tagbench_test', folder: 'test-postgres', defaultPort: 54339, ephemeral: true })
const testEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  AUTH_SECRET: 'test-secret-that-is-only-used-by-npm-test-0123456789',
  DEMO_PASSWORD: TEST_PASSWORD,
  NEXT_TELEMETRY_DISABLED: '1',
  TEST_PORT: String(env.TEST_PORT),
  TZ: 'UTC',
}

let failure: unknown
try {
  const freshDatabase = async () => {
    await recreateDatabase(database.url)
    // seed.ts applies the migrations first.
    await run(bin('tsx'), ['seeds/seed.ts'], { env: testEnv })
  }
  await step('Test database', freshDatabase)
  if (!args.includes('--only-e2e') && !args.includes('--skip-checks')) {
    await step('Type check', () => run(bin('tsc'), ['--noEmit'], { env: testEnv }))
    await step('Lint', () => run(bin('eslint'), ['--max-warnings', '0', '.'], { env: testEnv }))
  }
  if (!args.includes('--only-e2e')) {
    // Users run the app in China: every vitest file (tag writes, reviews, exports, tokens, sessions,
    // imports) runs a second time with the process in Asia/Shanghai, where a Date sent or read as
    // local time is 8 hours off. Both passes run even when the first fails, so both are reported.
    let failed: unknown
    for (const [i, zone] of VITEST_ZONES.entries()) {
      // Each pass starts from the freshly seeded database, as the first one does (some tests read
      // whole tables, e.g. the backup's, and would see the rows the previous pass left).
      if (i > 0) await step(`Test database again (for TZ=${zone})`, freshDatabase)
      await step(`Unit and integration tests (TZ=${zone})`, () =>
        run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport(zone)}`, ...vitestFiles], { env: { ...testEnv, TZ: zone } }),
      ).catch((error: unknown) => {
        failed ??= error
      })
    }
    if (failed) throw failed
  }
  if (!args.includes('--no-e2e')) {
    await step('Production build', () => buildIfStale(testEnv))
    await step('Browser and API tests (Playwright, Chromium)', () => run(bin('playwright'), ['test', ...e2eFiles], { env: testEnv }))
  }
} catch (error) {
  failure = error
} finally {
  await database.stop()
}

console.log('\n━━ Summary')
for (const [name, ms] of timings) console.log(`${name.padEnd(48)} ${(ms / 1000).toFixed(1).padStart(6)} s`)
const v = VITEST_ZONES.map((zone) => counts(vitestReport(zone), vitestCounts)).reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed }))
const p = counts(path.join(reports, 'playwright.json'), playwrightCounts)
if (failure) console.error(`\n${failure instanceof Error ? failure.message : String(failure)}`)
console.log(`vitest (${VITEST_ZONES.join(' + ')}): ${v.passed} passed, ${v.failed} failed; playwright: ${p.passed} passed, ${p.failed} failed`)
// The plain closing line CI reads.
console.log(`${v.passed + p.passed} passed, ${v.failed + p.failed} failed`)
process.exit(failure || v.failed + p.failed > 0 ? 1 : 0)
