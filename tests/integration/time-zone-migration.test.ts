// The migration to timestamptz keeps every stored instant: the old columns held UTC without a zone,
// and they must be read as UTC even when the migrating session runs in another zone. It runs the
// committed migrations on a scratch database, writes rows the way the app did before, then applies
// the timestamptz migration from a session in Asia/Shanghai (the worst case: a server set to China).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionFields } from '../../lib/db/connection'
import { requireDatabaseUrl, uniqueName } from './support'

const fields = connectionFields(requireDatabaseUrl())
const scratch = uniqueName('tagbench_tz_migration').replace(/-/g, '_')
const admin = new pg.Client({ ...fields, database: 'postgres' })
const folder = path.resolve(import.meta.dirname, '../../prisma/migrations')
const migrations = readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
const target = migrations.findIndex((name) => name.endsWith('_timestamps_with_time_zone'))
const script = (name: string) => readFileSync(path.join(folder, name, 'migration.sql'), 'utf8')

beforeAll(async () => {
  await admin.connect()
  await admin.query(`CREATE DATABASE ${scratch}`)
})

afterAll(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`)
  await admin.end()
})

describe('the migration to timestamptz', () => {
  it('reads the stored UTC values as UTC, whatever the session zone', async () => {
    expect(target).toBeGreaterThan(0)
    // No UTC option: this session runs in Beijing time.
    const client = new pg.Client({ ...fields, options: '-c TimeZone=Asia/Shanghai', database: scratch })
    await client.connect()
    try {
      for (const name of migrations.slice(0, target)) await client.query(script(name))
      // As Prisma wrote it: UTC wall time in a column without a zone.
      await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", "createdAt") VALUES ('u1', 'u1@unit.test', 'u1', 'x', '2026-03-10 01:00:00.123')`)
      await client.query(`INSERT INTO "Project" (id, name, "createdAt") VALUES ('p1', 'p1', '2026-03-09 23:30:00')`)
      await client.query(script(migrations[target]))

      const types = await client.query<{ table: string; column: string; type: string }>(
        `SELECT table_name AS table, column_name AS column, data_type AS type FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type LIKE 'timestamp%' ORDER BY 1, 2`,
      )
      expect(types.rows.length).toBeGreaterThan(15)
      expect(types.rows.filter((r) => r.type !== 'timestamp with time zone')).toEqual([])

      const user = await client.query<{ at: Date }>(`SELECT "createdAt" AS at FROM "User" WHERE id = 'u1'`)
      expect(user.rows[0].at.toISOString()).toBe('2026-03-10T01:00:00.123Z')
      const project = await client.query<{ at: Date }>(`SELECT "createdAt" AS at FROM "Project" WHERE id = 'p1'`)
      expect(project.rows[0].at.toISOString()).toBe('2026-03-09T23:30:00.000Z')
      // The defaults still give the present moment.
      await client.query(`INSERT INTO "User" (id, email, name, "passwordHash") VALUES ('u2', 'u2@unit.test', 'u2', 'x')`)
      const fresh = await client.query<{ at: Date }>(`SELECT "createdAt" AS at FROM "User" WHERE id = 'u2'`)
      expect(Math.abs(fresh.rows[0].at.getTime() - Date.now())).toBeLessThan(60_000)
    } finally {
      await client.end()
    }
  })
})
