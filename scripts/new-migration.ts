// npm run db:new-migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the schema as
// committed (HEAD) to the schema in the working tree. Prisma's `migrate dev` needs a shadow database
// that its Wasm engine cannot run here (docs/decisions/0001-offline-prisma.md), so the diff is
// taken between the two datamodels instead. Review the SQL, then commit it with the schema.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { openDatabase } from './lib/database'
import { bin } from './lib/process'

const name = z
  .string({ error: 'Give the migration a name: npm run db:new-migration -- add_label_hint' })
  .regex(/^[a-z0-9_]+$/, 'The name may hold lowercase letters, digits and underscores only.')
  .safeParse(process.argv[2])
if (!name.success) {
  console.error(name.error.issues[0].message)
  process.exit(2)
}

const before = path.join(mkdtempSync(path.join(tmpdir(), 'tagbench-migration-')), 'schema.prisma')
writeFileSync(before, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' }))

// The migration engine starts through the driver adapter, so it needs a reachable database even
// though it compares two files.
const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
try {
  const diff = spawnSync(bin('prisma'), ['migrate', 'diff', '--from-schema-datamodel', before, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: 'utf8',
  })
  if (diff.status !== 0) throw new Error(diff.stderr || diff.stdout)
  const sql = diff.stdout.replace(/^Loaded Prisma config.*\n/m, '').trim()
  if (!sql || /^-- This is an empty migration/.test(sql)) {
    console.log('prisma/schema.prisma does not differ from HEAD: no migration written.')
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
    const folder = path.join('prisma', 'migrations', `${stamp}_${name.data}`)
    mkdirSync(folder, { recursive: true })
    writeFileSync(path.join(folder, 'migration.sql'), `${sql}\n`)
    console.log(`Wrote ${folder}/migration.sql; review it, then commit it with the schema.`)
  }
} finally {
  await database.stop()
}
