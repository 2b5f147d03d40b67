// Times are timestamptz (instants), but turning one into a day depends on the session's zone:
// `::date`, `to_char`, `date_trunc`, and Prisma's `@db.Date` values are UTC midnights. An embedded
// Postgres takes its time zone from the machine (initdb), so on a laptop in China such days would
// shift by 8 hours unless each connection runs in UTC: lib/db/connection.ts sets it for every pool
// and client.
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionFields } from '../../lib/db/connection'
import { PrismaClient } from '../../lib/generated/prisma/client'
import { requireDatabaseUrl } from './support'

const url = requireDatabaseUrl()
const fields = connectionFields(url)
const admin = new pg.Client({ ...fields, database: 'postgres' })

describe('a Postgres server whose time zone is not UTC', () => {
  beforeAll(async () => {
    await admin.connect()
    // Applies to sessions opened from now on, as a server configured for Asia/Shanghai would.
    await admin.query(`ALTER DATABASE "${fields.database.replace(/"/g, '""')}" SET timezone = 'Asia/Shanghai'`)
  })
  afterAll(async () => {
    await admin.query(`ALTER DATABASE "${fields.database.replace(/"/g, '""')}" RESET timezone`)
    await admin.end()
  })

  it('still gives every new connection of the app a UTC session', async () => {
    const bare = new pg.Client({ host: fields.host, port: fields.port, user: fields.user, password: fields.password, database: fields.database })
    await bare.connect()
    // The setting really is in force for a connection that does not ask for UTC (the test would prove nothing otherwise).
    expect((await bare.query<{ TimeZone: string }>('SHOW TimeZone')).rows[0].TimeZone).toBe('Asia/Shanghai')
    await bare.end()

    const pool = new pg.Pool({ ...connectionFields(url), max: 1 })
    expect((await pool.query<{ TimeZone: string }>('SHOW TimeZone')).rows[0].TimeZone).toBe('UTC')
    await pool.end()
  })

  it('a time written with now() reads back through Prisma as the present moment, and its day is the UTC day', async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ ...connectionFields(url), max: 1 }) })
    try {
      const [row] = await prisma.$queryRaw<{ at: Date; day: string }[]>`SELECT now() AS at, to_char(timestamptz '2026-03-09 20:00:00Z', 'YYYY-MM-DD') AS day`
      expect(Math.abs(row.at.getTime() - Date.now())).toBeLessThan(60_000)
      // In Asia/Shanghai that instant is already 10 March.
      expect(row.day).toBe('2026-03-09')
    } finally {
      await prisma.$disconnect()
    }
  })
})
