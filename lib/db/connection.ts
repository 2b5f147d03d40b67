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
 * runs in UTC. Times are `timestamptz` (instants, right in any zone), but whatever turns an instant
 * into a day depends on the session's zone: `::date`, `date_trunc`, `to_char` of a time, and Prisma's
 * `@db.Date` values, which are UTC midnights. The export's day filters are UTC days too
 * (lib/schemas/exports.ts). A server (or an embedded cluster, which takes the machine's zone) set to
 * Asia/Shanghai would otherwise shift such days by 8 hours.
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
