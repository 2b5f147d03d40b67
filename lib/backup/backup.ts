// Writes one consistent backup archive: every table of the database, read in one REPEATABLE READ
// snapshot, and the stored export files, zipped with a manifest (docs/decisions/0016-backup-and-restore.md).
import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import path from 'node:path'
import type { ClientBase } from 'pg'
import yazl from 'yazl'
import { appVersion } from '../config/version'
import { dependencyOrder, readSequences, readTables, setExactTextFormats } from './catalog'
import { hashingWriter, listFiles } from './files'
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, BackupError, quoteIdent, type Manifest, type TableEntry } from './manifest'

// Documents hold whole reports (some 100 kB each): a few hundred rows a fetch keeps memory small.
const FETCH_ROWS = 200

export interface BackupProgress {
  table: string
  rows: number
  total: number
}

export interface BackupOptions {
  client: ClientBase
  /** The archive to write; it must not exist yet. */
  out: string
  /** Folder of the stored export zips. */
  exportDir: string
  /** Called as rows are read; awaited, so a caller may pause the dump (the tests write meanwhile). */
  onProgress?: (p: BackupProgress) => void | Promise<void>
}

export async function createBackup({ client, out, exportDir, onProgress }: BackupOptions): Promise<Manifest> {
  if (existsSync(out)) throw new BackupError(`${out} exists already; choose another --out (a backup never overwrites a file).`)
  const inside = path.relative(path.resolve(exportDir), path.resolve(out))
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) throw new BackupError(`${out} is inside the export folder ${exportDir}, which the backup copies; choose another --out.`)
  const work = `${out}.partial-${process.pid}`
  await rm(work, { recursive: true, force: true })
  await mkdir(path.join(work, 'database'), { recursive: true, mode: 0o700 })
  try {
    // One snapshot for every table: rows written while the backup runs are either all in it or not.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    let database: Pick<Manifest, 'createdAt' | 'postgres' | 'migrations' | 'tables' | 'sequences'> & { finishedExports: string[] }
    try {
      await setExactTextFormats(client)
      database = await dumpDatabase(client, work, onProgress)
    } finally {
      await client.query('ROLLBACK')
    }
    const files = []
    const stored = new Set<string>()
    for (const relative of await listFiles(exportDir)) {
      // <id>.zip.part is an export still being written: not a finished file, and its job restarts as failed.
      if (relative.endsWith('.part')) continue
      const part = `files/exports/${relative}`
      await mkdir(path.dirname(path.join(work, part)), { recursive: true })
      const writer = hashingWriter(path.join(work, part))
      try {
        for await (const chunk of createReadStream(path.join(exportDir, relative))) await writer.write(chunk as Buffer)
      } catch (error) {
        writer.destroy()
        // Deleted between the listing and the copy (an export removed meanwhile): not part of the snapshot.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      files.push({ path: `exports/${relative}`, part, ...(await writer.close()) })
      stored.add(relative)
    }
    const { finishedExports, ...rest } = database
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      tool: { name: 'tagbench', version: appVersion },
      ...rest,
      files,
      missingExportFiles: finishedExports.filter((id) => !stored.has(`${id}.zip`)),
    }
    await writeZip(work, manifest, out)
    return manifest
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

async function dumpDatabase(client: ClientBase, work: string, onProgress?: BackupOptions['onProgress']) {
  const snapshot = await client.query<{ now: Date; version: string }>(`SELECT now() AS now, current_setting('server_version') AS version`)
  const tables = dependencyOrder(await readTables(client))
  if (!tables.some((t) => t.name === '_prisma_migrations')) {
    throw new BackupError('This database has no Tagbench schema (no _prisma_migrations table): is DATABASE_URL the right database?')
  }
  const migrations = await client.query<{ name: string; checksum: string }>(
    `SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  )
  const entries: TableEntry[] = []
  for (const table of tables) {
    const total = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(table.name)}`)).rows[0].n)
    const part = `database/${table.name}.jsonl`
    const writer = hashingWriter(path.join(work, part))
    let rows = 0
    await onProgress?.({ table: table.name, rows, total })
    // A row's text form (record_out) is read back by record_in at restore: every type round-trips exactly.
    await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT t::text AS r FROM ${quoteIdent(table.name)} t`)
    try {
      for (;;) {
        const batch = await client.query<{ r: string }>(`FETCH ${FETCH_ROWS} FROM backup_rows`)
        if (batch.rows.length === 0) break
        await writer.write(batch.rows.map((row) => JSON.stringify(row.r)).join('\n') + '\n')
        rows += batch.rows.length
        await onProgress?.({ table: table.name, rows, total })
      }
    } catch (error) {
      writer.destroy()
      throw error
    }
    await client.query('CLOSE backup_rows')
    if (rows !== total) throw new BackupError(`Table ${table.name} gave ${rows} rows, ${total} were counted in the same snapshot; the backup is incomplete.`)
    const { references: _references, ...described } = table
    entries.push({ ...described, part, rows, ...(await writer.close()) })
  }
  const finishedExports = tables.some((t) => t.name === 'Export')
    ? (await client.query<{ id: string }>(`SELECT id FROM "Export" WHERE status = 'done' ORDER BY id`)).rows.map((r) => r.id)
    : []
  return {
    createdAt: snapshot.rows[0].now.toISOString(),
    postgres: { serverVersion: snapshot.rows[0].version },
    migrations: migrations.rows,
    tables: entries,
    sequences: await readSequences(client),
    finishedExports,
  }
}

/** Zips the parts and the manifest into `<out>.part` (readable by the owner only: it holds password hashes), then renames it. */
async function writeZip(work: string, manifest: Manifest, out: string): Promise<void> {
  const zip = new yazl.ZipFile()
  const mtime = new Date(manifest.createdAt)
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', { mtime, mode: 0o100600 })
  for (const part of [...manifest.tables, ...manifest.files]) zip.addFile(path.join(work, part.part), part.part, { mtime, mode: 0o100600 })
  zip.end()
  const partial = `${out}.part`
  const output = createWriteStream(partial, { mode: 0o600 })
  try {
    zip.outputStream.pipe(output)
    await once(output, 'close')
    await rename(partial, out)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}
