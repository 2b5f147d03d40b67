import { z } from 'zod'

export interface ConnectionFields {
  host: string
  port: number
  user: string
  password: string
  database: string
}

const databaseUrl = z
  .string({ error: 'DATABASE_URL is not set: start the app with `npm start`, or set DATABASE_URL to a Postgres URL.' })
  .url('DATABASE_URL must be a URL such as postgres://user:password@host:5432/tagbench')
  .refine((u) => /^postgres(ql)?:$/.test(new URL(u).protocol), 'DATABASE_URL must start with postgres:// or postgresql://')

/** Splits a postgres:// URL into the separate fields pg and Prisma's migration adapter want. */
export function connectionFields(url: string | undefined): ConnectionFields {
  const parsed = new URL(databaseUrl.parse(url))
  return {
    host: decodeURIComponent(parsed.hostname),
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
  }
}
