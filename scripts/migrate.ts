// npm run db:migrate: applies committed migrations to DATABASE_URL (or the embedded demo database).
import { migrate, openDatabase } from './lib/database'

const db = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
try {
  await migrate(db.url)
} finally {
  await db.stop()
}
