// npm run db:seed: applies migrations, then seeds the demo corpus into DATABASE_URL (or the embedded database).
import { readEnv } from '../lib/config/env'
import { migrate, openDatabase } from '../scripts/lib/database'

const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
try {
  process.env.DATABASE_URL = database.url
  await migrate(database.url)
  const { seedDemo } = await import('./demo')
  await seedDemo({ password: readEnv('DEMO_PASSWORD') })
  const { db } = await import('../lib/db/client')
  const { endSqlPool } = await import('../lib/db/sql')
  await db.$disconnect()
  await endSqlPool()
} finally {
  await database.stop()
}
