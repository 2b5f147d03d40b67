// What the database holds, read from the Postgres catalog: tables (of the current schema), their
// columns, primary keys, foreign keys and sequences. Used by backup (to describe and order the
// dump) and by restore (to check that the schema it built matches the archive's).
import type { ClientBase } from 'pg'
import { BackupError, type Column } from './manifest'

export interface TableInfo {
  name: string
  columns: Column[]
  primaryKey: string[]
  /** Tables this one references (itself excluded). */
  references: string[]
  selfReferencing: boolean
}

/**
 * Output settings that make every value's text form exact and readable by any session: ISO dates
 * (a DMY DateStyle would misread them), hex bytea, shortest-exact floats. Times are UTC already
 * (lib/db/connection.ts sets it for every connection).
 */
export async function setExactTextFormats(client: ClientBase): Promise<void> {
  await client.query(`SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3; SET bytea_output = 'hex'; SET TimeZone = 'UTC'`)
}

export async function readTables(client: ClientBase): Promise<TableInfo[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  )
  const columns = await client.query<{ table: string; name: string; type: string; notNull: boolean; default: string | null; generated: string }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            pg_get_expr(d.adbin, d.adrelid) AS default, a.attgenerated AS generated
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
  )
  const keys = await client.query<{ table: string; kind: string; columns: string[]; target: string | null }>(
    `SELECT c.relname AS table, k.contype AS kind, t.relname AS target,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class t ON t.oid = k.confrelid
      WHERE n.nspname = current_schema() AND k.contype IN ('p', 'f')`,
  )
  return tables.rows.map(({ name }) => {
    const own = columns.rows.filter((c) => c.table === name)
    const generated = own.find((c) => c.generated !== '')
    // A generated column cannot be inserted; none exists today, and a future one must be handled here.
    if (generated) throw new BackupError(`Column ${name}.${generated.name} is generated; this backup tool cannot restore generated columns yet.`)
    const constraints = keys.rows.filter((k) => k.table === name)
    const targets = constraints.filter((k) => k.kind === 'f').map((k) => k.target as string)
    return {
      name,
      columns: own.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull, default: c.default })),
      primaryKey: constraints.find((k) => k.kind === 'p')?.columns ?? [],
      references: [...new Set(targets.filter((t) => t !== name))],
      selfReferencing: targets.includes(name),
    }
  })
}

/** Orders tables so that each comes after every table it references (Kahn's algorithm, by name for stable output). */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]))
  const done = new Set<string>()
  const ordered: TableInfo[] = []
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t.name) && t.references.every((r) => done.has(r) || !byName.has(r)))
    if (ready.length === 0) {
      const left = tables.filter((t) => !done.has(t.name)).map((t) => t.name)
      throw new BackupError(`The foreign keys of ${left.join(', ')} form a cycle; this backup tool cannot order them.`)
    }
    for (const t of ready) {
      done.add(t.name)
      ordered.push(t)
    }
  }
  return ordered
}

export async function readSequences(client: ClientBase): Promise<{ name: string; lastValue: string; isCalled: boolean }[]> {
  const names = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY c.relname`,
  )
  const sequences = []
  for (const { name } of names.rows) {
    const state = await client.query<{ lastValue: string; isCalled: boolean }>(`SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM "${name.replace(/"/g, '""')}"`)
    sequences.push({ name, ...state.rows[0] })
  }
  return sequences
}
