// SQL through node-postgres for the hot paths: the actor behind a session or token, tag writes and
// review transitions (docs/decisions/0008). Prisma stays for everything else; on these paths its
// per-query cost (query compiler in Wasm, client runtime: ~2 ms of CPU each) was most of a request.
//
// Its own pool, separate from the export pool (lib/db/pg-pool.ts), which holds connections for
// minutes, and from Prisma's.
import { createHash } from 'node:crypto'
import pg from 'pg'
import { connectionFields } from './connection'
import { readEnv } from '../config/env'

/** A piece of SQL with its values; built by the `sql` tag, nested pieces are inlined. */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

/**
 * sql`SELECT … WHERE id = ${id}`: every value becomes a $n parameter, never SQL text; a nested
 * sql`…` is spliced in with its own values (for column lists and shared clauses).
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values)
}

/** The text with $1…$n and the values in order. */
export function compile(query: Sql): { text: string; values: unknown[] } {
  const values: unknown[] = []
  const walk = (q: Sql): string => {
    let text = q.strings[0]
    q.values.forEach((value, i) => {
      if (value instanceof Sql) text += walk(value)
      else {
        // A Date goes as UTC with a Z (pg would send local time, and a timestamp without time zone
        // ignores the offset): the same instant for timestamptz, Prisma's UTC for timestamp.
        values.push(value instanceof Date ? value.toISOString() : value)
        text += `$${values.length}`
      }
      text += q.strings[i + 1]
    })
    return text
  }
  return { text: walk(query), values }
}

const TIMESTAMP_OID = 1114

/**
 * Prisma's DateTime columns are `timestamp(3)` without a time zone and hold UTC; Prisma reads them
 * as UTC. pg would read them in the process's local zone, so they are parsed as UTC here (and the
 * session runs in UTC, so that now() and Date parameters are stored as UTC too).
 */
function parseUtcTimestamp(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`)
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID && format !== 'binary' ? parseUtcTimestamp : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
}

/** TAGBENCH_DB_POOL_MAX: connections of this pool (Prisma keeps its own 10, exports their own 4). */
export const poolMax = () => readEnv('TAGBENCH_DB_POOL_MAX')

const globalForSql = globalThis as unknown as { tagbenchSqlPool?: pg.Pool }

export function sqlPool(): pg.Pool {
  if (!globalForSql.tagbenchSqlPool) {
    const pool = new pg.Pool({
      ...connectionFields(readEnv('DATABASE_URL')),
      max: poolMax(),
      types,
      // Scripts and tests that load an actor still end when their work is done.
      allowExitOnIdle: true,
    })
    // An idle connection that the server closes (restart, idle timeout) reports here; without a
    // listener that would end the process. The next query opens a new connection.
    pool.on('error', (error) => console.error(`Postgres connection (hot-path pool) lost: ${error.message}`))
    globalForSql.tagbenchSqlPool = pool
  }
  return globalForSql.tagbenchSqlPool
}

/**
 * TAGBENCH_DB_PREPARE=0 sends every statement unnamed (behind a pooler in transaction mode that
 * keeps no prepared statements, e.g. PgBouncer before 1.21).
 */
const prepare = () => readEnv('TAGBENCH_DB_PREPARE') !== '0'

const names = new Map<string, string>()

/**
 * Statements go as named prepared statements: each connection parses and plans a text once, then
 * only binds. For the actor's and readSpan's joins, planning was most of Postgres' time (0.25–0.35
 * ms of 0.3–0.4 ms a statement). The name is the text's hash, so one name never means two texts.
 */
function config(statement: Sql): pg.QueryConfig {
  const { text, values } = compile(statement)
  if (!prepare()) return { text, values }
  let name = names.get(text)
  if (!name) {
    if (names.size > 1000) names.clear()
    name = `tb_${createHash('sha1').update(text).digest('hex')}`
    names.set(text, name)
  }
  return { name, text, values }
}

/** Runs one statement and returns its rows. */
export async function query<R extends pg.QueryResultRow>(statement: Sql): Promise<R[]> {
  return (await sqlPool().query<R>(config(statement))).rows
}

/** Closes the pool (scripts that stop their database). */
export async function endSqlPool(): Promise<void> {
  const pool = globalForSql.tagbenchSqlPool
  globalForSql.tagbenchSqlPool = undefined
  await pool?.end()
}
