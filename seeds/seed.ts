// npm run db:seed: applies migrations, then seeds the demo corpus into DATABASE_URL (or the embedded database).
// `npm run db:seed -- --without-labelled-set` leaves out the labelled demo set (docs/decisions/0029).
import { z } from 'zod'
import { readEnv } from '../lib/config/env'
import { migrate, openDatabase } from '../scripts/lib/database'

const args = z.array(z.enum(['--without-labelled-set'])).parse(process.argv.slice(2))

const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
try {
  process.env.DATABASE_URL = database.url
  await migrate(database.url)
  const { seedDemo } = await import('./demo')
  await seedDemo({ password: readEnv('DEMO_PASSWORD'), labelledSet: !args.includes('--without-labelled-set') })
  const { db } = await import('../lib/db/client')
  const { endSqlPool } = await import('../lib/db/sql')
  await db.$disconnect()
  await endSqlPool()
} finally {
  await database.stop()
}
