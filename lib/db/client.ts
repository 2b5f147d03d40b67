import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client'
import { connectionFields } from './connection'
import { readEnv } from '../config/env'

export type Db = PrismaClient

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ ...connectionFields(readEnv('DATABASE_URL')), max: 10 }) })
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { tagbenchDb?: PrismaClient }

export function getDb(): PrismaClient {
  globalForDb.tagbenchDb ??= createClient()
  return globalForDb.tagbenchDb
}

/** Lazily connected client: importing this module does not need DATABASE_URL (e.g. during `next build`). */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_target, property) => {
    const client = getDb()
    const value = Reflect.get(client, property, client)
    return typeof value === 'function' ? value.bind(client) : value
  },
})
