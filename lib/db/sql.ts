// Every hand-written query of the app goes through here (docs/decisions/0010): the `sql` tag, run
// with `query` on the one node-postgres pool, or on one connection with `withConnection` /
// `withTransaction` (cursors, snapshots, advisory locks). Prisma's API stays for plain CRUD. The
// hot paths (the actor behind a session or token, tag writes, review transitions) came here first:
// on them Prisma's per-query cost (query compiler in Wasm, client runtime: ~2 ms of CPU each) was
// most of a request (docs/decisions/0008).
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

/** The fragments one after another, with `separator` between them (sql`, ` unless given). */
sql.join = (fragments: readonly Sql[], separator: Sql = sql`, `): Sql => {
  const values = fragments.flatMap((fragment, i) => (i === 0 ? [fragment] : [separator, fragment]))
  return new Sql(Array<string>(values.length + 1).fill(''), values)
}

/**
 * Text that goes into the statement as it is: only for SQL the code itself spells (a cursor's name,
 * a constant batch size), never for a value that came from outside.
 */
sql.raw = (text: string): Sql => new Sql([text], [])

/** The text with $1…$n and the values in order. */
export function compile(query: Sql): { text: string; values: unknown[] } {
  const values: unknown[] = []
  const walk = (q: Sql): string => {
    let text = q.strings[0]
    q.values.forEach((value, i) => {
      if (value instanceof Sql) text += walk(value)
      else {
        // A Date goes as UTC with a Z: the same instant as pg's local time with an offset, but a
        // text that does not depend on the process's zone.
        values.push(value instanceof Date ? value.toISOString() : value)
        text += `$${values.length}`
      }
      text += q.strings[i + 1]
    })
    return text
  }
  return { text: walk(query), values }
}

/**
 * TAGBENCH_DB_POOL_MAX: connections of this pool. The process's budget is this plus Prisma's 10
 * (lib/db/client.ts): 30 by default, well under Postgres' 100. An export holds one connection of it
 * for as long as it runs (one at a time per process, lib/export/jobs.ts), an import one while it writes.
 */
export const poolMax = () => readEnv('TAGBENCH_DB_POOL_MAX')

const globalForSql = globalThis as unknown as { tagbenchSqlPool?: pg.Pool }

export function sqlPool(): pg.Pool {
  if (!globalForSql.tagbenchSqlPool) {
    const pool = new pg.Pool({
      ...connectionFields(readEnv('DATABASE_URL')),
      max: poolMax(),
      // Scripts and tests that load an actor still end when their work is done.
      allowExitOnIdle: true,
    })
    // An idle connection that the server closes (restart, idle timeout) reports here; without a
    // listener that would end the process. The next query opens a new connection.
    pool.on('error', (error) => console.error(`Postgres connection (SQL pool) lost: ${error.message}`))
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
  // Without values (BEGIN, FETCH, CLOSE): a plain query, nothing to plan again.
  if (values.length === 0) return { text }
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

/** One connection of the pool, for statements that must share it. */
export interface Connection {
  query<R extends pg.QueryResultRow>(statement: Sql): Promise<R[]>
}

/** The pool as a Connection: each statement on whichever connection is free (they need not share one). */
export const anyConnection: Connection = { query }

function connectionOf(client: pg.PoolClient): Connection {
  return { query: async <R extends pg.QueryResultRow>(statement: Sql) => (await client.query<R>(config(statement))).rows }
}

/**
 * Runs `work` on one connection of the pool and gives it back afterwards, also on error: for a
 * server-side cursor, a snapshot, a session setting. Use withTransaction for writes that belong together.
 */
export async function withConnection<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect()
  try {
    return await work(connectionOf(client))
  } finally {
    client.release()
  }
}

/**
 * A connection taken from the pool until release(): for code that holds one across its own
 * try/finally (an import's transaction with its own rollback handling). Prefer withConnection or
 * withTransaction, which cannot forget to give it back.
 */
export async function connect(): Promise<Connection & { release(): void }> {
  const client = await sqlPool().connect()
  return { ...connectionOf(client), release: () => client.release() }
}

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable'
  readOnly?: boolean
}

/** Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws. */
export async function withTransaction<T>(work: (connection: Connection) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const begin = ['BEGIN', options.isolation ? `ISOLATION LEVEL ${options.isolation.toUpperCase()}` : '', options.readOnly ? 'READ ONLY' : ''].filter(Boolean).join(' ')
  return withConnection(async (connection) => {
    await connection.query(sql.raw(begin))
    try {
      const result = await work(connection)
      await connection.query(sql`COMMIT`)
      return result
    } catch (error) {
      await connection.query(sql`ROLLBACK`).catch(() => undefined)
      throw error
    }
  })
}

/** Closes the pool (scripts that stop their database). */
export async function endSqlPool(): Promise<void> {
  const pool = globalForSql.tagbenchSqlPool
  globalForSql.tagbenchSqlPool = undefined
  await pool?.end()
}
