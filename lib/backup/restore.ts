// Restores a backup archive into an empty database (and an empty export folder). Everything is
// checked before anything is written: the manifest, the SHA-256 of every part, the migrations, the
// target. The database is then written in one transaction (schema from the committed migrations,
// rows, sequences), so a failure leaves it as it was (docs/decisions/0016-backup-and-restore.md).
import { createHash } from 'node:crypto'
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, rename, rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ClientBase } from 'pg'
import yauzl from 'yauzl'
import { readSequences, readTables, setExactTextFormats } from './catalog'
import { hashStream } from './files'
import { BackupError, manifestSchema, quoteIdent, type Manifest, type TableEntry } from './manifest'

const INSERT_ROWS = 1000
const INSERT_BYTES = 8 * 1024 * 1024

export interface LocalMigration {
  name: string
  checksum: string
  sql: string
}

/** The committed migrations of this checkout, as Prisma sees them (checksum = SHA-256 of migration.sql). */
export function localMigrations(folder: string): LocalMigration[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(folder, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(folder, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

export interface Archive {
  manifest: Manifest
  open(part: string): Promise<Readable>
  close(): void
}

/** Opens the zip, parses its manifest and checks that it lists exactly the parts the zip holds. */
export async function openArchive(file: string): Promise<Archive> {
  let zip: yauzl.ZipFile
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false })
  } catch (error) {
    throw new BackupError(`${file} is not a readable zip archive (${(error as Error).message}); is it a Tagbench backup, and was it copied completely?`)
  }
  const entries = new Map<string, yauzl.Entry>()
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry)
        zip.readEntry()
      })
      zip.on('end', resolve)
      zip.on('error', reject)
      zip.readEntry()
    })
  } catch (error) {
    zip.close()
    throw new BackupError(`${file} is a damaged zip archive (${(error as Error).message}).`)
  }
  const open = async (name: string) => {
    const entry = entries.get(name)
    if (!entry) throw new BackupError(`The archive lacks ${name}.`)
    return zip.openReadStreamPromise(entry)
  }
  try {
    if (!entries.has('manifest.json')) throw new BackupError(`${file} has no manifest.json: it is not a Tagbench backup.`)
    let json: unknown
    try {
      const chunks: Buffer[] = []
      for await (const chunk of await open('manifest.json')) chunks.push(chunk as Buffer)
      json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch (error) {
      throw new BackupError(`The manifest.json of ${file} cannot be read (${(error as Error).message}).`)
    }
    const parsed = manifestSchema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new BackupError(`The manifest.json of ${file} is not valid: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}.`)
    }
    const manifest = parsed.data
    const listed = new Set(['manifest.json', ...manifest.tables.map((t) => t.part), ...manifest.files.map((f) => f.part)])
    for (const part of listed) if (!entries.has(part)) throw new BackupError(`The archive lacks ${part}, which its manifest lists; it is incomplete.`)
    for (const name of entries.keys()) if (!listed.has(name)) throw new BackupError(`The archive holds ${name}, which its manifest does not list; it was changed after it was written.`)
    for (const f of manifest.files) {
      const normal = path.posix.normalize(f.path)
      if (!normal.startsWith('exports/') || normal !== f.path || normal.split('/').includes('..')) throw new BackupError(`The archive names a file outside the export folder (${f.path}).`)
    }
    return { manifest, open, close: () => zip.close() }
  } catch (error) {
    zip.close()
    throw error
  }
}

/** Reads every part and compares its size and SHA-256 with the manifest. */
export async function verifyArchive(archive: Archive): Promise<void> {
  for (const part of [...archive.manifest.tables, ...archive.manifest.files]) {
    let actual: { bytes: number; sha256: string }
    try {
      actual = await hashStream(await archive.open(part.part))
    } catch (error) {
      if (error instanceof BackupError) throw error
      throw new BackupError(`${part.part} in the archive cannot be read (${(error as Error).message}); the archive is damaged.`)
    }
    if (actual.sha256 !== part.sha256 || actual.bytes !== part.bytes) {
      throw new BackupError(`${part.part} does not match its SHA-256 in the manifest; the archive is damaged or was changed. Nothing was restored.`)
    }
  }
}

