// npm run backup / npm run restore, as an operator runs them (the real commands, in child processes)
// against the seeded test database: a round trip into a second database compares every row of every
// table and every export file; each refusal says why and leaves the target as it was.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync, existsSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import yauzl from 'yauzl'
import yazl from 'yazl'
import { createBackup } from '../../lib/backup/backup'
import { readTables, setExactTextFormats } from '../../lib/backup/catalog'
import { localMigrations } from '../../lib/backup/restore'
import { manifestSchema, quoteIdent, type Manifest } from '../../lib/backup/manifest'
import { connectionFields } from '../../lib/db/connection'
import { startEmbeddedPostgres } from '../../lib/db/embedded'
import { db } from '../../lib/db/client'
import { runNextExport } from '../../lib/export/jobs'
import { exportRequestSchema } from '../../lib/schemas/exports'
import { createExport } from '../../lib/services/exports'
import { reviewTag } from '../../lib/services/review'
import { createTag } from '../../lib/services/tags'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

const sourceUrl = requireDatabaseUrl()
const repo = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx')
const work = mkdtempSync(path.join(tmpdir(), 'tagbench-backup-'))
const sourceExports = path.join(work, 'source-exports')
const archive = path.join(work, 'backup.zip')
const databases: string[] = []
let exportId: string

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs `npm run backup` / `npm run restore` (their scripts) with the given environment. */
function cli(script: 'backup' | 'restore', args: string[], env: Record<string, string | undefined>): Run {
  const base: Record<string, string | undefined> = { ...process.env, TAGBENCH_EXPORT_DIR: undefined, TAGBENCH_DATA_DIR: undefined }
  const merged = Object.fromEntries(Object.entries({ ...base, ...env }).filter((e): e is [string, string] => e[1] !== undefined))
  const result = spawnSync(tsx, [path.join('scripts', `${script}.ts`), ...args], { cwd: repo, env: merged as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 120_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function urlOf(database: string): string {
  const url = new URL(sourceUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(connectionFields(url))
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A port nobody listens on: the system picks it, so no other engineer's or test's Postgres has it. */
async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A new, empty database on the test server. */
async function newDatabase(): Promise<string> {
  const name = `tagbench_restore_${uniqueName('t').slice(2).replace(/-/g, '_')}`
  await withClient(urlOf('postgres'), (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`))
  databases.push(name)
  return urlOf(name)
}

/** Every row of every table, in its exact text form, sorted: two databases hold the same data when these are equal. */
async function everyRow(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    await setExactTextFormats(client)
    const all: Record<string, string[]> = {}
    for (const table of await readTables(client)) {
      const { rows } = await client.query<{ r: string }>(`SELECT t::text AS r FROM ${quoteIdent(table.name)} t ORDER BY 1`)
      all[table.name] = rows.map((row) => row.r)
    }
    return all
  })
}

const tableCount = (url: string) =>
  withClient(url, async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n))


async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true })
  const entries = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', async (entry: yauzl.Entry) => {
      const chunks: Buffer[] = []
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
      entries.set(entry.fileName, Buffer.concat(chunks))
      zip.readEntry()
    })
    zip.on('end', resolve)
    zip.on('error', reject)
    zip.readEntry()
  })
  return entries
}

/** Writes a copy of the archive with some parts (or the manifest) changed. */
async function tamperedCopy(name: string, change: (entries: Map<string, Buffer>) => void): Promise<string> {
  const entries = await readZip(archive)
  change(entries)
  const zip = new yazl.ZipFile()
  for (const [entry, data] of entries) zip.addBuffer(data, entry)
  zip.end()
  const file = path.join(work, name)
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  writeFileSync(file, Buffer.concat(chunks))
  return file
}

const manifestOf = async (file: string) => manifestSchema.parse(JSON.parse((await readZip(file)).get('manifest.json')!.toString('utf8')))
const editManifest = (entries: Map<string, Buffer>, edit: (m: Manifest) => void) => {
  const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest
  edit(manifest)
  entries.set('manifest.json', Buffer.from(JSON.stringify(manifest)))
}

beforeAll(async () => {
  // Beyond the demo: a label tree whose child row lies before its parent's, tags with review
  // history (approved, rejected with a reason, sent back), a document with its original file and
  // dates, and a finished export zip.
  const project = await db.project.create({ data: { name: uniqueName('unit-backup') } })
  const [author, reviewer] = await Promise.all([createTestUser('backup-author'), createTestUser('backup-reviewer')])
  await addMember(project.id, author.id, 'annotator')
  await addMember(project.id, reviewer.id, 'manager')
  const child = await db.label.create({ data: { projectId: project.id, name: '行政执法公示制度', color: '#2563eb' } })
  const parent = await db.label.create({ data: { projectId: project.id, name: '三项制度', color: '#16a34a' } })
  await db.label.update({ where: { id: child.id }, data: { parentId: parent.id } })
  await db.label.update({ where: { id: parent.id }, data: { name: '三项制度（改）' } })
  const text = '𠮷野家😀报告：推行行政执法公示制度。严格执法全过程记录制度！"引号"\\反斜杠\n第二行\t制表。'
  const document = await db.document.create({
    data: {
      projectId: project.id,
      title: '备份测试报告 (1)',
      text,
      textSha256: uniqueName('sha'),
      length: Array.from(text).length,
      originalText: `页眉 ${text} 页脚`,
      originalFileName: '备份测试.txt',
      province: '甘肃省',
      reportYear: 2023,
      publishedOn: new Date('2024-03-31T00:00:00Z'),
      importedById: author.id,
    },
  })
  const annotator = await actorOf(author.id)
  const manager = await actorOf(reviewer.id)
  const chars = Array.from(text)
  const span = (quote: string) => {
    const start = Array.from(text.slice(0, text.indexOf(quote))).length
    return { start, end: start + Array.from(quote).length, quote }
  }
  const approved = await createTag(annotator, { documentId: document.id, labelId: child.id, ...span('行政执法公示制度') })
  const rejected = await createTag(annotator, { documentId: document.id, labelId: parent.id, ...span('执法全过程记录制度') })
  const sentBack = await createTag(annotator, { documentId: document.id, labelId: child.id, start: 0, end: 1, quote: chars[0] })
  await reviewTag(manager, { tagId: approved.id, action: 'approve', version: approved.version })
  await reviewTag(manager, { tagId: rejected.id, action: 'reject', version: rejected.version, reason: '范围不对，"请"重标\n谢谢' })
  await reviewTag(manager, { tagId: sentBack.id, action: 'send_back', version: sentBack.version, reason: '请修改' })
  // The taxonomy moves on after the tags were written: a restore must keep each tag's own version
  // (and the research counts as they were), not let the tables' triggers recompute them.
  await db.project.update({ where: { id: project.id }, data: { taxonomyVersion: { increment: 3 } } })

  process.env.TAGBENCH_EXPORT_DIR = sourceExports
  const worker = globalThis as unknown as { tagbenchExportWorker?: { active: boolean; again: boolean } }
  worker.tagbenchExportWorker = { active: true, again: false } // the test runs the job itself
  const created = await createExport(manager, { projectId: project.id, ...exportRequestSchema.parse({ format: 'jsonl', status: ['approved', 'pending', 'rejected', 'needs_revision'] }) })
  expect(await runNextExport()).toBe(true)
  exportId = created.id
  delete worker.tagbenchExportWorker
  delete process.env.TAGBENCH_EXPORT_DIR
  // An export still being written is not a finished file: the backup leaves it out.
  writeFileSync(path.join(sourceExports, 'unfinished.zip.part'), 'half')
}, 120_000)

afterAll(async () => {
  await withClient(urlOf('postgres'), async (c) => {
    for (const name of databases) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
  })
  rmSync(work, { recursive: true, force: true })
}, 120_000)

describe('npm run backup', () => {
  let run: Run

  beforeAll(() => {
    // In Asia/Shanghai: the snapshot time and every timestamp must still come out in UTC.
    run = cli('backup', ['--out', archive], { DATABASE_URL: sourceUrl, TAGBENCH_EXPORT_DIR: sourceExports, TZ: 'Asia/Shanghai' })
  }, 120_000)

  it('writes one archive, readable by its owner only, and says what it holds', () => {
    expect(run.stderr).toMatch(/TagEvent: \d+\/\d+ rows/)
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^Backed up \d+ tables \(\d+ rows\) and 1 export files in [\d.]+ s:$/m)
    expect(statSync(archive).mode & 0o777).toBe(0o600)
    expect(readdirSync(work).filter((f) => f.includes('partial') || f.endsWith('.part'))).toEqual([])
  })

  it("has a manifest with the migrations, every table's row count, a SHA-256 per part and the time in UTC", async () => {
    const manifest = await manifestOf(archive)
    const source = await everyRow(sourceUrl)
    expect(Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]))).toEqual(Object.fromEntries(Object.entries(source).map(([t, rows]) => [t, rows.length])))
    expect(manifest.migrations.map((m) => [m.name, m.checksum])).toEqual(localMigrations(path.join(repo, 'prisma', 'migrations')).map((m) => [m.name, m.checksum]))
    expect(manifest.createdAt).toMatch(/Z$/)
    expect(Math.abs(Date.parse(manifest.createdAt) - Date.now())).toBeLessThan(5 * 60_000)
    expect(manifest.files.map((f) => f.path)).toEqual([`exports/${exportId}.zip`])
    expect(manifest.missingExportFiles).toEqual([])
    // Parents before children: every foreign key points to a table listed earlier.
    const order = manifest.tables.map((t) => t.name)
    expect(order.indexOf('TagEvent')).toBeGreaterThan(order.indexOf('Tag'))
    expect(order.indexOf('Tag')).toBeGreaterThan(order.indexOf('Label'))
    expect(manifest.tables.find((t) => t.name === 'Label')?.selfReferencing).toBe(true)
  })

  it('refuses to overwrite a file, to write into a folder that does not exist or into the export folder', () => {
    const existing = cli('backup', ['--out', archive], { DATABASE_URL: sourceUrl })
    expect(existing.status).toBe(2)
    expect(existing.stderr).toContain(`${archive} exists already; choose another --out (a backup never overwrites a file).`)
    const missing = cli('backup', ['--out', path.join(work, 'no-such-folder', 'b.zip')], { DATABASE_URL: sourceUrl })
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain(`The folder ${path.join(work, 'no-such-folder')} does not exist; create it first, or choose another --out.`)
    const inside = cli('backup', ['--out', path.join(sourceExports, 'b.zip')], { DATABASE_URL: sourceUrl, TAGBENCH_EXPORT_DIR: sourceExports })
    expect(inside.status).toBe(1)
    expect(inside.stderr).toContain(`${path.join(sourceExports, 'b.zip')} is inside the export folder ${sourceExports}, which the backup copies; choose another --out.`)
    expect(readdirSync(sourceExports).sort()).toEqual([`${exportId}.zip`, 'unfinished.zip.part'])
    const unknown = cli('backup', ['--output', 'x.zip'], { DATABASE_URL: sourceUrl })
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown option '--output'\.\nUsage: npm run backup/)
  }, 120_000)
})

describe('npm run restore', () => {
  it('brings every row of every table and every export file back into an empty database', async () => {
    const target = await newDatabase()
    const targetExports = path.join(work, 'restored-exports')
    const run = cli('restore', ['--from', archive], { DATABASE_URL: target, TAGBENCH_EXPORT_DIR: targetExports, TZ: 'UTC' })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/Tag: \d+\/\d+ rows/)
    expect(run.stdout).toMatch(/^Restored \d+ tables \(\d+ rows\) and 1 export files in [\d.]+ s\.$/m)
    const [source, restored] = await Promise.all([everyRow(sourceUrl), everyRow(target)])
    expect(Object.keys(restored).sort()).toEqual(Object.keys(source).sort())
    for (const table of Object.keys(source)) expect(restored[table], table).toEqual(source[table])
    expect(restored.TagEvent.length).toBeGreaterThanOrEqual(6)
    expect(readdirSync(targetExports)).toEqual([`${exportId}.zip`])
    expect(readFileSync(path.join(targetExports, `${exportId}.zip`)).equals(readFileSync(path.join(sourceExports, `${exportId}.zip`)))).toBe(true)
    // The restored history is still append-only: the trigger came with the schema.
    await expect(withClient(target, (c) => c.query(`DELETE FROM "TagEvent"`))).rejects.toThrow(/append-only/)
  }, 120_000)

  it('restores into a freshly migrated database without rows too (npm start migrates before anything else)', async () => {
    const target = await newDatabase()
    const migrated = spawnSync(path.join(repo, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], { cwd: repo, env: { ...process.env, DATABASE_URL: target }, encoding: 'utf8' })
    expect(migrated.status, migrated.stderr).toBe(0)
    const run = cli('restore', ['--from', archive], { DATABASE_URL: target, TAGBENCH_EXPORT_DIR: path.join(work, 'exports-2'), TZ: 'Asia/Shanghai' })
    expect(run.status, run.stderr).toBe(0)
    const [source, restored] = await Promise.all([everyRow(sourceUrl), everyRow(target)])
    for (const table of Object.keys(source)) {
      // _prisma_migrations keeps the target's own bookkeeping (same migrations, its own times).
      if (table !== '_prisma_migrations') expect(restored[table], table).toEqual(source[table])
    }
  }, 120_000)

  it('brings it back into an empty data folder (embedded Postgres) with the export files under it', async () => {
    const dataDir = path.join(work, 'fresh-data')
    const port = await freePort()
    const run = cli('restore', ['--from', archive], { DATABASE_URL: undefined, TAGBENCH_DATA_DIR: dataDir, TAGBENCH_PG_PORT: String(port) })
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0)
    expect(readdirSync(path.join(dataDir, 'exports'))).toEqual([`${exportId}.zip`])
    const embedded = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres'), port, database: 'tagbench', ephemeral: true })
    try {
      const [source, restored] = await Promise.all([everyRow(sourceUrl), everyRow(embedded.url)])
      expect(restored).toEqual(source)
    } finally {
      await embedded.stop()
    }
  }, 180_000)

  it('refuses a database that holds data, and changes nothing in it', async () => {
    const before = await everyRow(sourceUrl)
    const run = cli('restore', ['--from', archive], { DATABASE_URL: sourceUrl, TAGBENCH_EXPORT_DIR: path.join(work, 'exports-3') })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^The target database "[^"]+" on 127\.0\.0\.1:\d+ is not empty \(.+ hold rows\)\. Restore only into an empty database: create a new one, or point TAGBENCH_DATA_DIR at a new folder\. Nothing was written\.$/m)
    expect(await everyRow(sourceUrl)).toEqual(before)
    expect(existsSync(path.join(work, 'exports-3'))).toBe(false)
  }, 120_000)

  it('refuses a non-empty export folder before writing anything', async () => {
    const target = await newDatabase()
    const folder = path.join(work, 'busy-exports')
    mkdirSync(folder)
    writeFileSync(path.join(folder, 'other.zip'), 'x')
    const run = cli('restore', ['--from', archive], { DATABASE_URL: target, TAGBENCH_EXPORT_DIR: folder })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`The export folder ${folder} is not empty; restore into an empty one (TAGBENCH_EXPORT_DIR). Nothing was written.`)
    expect(await tableCount(target)).toBe(0)
  }, 120_000)

  it('refuses an archive whose part does not match its SHA-256, before writing anything', async () => {
    const damaged = await tamperedCopy('damaged.zip', (entries) => {
      // Same size, one status changed: only the hash can tell.
      const tags = entries.get('database/Tag.jsonl')!.toString('utf8')
      expect(tags).toContain(',approved,')
      entries.set('database/Tag.jsonl', Buffer.from(tags.replace(',approved,', ',rejected,')))
    })
    const target = await newDatabase()
    const folder = path.join(work, 'exports-damaged')
    const run = cli('restore', ['--from', damaged], { DATABASE_URL: target, TAGBENCH_EXPORT_DIR: folder })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('database/Tag.jsonl does not match its SHA-256 in the manifest; the archive is damaged or was changed. Nothing was restored.')
    expect(await tableCount(target)).toBe(0)
    expect(existsSync(folder)).toBe(false)
  }, 120_000)

  it('refuses a cut-off archive and one that is no backup, each with its sentence', async () => {
    const cut = path.join(work, 'cut.zip')
    writeFileSync(cut, readFileSync(archive))
    truncateSync(cut, Math.floor(statSync(cut).size / 2))
    const target = await newDatabase()
    const run = cli('restore', ['--from', cut], { DATABASE_URL: target })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^.+cut\.zip is not a readable zip archive \(.+\); is it a Tagbench backup, and was it copied completely\?$/m)
    const stranger = await tamperedCopy('stranger.zip', (entries) => editManifest(entries, (m) => Object.assign(m, { format: 'something-else' })))
    const other = cli('restore', ['--from', stranger], { DATABASE_URL: target })
    expect(other.status).toBe(1)
    expect(other.stderr).toContain('is not valid: format: this is not a Tagbench backup (manifest.json has another format).')
    expect(await tableCount(target)).toBe(0)
  }, 120_000)

  it('refuses an archive made by a newer Tagbench (a migration this checkout lacks)', async () => {
    const newer = await tamperedCopy('newer.zip', (entries) => editManifest(entries, (m) => m.migrations.push({ name: '29991231000000_from_the_future', checksum: 'f'.repeat(64) })))
    const target = await newDatabase()
    const run = cli('restore', ['--from', newer], { DATABASE_URL: target })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/The archive was made by a newer Tagbench \(.+\): its migration 29991231000000_from_the_future is not in this checkout; update Tagbench first\./)
    expect(await tableCount(target)).toBe(0)
  }, 120_000)

  it('leaves no half-restored data when the load fails midway (one transaction)', async () => {
    // Hashes intact, but the manifest promises one TagEvent more than the part holds: the load
    // notices after inserting the tables before it, and everything is rolled back.
    const short = await tamperedCopy('short.zip', (entries) => editManifest(entries, (m) => (m.tables.find((t) => t.name === 'TagEvent')!.rows += 1)))
    const target = await newDatabase()
    const folder = path.join(work, 'exports-short')
    const run = cli('restore', ['--from', short], { DATABASE_URL: target, TAGBENCH_EXPORT_DIR: folder })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^Table TagEvent got \d+ rows, the manifest says \d+; nothing was restored\.$/m)
    expect(await tableCount(target)).toBe(0)
    expect(existsSync(folder)).toBe(false)
    expect(readdirSync(work).filter((f) => f.includes('.restoring-'))).toEqual([])
  }, 120_000)

  it("brings back a table an operator added (not in the migrations) with its columns and primary key, and says so", async () => {
    const rows = ['("note-1","夜间备份 \\"检查\\"",7)', '(note-2,"",)'].map((r) => JSON.stringify(r)).join('\n') + '\n'
    const extra = await tamperedCopy('extra-table.zip', (entries) => {
      entries.set('database/operator_notes.jsonl', Buffer.from(rows))
      editManifest(entries, (m) =>
        m.tables.push({
          name: 'operator_notes',
          part: 'database/operator_notes.jsonl',
          bytes: Buffer.byteLength(rows),
          sha256: createHash('sha256').update(rows).digest('hex'),
          columns: [
            { name: 'id', type: 'text', notNull: true, default: null },
            { name: 'note', type: 'text', notNull: true, default: "''::text" },
            { name: 'weight', type: 'integer', notNull: false, default: null },
          ],
          primaryKey: ['id'],
          rows: 2,
          selfReferencing: false,
        }),
      )
    })
    const target = await newDatabase()
    const run = cli('restore', ['--from', extra], { DATABASE_URL: target, TAGBENCH_EXPORT_DIR: path.join(work, 'exports-extra') })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('Not created by the migrations, so recreated with their columns and primary key only: operator_notes.')
    const notes = await withClient(target, async (c) => (await c.query(`SELECT id, note, weight FROM operator_notes ORDER BY id`)).rows)
    expect(notes).toEqual([
      { id: 'note-1', note: '夜间备份 "检查"', weight: 7 },
      { id: 'note-2', note: '', weight: null },
    ])
    await expect(withClient(target, (c) => c.query(`INSERT INTO operator_notes (id) VALUES ('note-1')`))).rejects.toThrow(/duplicate key/)
  }, 120_000)

  it('refuses wrong arguments with a sentence and the usage', () => {
    const unknown = cli('restore', ['--form', archive], {})
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/^Unknown option '--form'\.\nUsage: npm run restore -- --from <backup\.zip>/)
    const missing = cli('restore', [], {})
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/^--from: is required: the backup archive to restore \(a \.zip written by npm run backup\)\nUsage:/)
    const absent = cli('restore', ['--from', path.join(work, 'nothing.zip')], {})
    expect(absent.status).toBe(2)
    expect(absent.stderr).toContain(`--from: ${path.join(work, 'nothing.zip')} is not a file`)
  }, 120_000)
})

describe('the snapshot', () => {
  it('holds the database as it was when the backup began, whatever is written while it runs', async () => {
    const before = await everyRow(sourceUrl)
    const client = new pg.Client(connectionFields(sourceUrl))
    await client.connect()
    let email = ''
    try {
      let wrote = false
      const manifest = await createBackup({
        client,
        out: path.join(work, 'snapshot.zip'),
        exportDir: sourceExports,
        onProgress: async () => {
          if (wrote) return
          wrote = true
          // Committed by another connection after the first table was read, into tables read later.
          const user = await createTestUser('backup-meanwhile')
          email = user.email
          const project = await db.project.create({ data: { name: uniqueName('unit-backup-meanwhile') } })
          await addMember(project.id, user.id, 'manager')
        },
      })
      expect(wrote).toBe(true)
      expect(Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]))).toEqual(Object.fromEntries(Object.entries(before).map(([t, rows]) => [t, rows.length])))
      expect((await readZip(path.join(work, 'snapshot.zip'))).get('database/User.jsonl')!.toString('utf8')).not.toContain(email)
    } finally {
      await client.end()
    }
    expect((await everyRow(sourceUrl)).User.length).toBe(before.User.length + 1)
  }, 120_000)
})
