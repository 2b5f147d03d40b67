import { z } from 'zod'

export interface ConnectionFields {
  host: string
  port: number
  user: string
  password: string
  database: string
  /** Startup options: every session runs in UTC (see below). */
  options: string
}

const databaseUrl = z
  .string({ error: 'DATABASE_URL is not set: start the app with `npm start`, or set DATABASE_URL to a Postgres URL.' })
  .url('DATABASE_URL must be a URL such as postgres://user:password@host:5432/tagbench')
  .refine((u) => /^postgres(ql)?:$/.test(new URL(u).protocol), 'DATABASE_URL must start with postgres:// or postgresql://')

/**
 * Splits a postgres:// URL into the separate fields pg and Prisma's adapters want. Every connection
 * runs in UTC: Prisma's DateTime columns are `timestamp(3)` without a zone, read back as UTC, while
 * `now()` in SQL gives the session's local time, and a server (or an embedded cluster, which takes
 * the machine's zone) set to Asia/Shanghai would otherwise store such times 8 hours off.
 */
export function connectionFields(url: string | undefined): ConnectionFields {
  const parsed = new URL(databaseUrl.parse(url))
  return {
    host: decodeURIComponent(parsed.hostname),
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
    options: '-c TimeZone=UTC',
  }
}