/** The archive's migrations must be the first of this checkout's, unchanged; returns the newer ones to apply after the restore. */
export function checkMigrations(manifest: Manifest, local: LocalMigration[]): LocalMigration[] {
  manifest.migrations.forEach((m, i) => {
    const here = local[i]
    if (!here || here.name !== m.name) {
      const known = local.find((l) => l.name === m.name)
      throw new BackupError(
        known
          ? `The archive's migrations are not in this checkout's order (${m.name} is not number ${i + 1} here); restore with the Tagbench version that made it (${manifest.tool.version}).`
          : `The archive was made by a newer Tagbench (${manifest.tool.version}): its migration ${m.name} is not in this checkout; update Tagbench first.`,
      )
    }
    if (here.checksum !== m.checksum) throw new BackupError(`Migration ${m.name} differs from the one the archive was made with (its checksum); restore with the Tagbench version that made it (${manifest.tool.version}).`)
  })
  return local.slice(manifest.migrations.length)
}

export type TargetState = { kind: 'empty' } | { kind: 'migrated' }

/**
 * Empty: no tables at all. Also accepted: the same schema freshly migrated (by `npm start` or
 * `npm run db:migrate`) with no row in any table. Anything else is refused, with the reason.
 */
export async function checkTarget(client: ClientBase, manifest: Manifest, where: string): Promise<TargetState> {
  const tables = await readTables(client)
  if (tables.length === 0) return { kind: 'empty' }
  const holding: string[] = []
  for (const t of tables) {
    if (t.name === '_prisma_migrations') continue
    const { rows } = await client.query(`SELECT 1 FROM ${quoteIdent(t.name)} LIMIT 1`)
    if (rows.length > 0) holding.push(t.name)
  }
  if (holding.length > 0) {
    throw new BackupError(
      `The target database ${where} is not empty (${holding.slice(0, 3).join(', ')}${holding.length > 3 ? ` and ${holding.length - 3} more tables` : ''} hold rows). ` +
        'Restore only into an empty database: create a new one, or point TAGBENCH_DATA_DIR at a new folder. Nothing was written.',
    )
  }
  const applied = tables.some((t) => t.name === '_prisma_migrations')
    ? (await client.query<{ name: string; checksum: string }>(`SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`)).rows
    : []
  const same = applied.length === manifest.migrations.length && applied.every((m, i) => m.name === manifest.migrations[i].name && m.checksum === manifest.migrations[i].checksum)
  if (!same) {
    throw new BackupError(
      `The target database ${where} has tables but not the archive's schema (its migrations differ). Restore into a database without tables: restore creates the schema itself. Nothing was written.`,
    )
  }
  return { kind: 'migrated' }
}

/** The target export folder must be missing or empty. */
export function checkExportFolder(folder: string, manifest: Manifest): void {
  if (manifest.files.length > 0 && existsSync(folder) && readdirSync(folder).length > 0) {
    throw new BackupError(`The export folder ${folder} is not empty; restore into an empty one (TAGBENCH_EXPORT_DIR). Nothing was written.`)
  }
}

export interface RestoreProgress {
  table: string
  rows: number
  total: number
}

export interface RestoreOptions {
  client: ClientBase
  archive: Archive
  target: TargetState
  migrations: LocalMigration[]
  exportDir: string
  onProgress?: (p: RestoreProgress) => void
}

/** Writes the export files beside the folder, the database in one transaction, then moves the files into place. */
export async function restoreArchive({ client, archive, target, migrations, exportDir, onProgress }: RestoreOptions): Promise<{ recreated: string[] }> {
  const { manifest } = archive
  let result = { recreated: [] as string[] }
  let keepStaging = false
  const staging = `${exportDir}.restoring-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  try {
    for (const f of manifest.files) {
      const destination = path.join(staging, f.path.slice('exports/'.length))
      await mkdir(path.dirname(destination), { recursive: true })
      await pipeline(await archive.open(f.part), createWriteStream(destination, { mode: 0o600 }))
    }
    await client.query('BEGIN')
    try {
      await setExactTextFormats(client)
      let recreated: string[] = []
      if (target.kind === 'empty') {
        for (const m of migrations.slice(0, manifest.migrations.length)) await client.query(m.sql)
        recreated = await recreateOthers(client, manifest)
      }
      await checkColumns(client, manifest)
      const triggered = await tablesWithInsertTriggers(client)
      for (const name of triggered) await client.query(`ALTER TABLE ${quoteIdent(name)} DISABLE TRIGGER USER`)
      for (const table of manifest.tables) {
        if (target.kind === 'migrated' && table.name === '_prisma_migrations') continue
        await loadTable(client, archive, table, onProgress)
      }
      for (const name of triggered) await client.query(`ALTER TABLE ${quoteIdent(name)} ENABLE TRIGGER USER`)
      for (const s of manifest.sequences) await client.query(`SELECT setval($1, $2::bigint, $3)`, [quoteIdent(s.name), s.lastValue, s.isCalled])
      await client.query('COMMIT')
      result = { recreated }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    }
    if (manifest.files.length > 0) {
      try {
        if (existsSync(exportDir)) await rmdir(exportDir)
        await mkdir(path.dirname(exportDir), { recursive: true })
        await rename(staging, exportDir)
      } catch (error) {
        // The database is committed: keep the extracted files for the operator to move by hand.
        keepStaging = true
        throw new BackupError(`The database is restored, but the export files could not be moved to ${exportDir} (${(error as Error).message}); they are in ${staging}: move them there by hand.`)
      }
    }
    return result
  } finally {
    if (!keepStaging) await rm(staging, { recursive: true, force: true })
  }
}

/**
 * Tables with triggers of ours that fire on INSERT (a tag's taxonomy version, the research counts).
 * The archive holds their results already: were they to fire while rows are loaded, a tag would take
 * the project's current taxonomy version and every research count would be added twice. They are
 * switched off for the load and on again in the same transaction (ALTER TABLE is transactional, so a
 * failed restore leaves them on); the foreign-key triggers are internal and keep checking.
 */
async function tablesWithInsertTriggers(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT DISTINCT c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND (t.tgtype & 4) <> 0 ORDER BY 1`,
  )
  return rows.map((r) => r.name)
}

