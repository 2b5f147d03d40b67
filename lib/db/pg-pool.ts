// A small node-postgres pool for work Prisma cannot do: server-side cursors and COPY (exports).
import pg from 'pg'
import { connectionFields } from './connection'
import { readEnv } from '../config/env'

const globalForPool = globalThis as unknown as { tagbenchPgPool?: pg.Pool }

export function pgPool(): pg.Pool {
  globalForPool.tagbenchPgPool ??= new pg.Pool({ ...connectionFields(readEnv('DATABASE_URL')), max: 4, allowExitOnIdle: true })
  return globalForPool.tagbenchPgPool
}
