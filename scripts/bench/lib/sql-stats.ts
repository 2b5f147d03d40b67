// What Postgres spent on the statements the app sent (pg_stat_statements, loaded by the
// benchmark's own cluster), and the plans of hand-written equivalents (EXPLAIN ANALYZE).
import type pg from 'pg'

export interface Statement {
  query: string
  calls: number
  totalMs: number
  meanMs: number
  rows: number
}

/** Creates the extension in the benchmark database; false when the library is not loaded. */
export async function enableStatementStats(sql: pg.Pool): Promise<boolean> {
  const { rows } = await sql.query<{ shared_preload_libraries: string }>('SHOW shared_preload_libraries')
  if (!rows[0].shared_preload_libraries.includes('pg_stat_statements')) return false
  await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
  return true
}

export async function resetStatementStats(sql: pg.Pool): Promise<void> {
  await sql.query('SELECT pg_stat_statements_reset()')
}

/** Statements run in this database since the last reset, the most time first (this module's own left out). */
export async function readStatementStats(sql: pg.Pool): Promise<Statement[]> {
  const { rows } = await sql.query<{ query: string; calls: string; total: number; mean: number; rows: string }>(
    `SELECT query, calls, total_exec_time AS total, mean_exec_time AS mean, rows
     FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname = current_database() AND query NOT ILIKE '%pg_stat_statements%'
     ORDER BY total_exec_time DESC`,
  )
  return rows.map((r) => ({ query: r.query, calls: Number(r.calls), totalMs: r.total, meanMs: r.mean, rows: Number(r.rows) }))
}

export interface Plan {
  /** The plan as EXPLAIN prints it. */
  text: string[]
  executionMs: number
  /** The plan nodes (without cost estimates) and the execution time: what to read first. */
  keyLines: string[]
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement; the statement runs, so only pass reads. */
export async function explainAnalyze(sql: pg.Pool, query: string, params: unknown[]): Promise<Plan> {
  const { rows } = await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, params)
  const text = rows.map((r) => r['QUERY PLAN'])
  const executionMs = Number(/Execution Time: ([\d.]+)/.exec(text.join('\n'))?.[1] ?? Number.NaN)
  const keyLines = text
    .filter((line, i) => i === 0 || /->|Execution Time|Rows Removed by Filter|Heap Fetches|Sort Method/.test(line))
    .map((line) => line.replace(/\s*\(cost=[^)]*\)/, '').replace(/^(\s*)->\s*/, '$1-> '))
  return { text, executionMs, keyLines }
}