/**
 * Tables the migrations do not create (Prisma's own _prisma_migrations, or a table an operator added)
 * are created as the archive describes them: columns, NOT NULL, defaults and primary key, after the
 * sequences their defaults may use. Returns their names, except _prisma_migrations.
 */
async function recreateOthers(client: ClientBase, manifest: Manifest): Promise<string[]> {
  const sequences = new Set((await readSequences(client)).map((s) => s.name))
  for (const s of manifest.sequences) if (!sequences.has(s.name)) await client.query(`CREATE SEQUENCE ${quoteIdent(s.name)}`)
  const tables = new Set((await readTables(client)).map((t) => t.name))
  const recreated: string[] = []
  for (const table of manifest.tables) {
    if (tables.has(table.name)) continue
    await client.query(createTableSql(table))
    if (table.name !== '_prisma_migrations') recreated.push(table.name)
  }
  return recreated
}

/** CREATE TABLE from the archive's description of a table. */
function createTableSql(table: TableEntry): string {
  const columns = table.columns.map((c) => `${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default ? ` DEFAULT ${c.default}` : ''}`)
  if (table.primaryKey.length) columns.push(`PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')})`)
  return `CREATE TABLE ${quoteIdent(table.name)} (${columns.join(', ')})`
}

/** Rows are inserted by column position, so every table must have the archive's columns in the archive's order. */
async function checkColumns(client: ClientBase, manifest: Manifest): Promise<void> {
  const here = new Map((await readTables(client)).map((t) => [t.name, t]))
  for (const table of manifest.tables) {
    const mine = here.get(table.name)
    const describe = (cs: { name: string; type: string }[]) => cs.map((c) => `${c.name} ${c.type}`).join(', ')
    if (!mine) throw new BackupError(`The migrations did not create table ${table.name}, which the archive holds; nothing was restored.`)
    if (describe(mine.columns) !== describe(table.columns)) {
      throw new BackupError(`Table ${table.name} here has other columns than in the archive (${describe(mine.columns)} instead of ${describe(table.columns)}); nothing was restored.`)
    }
  }
}

async function loadTable(client: ClientBase, archive: Archive, table: TableEntry, onProgress?: (p: RestoreProgress) => void): Promise<void> {
  // record_in parses each row's text back into the table's row type; foreign keys are checked at the
  // end of each statement, so a self-referencing table goes in one statement, in any row order.
  const insert = `INSERT INTO ${quoteIdent(table.name)} SELECT * FROM unnest($1::${quoteIdent(table.name)}[])`
  let batch: string[] = []
  let batchBytes = 0
  let rows = 0
  const flush = async () => {
    if (batch.length === 0) return
    await client.query(insert, [batch])
    rows += batch.length
    batch = []
    batchBytes = 0
    onProgress?.({ table: table.name, rows, total: table.rows })
  }
  onProgress?.({ table: table.name, rows, total: table.rows })
  const lines = createInterface({ input: await archive.open(table.part), crlfDelay: Infinity })
  for await (const line of lines) {
    if (line === '') continue
    batch.push(JSON.parse(line) as string)
    batchBytes += line.length
    if (!table.selfReferencing && (batch.length >= INSERT_ROWS || batchBytes >= INSERT_BYTES)) await flush()
  }
  await flush()
  const counted = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(table.name)}`)).rows[0].n)
  if (rows !== table.rows || counted !== table.rows) throw new BackupError(`Table ${table.name} got ${counted} rows, the manifest says ${table.rows}; nothing was restored.`)
}

