// npm start: the whole app on one command. Without DATABASE_URL it runs the demo: an embedded
// Postgres under .data/ (or TAGBENCH_DATA_DIR), the demo seed, and a generated AUTH_SECRET kept
// there too. With DATABASE_URL it is production: that database, and AUTH_SECRET must be set.
import { spawn, type ChildProcess } from 'node:child_process'
import { z } from 'zod'
import { assertServerEnv, checkServerEnv } from '../lib/config/server-env'
import { readEnv } from '../lib/config/env'
import { demoAuthSecret } from '../lib/config/secrets'
import { migrate, openDatabase } from './lib/database'
import { buildIfStale } from './lib/build'
import { bin, onShutdown } from './lib/process'

const options = { PORT: readEnv('PORT'), HOSTNAME: readEnv('HOSTNAME'), TAGBENCH_SEED_DEMO: readEnv('TAGBENCH_SEED_DEMO') }
const args = z.array(z.enum(['--dev'])).parse(process.argv.slice(2))
const dev = args.includes('--dev')
const t0 = Date.now()

const children: ChildProcess[] = []
const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
onShutdown(database.stop, () => children)

process.env.DATABASE_URL = database.url
if (database.embedded && !readEnv('AUTH_SECRET')) process.env.AUTH_SECRET = await demoAuthSecret()
if (checkServerEnv().length) {
  await database.stop()
  assertServerEnv()
}

await migrate(database.url)

if (database.embedded ? options.TAGBENCH_SEED_DEMO !== '0' : options.TAGBENCH_SEED_DEMO === '1') {
  const { seedDemo } = await import('../seeds/demo')
  await seedDemo({ password: readEnv('DEMO_PASSWORD') })
  const { db } = await import('../lib/db/client')
  const { endSqlPool } = await import('../lib/db/sql')
  await db.$disconnect()
  await endSqlPool()
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
if (!dev) await buildIfStale(env)

// scripts/server.ts: Next.js behind node:http, which tells the app the real peer address.
const server = spawn(bin('tsx'), ['scripts/server.ts', ...(dev ? ['--dev'] : []), '-p', String(options.PORT), '-H', options.HOSTNAME], { stdio: 'inherit', env })
children.push(server)
server.on('exit', async (code) => {
  await database.stop()
  process.exit(code ?? 0)
})
console.log(`Tagbench is starting at http://${options.HOSTNAME}:${options.PORT} (prepared in ${((Date.now() - t0) / 1000).toFixed(1)} s)`)
