import { spawnSync } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { connectionFields } from '../../lib/db/connection'
import { startEmbeddedPostgres } from '../../lib/db/embedded'
import { dataDir } from '../../lib/config/data-dir'
import { bin } from './process'
import { readEnv } from '../../lib/config/env'

export interface Database {
  url: string
  embedded: boolean
  stop: () => Promise<void>
}

/** Uses DATABASE_URL when set; otherwise starts the embedded Postgres under the data folder. */
export async function openDatabase(opts: { name: string; folder: string; defaultPort: number; ephemeral?: boolean }): Promise<Database> {
  const url = readEnv('DATABASE_URL')
  if (url) return { url, embedded: false, stop: async () => {} }
  const port = readEnv('TAGBENCH_PG_PORT') ?? opts.defaultPort
  const started = Date.now()
  const db = await startEmbeddedPostgres({
    dir: path.join(dataDir(), opts.folder),
    port,
    database: opts.name,
    ephemeral: opts.ephemeral,
    log: readEnv('TAGBENCH_PG_LOG') ? (line) => console.log(`[postgres] ${line}`) : undefined,
  })
  console.log(`Embedded Postgres ready on 127.0.0.1:${port} in ${Date.now() - started} ms (${path.join(dataDir(), opts.folder)})`)
  return { url: db.url, embedded: true, stop: db.stop }
}

/** Applies committed migrations; prints Prisma's output only when it fails. */
export async function migrate(url: string): Promise<void> {
  const started = Date.now()
  const result = spawnSync(bin('prisma'), ['migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' })
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}${result.stderr}`)
    throw new Error('Applying the database migrations failed (output above).')
  }
  const applied = /The following migration\(s\) have been applied/.test(result.stdout) ? 'applied new migrations' : 'schema up to date'
  console.log(`Database migrations: ${applied} in ${Date.now() - started} ms`)
}

/** Drops and creates the database of `url` empty (test and benchmark databases only). */
export async function recreateDatabase(url: string): Promise<void> {
  const fields = connectionFields(url)
  const admin = new pg.Client({ ...fields, database: 'postgres' })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${fields.database}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${fields.database}"`)
  } finally {
    await admin.end()
  }
}
