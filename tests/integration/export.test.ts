// The corpus export against the real database: the engine writing into a folder, the services that
// preview and queue exports, and the job runner writing a zip.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { connect, endSqlPool } from '../../lib/db/sql'
import { runExport, type Manifest } from '../../lib/export/engine'
import { exportFile, exportFolder, runNextExport } from '../../lib/export/jobs'
import { stopQueue } from '../../lib/jobs/queue'
import { folderSink } from '../../lib/export/sinks'
import { exportFormats, type ExportFormatName } from '../../lib/export/types'
import { exportFiltersSchema, exportRequestSchema } from '../../lib/schemas/exports'
import { createExport, deleteExport, previewExport } from '../../lib/services/exports'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const checkOffsets = path.resolve(import.meta.dirname, '../fixtures/export/check_offsets.py')
const tempDirs: string[] = []
const userIds: string[] = []
const projectIds: string[] = []
let projectId: string
let annotatorProject: string
let manager: Actor
let annotator: Actor
let outsider: Actor
let authorA: { id: string; email: string }
let authorB: { id: string; email: string }
const labels: Record<string, string> = {}
const docs: Record<string, { id: string; text: string; title: string }> = {}
const tags: Record<string, string> = {}

function tempDir(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `tagbench-${prefix}-`))
  tempDirs.push(dir)
  return dir
}

async function newUser(prefix: string) {
  const user = await createTestUser(prefix)
  userIds.push(user.id)
  return user
}

async function label(projectId: string, name: string, parent?: string, order = 0) {
  const row = await db.label.create({ data: { projectId, name, color: '#2563eb', order, parentId: parent ? labels[parent] : null } })
  labels[parent ? `${parent}/${name}` : name] = row.id
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** Code-point offset of `quote` in `text` (docs/architecture.md, "The offset contract"). */
function codePointRange(text: string, quote: string): [number, number] {
  const utf16 = text.indexOf(quote)
  if (utf16 < 0) throw new Error(`"${quote}" is not in "${text}"`)
  const start = Array.from(text.slice(0, utf16)).length
  return [start, start + Array.from(quote).length]
}

type Status = 'approved' | 'pending' | 'rejected' | 'needs_revision'

async function tag(key: string, doc: string, quote: string, labelPath: string, author: { id: string }, status: Status, deleted = false) {
  const { id: documentId, text } = docs[doc]
  const [start, end] = codePointRange(text, quote)
  const row = await db.tag.create({
    data: { projectId, documentId, labelId: labels[labelPath], start, end, quote, authorId: author.id, status, reviewerId: status === 'approved' ? manager.id : null, deletedAt: deleted ? new Date() : null },
  })
  tags[key] = row.id
}

interface Written {
  dir: string
  manifest: Manifest
  files: Record<string, string>
}

/** Runs the engine into a fresh folder, with the request as the API would parse it. */
async function exportTo(raw: Record<string, unknown>): Promise<Written> {
  const dir = tempDir('export')
  const client = await connect()
  try {
    const manifest = await runExport({ client, projectId, request: exportRequestSchema.parse({ format: 'jsonl', ...raw }), sink: folderSink(dir) })
    const files = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]))
    return { dir, manifest, files }
  } finally {
    client.release()
  }
}

const jsonLines = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l))
const spanIds = (w: Written, file = 'corpus.jsonl') => jsonLines(w.files[file]).flatMap((d) => d.spans.map((s: { id: string }) => s.id)).sort()
const docIds = (w: Written, file = 'corpus.jsonl') => jsonLines(w.files[file]).map((d) => d.id).sort()
const ids = (...keys: string[]) => keys.map((k) => tags[k]).sort()
const docIdsOf = (...keys: string[]) => keys.map((k) => docs[k].id).sort()

/** spans.csv as Python's csv module reads it (utf-8-sig drops the BOM). */
function csvRows(dir: string): Record<string, string>[] {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], encoding="utf-8-sig", newline="") as f:\n    print(json.dumps(list(csv.DictReader(f)), ensure_ascii=False))'
  const result = spawnSync('python3', ['-c', script, path.join(dir, 'spans.csv')], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(result.stderr)
  return JSON.parse(result.stdout)
}

beforeAll(async () => {
  const project = await db.project.create({ data: { name: uniqueName('unit-export') } })
  const other = await db.project.create({ data: { name: uniqueName('unit-export-annotators'), exportRole: 'annotator', blindMode: true } })
  projectId = project.id
  annotatorProject = other.id
  projectIds.push(projectId, annotatorProject)
  const [m, a, b, o] = await Promise.all([newUser('export-manager'), newUser('export-ann-a'), newUser('export-ann-b'), newUser('export-outsider')])
  await addMember(projectId, m.id, 'manager')
  await addMember(projectId, a.id, 'annotator')
  await addMember(projectId, b.id, 'annotator')
  await addMember(annotatorProject, a.id, 'annotator')
  ;[manager, annotator, outsider] = await Promise.all([actorOf(m.id), actorOf(a.id), actorOf(o.id)])
  authorA = a
  authorB = b

  await label(projectId, '三项制度', undefined, 0)
  await label(projectId, '行政执法公示制度', '三项制度', 0)
  await label(projectId, '执法全过程记录制度', '三项制度', 1)
  await label(projectId, '重大行政决策', undefined, 1)
  await label(projectId, '依法行政', undefined, 2)

  const specs = [
    // 𠮷 and 😀 come before every tag, so code points and UTF-16 indexes differ.
    { key: 'D1', title: '=SUM(1+2)甘肃报告', province: '甘肃省', year: 2023, text: '𠮷野家😀报告：推行行政执法公示制度。严格执法全过程记录制度！-重大决策须经集体讨论；@公众参与。' },
    { key: 'D2', title: '+山西报告, "2022"', province: '山西省', year: 2022, text: '+依法行政是基本要求。重大行政决策程序。' },
    { key: 'D3', title: '@四川报告', province: '四川省', year: 2021, text: '四川省推进法治政府建设。' },
    { key: 'D4', title: '甘肃无标注报告', province: '甘肃省', year: 2023, text: '没有任何标注的报告。' },
    { key: 'D5', title: '只有已删除标注的报告', province: '山西省', year: 2022, text: '这份报告的标注已删除。' },
  ]
  for (const s of specs) {
    const row = await db.document.create({
      data: { projectId, title: s.title, text: s.text, textSha256: sha256(s.text), length: Array.from(s.text).length, province: s.province, reportYear: s.year },
    })
    docs[s.key] = { id: row.id, text: s.text, title: s.title }
  }
  await tag('t1', 'D1', '行政执法公示制度', '三项制度/行政执法公示制度', authorA, 'approved')
  await tag('t2', 'D1', '执法全过程记录制度', '三项制度/执法全过程记录制度', authorB, 'pending')
  await tag('t3', 'D1', '严格执法', '三项制度', authorA, 'rejected')
  await tag('t4', 'D1', '推行', '依法行政', authorB, 'needs_revision')
  await tag('t5', 'D1', '报告', '依法行政', authorA, 'approved', true)
  await tag('t6', 'D1', '-重大决策须经集体讨论；', '重大行政决策', authorB, 'approved')
  await tag('t7', 'D1', '@公众参与。', '依法行政', authorA, 'approved')
  await tag('t8', 'D1', '公众', '依法行政', authorA, 'pending', true)
  await tag('t9', 'D2', '+依法行政', '依法行政', authorB, 'approved')
  await tag('t10', 'D2', '重大行政决策程序', '重大行政决策', authorA, 'pending')
  await tag('t11', 'D3', '法治政府', '依法行政', authorA, 'pending')
  await tag('t12', 'D3', '四川省', '依法行政', authorB, 'rejected')
  await tag('t13', 'D5', '标注', '三项制度', authorA, 'approved', true)
})

afterAll(async () => {
  try {
    // Children before parents: every foreign key here restricts deletes.
    await db.export.deleteMany({ where: { projectId: { in: projectIds } } })
    await db.tag.deleteMany({ where: { projectId: { in: projectIds } } })
    await db.document.deleteMany({ where: { projectId: { in: projectIds } } })
    await db.label.deleteMany({ where: { projectId: { in: projectIds }, parentId: { not: null } } })
    await db.label.deleteMany({ where: { projectId: { in: projectIds } } })
    await db.membership.deleteMany({ where: { projectId: { in: projectIds } } })
    await db.project.deleteMany({ where: { id: { in: projectIds } } })
    await db.user.deleteMany({ where: { id: { in: userIds } } })
  } finally {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
    await endSqlPool()
    await db.$disconnect()
  }
})

const approved = () => ids('t1', 't6', 't7', 't9')
const neverExported = () => ids('t2', 't3', 't4', 't5', 't8', 't10', 't11', 't12', 't13')

describe('selection', () => {
  it.each(exportFormats)('%s: exports approved tags only by default, in every file and count', async (format: ExportFormatName) => {
    const w = await exportTo({ format })
    const everything = Object.values(w.files).join('\n')
    for (const id of neverExported()) expect(everything).not.toContain(id)
    expect(csvRows(w.dir).map((r) => r.span_id).sort()).toEqual(approved())
    expect(w.manifest.counts).toMatchObject({ documents: 2, spans: 4, per_status: { approved: 4 } })
    expect(w.manifest.counts.per_label).toEqual({ '三项制度/行政执法公示制度': { approved: 1 }, 重大行政决策: { approved: 1 }, 依法行政: { approved: 2 } })
    const data = w.files[w.manifest.files[0].name]
    if (format === 'jsonl') expect(spanIds(w)).toEqual(approved())
    if (format === 'label-studio') {
      const results = JSON.parse(data).flatMap((t: { annotations: { result: { id: string }[] }[] }) => t.annotations.flatMap((a) => a.result.map((r) => r.id)))
      expect(results.sort()).toEqual(approved())
    }
    if (format === 'doccano') expect(jsonLines(data).reduce((n, r) => n + r.label.length, 0)).toBe(4)
    if (format === 'conll') expect(w.manifest.format_report).toMatchObject({ spansPlaced: 4, spansNotRepresented: 0 })
    if (format === 'sentences') expect([...new Set(jsonLines(data).map((r) => r.doc_id))].sort()).toEqual(docIdsOf('D1', 'D2'))
  })

  it('takes approved and pending when asked, and still never a deleted tag', async () => {
    const w = await exportTo({ status: ['approved', 'pending'] })
    expect(spanIds(w)).toEqual(ids('t1', 't2', 't6', 't7', 't9', 't10', 't11'))
    expect(docIds(w)).toEqual(docIdsOf('D1', 'D2', 'D3'))
    expect(csvRows(w.dir).map((r) => r.span_id).sort()).toEqual(ids('t1', 't2', 't6', 't7', 't9', 't10', 't11'))
    expect(w.manifest.counts.per_status).toEqual({ approved: 4, pending: 3 })
    for (const key of ['t5', 't8', 't13']) expect(Object.values(w.files).join('\n')).not.toContain(tags[key])
  })

  it('takes a label by its path together with its sub-labels', async () => {
    const w = await exportTo({ status: ['approved', 'pending', 'rejected'], labels: ['三项制度'] })
    expect(spanIds(w)).toEqual(ids('t1', 't2', 't3'))
    expect(w.manifest.filters.labels).toEqual(['三项制度'])
    expect(Object.keys(w.manifest.counts.per_label).sort()).toEqual(['三项制度', '三项制度/执法全过程记录制度', '三项制度/行政执法公示制度'])
  })

  it("takes an annotator's tags by email, whatever its case", async () => {
    const w = await exportTo({ status: ['approved', 'pending', 'rejected', 'needs_revision'], annotators: [authorB.email.toUpperCase()] })
    expect(spanIds(w)).toEqual(ids('t2', 't4', 't6', 't9', 't12'))
    expect(w.manifest.filters.annotators).toEqual([authorB.email])
    expect(new Set(jsonLines(w.files['corpus.jsonl']).flatMap((d) => d.spans.map((s: { annotator: string }) => s.annotator)))).toEqual(new Set([authorB.email]))
  })

  it('filters documents by province and by report year', async () => {
    const shanxi = await exportTo({ documents: { provinces: ['山西省'] } })
    expect(docIds(shanxi)).toEqual(docIdsOf('D2'))
    expect(spanIds(shanxi)).toEqual(ids('t9'))
    const y2023 = await exportTo({ documents: { years: [2023] } })
    expect(docIds(y2023)).toEqual(docIdsOf('D1'))
    expect(spanIds(y2023)).toEqual(ids('t1', 't6', 't7'))
    const both = await exportTo({ documents: { provinces: ['甘肃省'], years: [2022] } })
    expect(both.manifest.counts).toMatchObject({ documents: 0, spans: 0 })
  })

  it('drops documents without a selected tag unless includeUntagged is set', async () => {
    const tagged = await exportTo({})
    expect(docIds(tagged)).toEqual(docIdsOf('D1', 'D2'))
    const all = await exportTo({ includeUntagged: true })
    expect(docIds(all)).toEqual(docIdsOf('D1', 'D2', 'D3', 'D4', 'D5'))
    expect(spanIds(all)).toEqual(approved())
    const d5 = jsonLines(all.files['corpus.jsonl']).find((d) => d.id === docs.D5.id)
    expect(d5.spans).toEqual([]) // its only tag is deleted
  })
})

describe('split', () => {
  const members = (w: Written) =>
    Object.fromEntries(['train', 'dev', 'test'].map((part) => [part, docIds(w, `${part}.jsonl`)]))

  it('is the same for the same seed, to the byte, and puts each document in exactly one part', async () => {
    const request = { includeUntagged: true, split: { ratios: [0.6, 0.2, 0.2], seed: 42 } }
    const [first, second] = [await exportTo(request), await exportTo(request)]
    expect(members(second)).toEqual(members(first))
    const parts = members(first)
    expect([parts.train.length, parts.dev.length, parts.test.length]).toEqual([3, 1, 1])
    expect([...parts.train, ...parts.dev, ...parts.test].sort()).toEqual(docIdsOf('D1', 'D2', 'D3', 'D4', 'D5'))
    const hashes = (w: Written) => w.manifest.files.filter((f) => f.name !== 'README.md').map((f) => [f.name, f.sha256])
    expect(hashes(second)).toEqual(hashes(first))
    expect(hashes(first).map(([name]) => name)).toEqual(['train.jsonl', 'dev.jsonl', 'test.jsonl', 'spans.csv'])
    // spans.csv names each span's part, the same one its document is in.
    const partOf = new Map(Object.entries(parts).flatMap(([part, list]) => list.map((id: string) => [id, part])))
    for (const row of csvRows(first.dir)) expect(row.split).toBe(partOf.get(row.doc_id))
    expect(first.manifest.split?.parts).toEqual({
      train: { documents: 3, spans: expect.any(Number) },
      dev: { documents: 1, spans: expect.any(Number) },
      test: { documents: 1, spans: expect.any(Number) },
    })
    const spansInParts = Object.values(first.manifest.split!.parts).reduce((n, p) => n + p!.spans, 0)
    expect(spansInParts).toBe(4)
  })
})

describe('files', () => {
  let w: Written
  beforeAll(async () => {
    w = await exportTo({})
  })

  it('describes itself in manifest.json: code-point offsets, counts, and a matching SHA-256 per file', () => {
    const manifest = JSON.parse(w.files['manifest.json'])
    expect(manifest).toMatchObject({
      offset_unit: 'codepoint',
      format: 'jsonl',
      project: { id: projectId },
      filters: { status: ['approved'], includeUntagged: false },
      counts: { documents: 2, spans: 4, per_status: { approved: 4 } },
    })
    expect(manifest.taxonomy.labels.map((l: { path: string[] }) => l.path.join('/'))).toEqual(['三项制度', '三项制度/行政执法公示制度', '三项制度/执法全过程记录制度', '重大行政决策', '依法行政'])
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(['README.md', 'corpus.jsonl', 'spans.csv'])
    for (const file of manifest.files) {
      const bytes = readFileSync(path.join(w.dir, file.name))
      expect(file.sha256).toBe(sha256(bytes))
      expect(file.bytes).toBe(bytes.length)
    }
    expect(readdirSync(w.dir).sort()).toEqual(['README.md', 'corpus.jsonl', 'manifest.json', 'spans.csv'])
  })

  it('writes a dataset card that states the counts', () => {
    expect(w.files['README.md']).toContain('**2** documents, **4** spans')
    expect(w.files['README.md']).toMatch(/\| 依法行政 \| 2 \|/)
  })

  it('writes spans.csv with a BOM and neutralises cells a spreadsheet would run as a formula', () => {
    expect([...readFileSync(path.join(w.dir, 'spans.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = csvRows(w.dir)
    const byId = new Map(rows.map((r) => [r.span_id, r]))
    expect(byId.get(tags.t1)).toMatchObject({ title: "'=SUM(1+2)甘肃报告", text: '行政执法公示制度', label: '三项制度/行政执法公示制度', status: 'approved' })
    expect(byId.get(tags.t6)?.text).toBe("'-重大决策须经集体讨论；")
    expect(byId.get(tags.t7)?.text).toBe("'@公众参与。")
    expect(byId.get(tags.t9)).toMatchObject({ title: `'+山西报告, "2022"`, text: "'+依法行政" }) // quoted and neutralised
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@]/)
  })

  it('lets Python load corpus.jsonl with json alone and slice every span at its offsets', () => {
    const result = spawnSync('python3', [checkOffsets, 'jsonl', path.join(w.dir, 'corpus.jsonl'), path.join(w.dir, 'corpus.jsonl')], { encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(Number(result.stdout)).toBe(4)
    // The check means something: in JavaScript's UTF-16 the first span starts elsewhere.
    const d1 = jsonLines(w.files['corpus.jsonl']).find((d) => d.id === docs.D1.id)
    const t1 = d1.spans.find((s: { id: string }) => s.id === tags.t1)
    expect(d1.text.indexOf(t1.text)).toBe(t1.start + 2)
  })
})

describe('services', () => {
  const filterSets: Record<string, unknown>[] = [
    {},
    { status: ['approved', 'pending'] },
    { status: ['approved', 'pending', 'rejected'], labels: ['三项制度'] },
    { status: ['pending', 'needs_revision'], includeUntagged: true },
    { documents: { provinces: ['甘肃省'] }, includeUntagged: true },
  ]

  it.each(filterSets)('previews the same counts the export then writes (%o)', async (filters) => {
    const preview = await previewExport(manager, { projectId, ...exportFiltersSchema.parse(filters) })
    const { manifest } = await exportTo(filters)
    expect(preview.documents).toBe(manifest.counts.documents)
    expect(preview.spans).toBe(manifest.counts.spans)
    expect(preview.perStatus).toEqual(manifest.counts.per_status)
    const perLabel = Object.fromEntries(Object.entries(manifest.counts.per_label).map(([label, byStatus]) => [label, Object.values(byStatus).reduce((a, b) => a + b, 0)]))
    expect(Object.fromEntries(preview.perLabel.map((l) => [l.label, l.spans]))).toEqual(perLabel)
  })

  it('refuses an unknown label path with a 400 that names it, and queues nothing', async () => {
    const error = await domainErrorOf(createExport(manager, { projectId, ...exportRequestSchema.parse({ format: 'jsonl', labels: ['三项制度/不存在的制度'] }) }))
    expect(error.code).toBe('invalid')
    expect(error.status).toBe(400)
    expect(error.message).toContain('三项制度/不存在的制度')
    expect(await db.export.count({ where: { projectId } })).toBe(0)
  })

  it('forbids an annotator where only managers may export', async () => {
    for (const call of [previewExport(annotator, { projectId, ...exportFiltersSchema.parse({}) }), createExport(annotator, { projectId, ...exportRequestSchema.parse({ format: 'jsonl' }) })]) {
      const error = await domainErrorOf(call)
      expect(error.code).toBe('forbidden')
      expect(error.status).toBe(403)
    }
  })

  it('answers "not found" to a non-member', async () => {
    const error = await domainErrorOf(previewExport(outsider, { projectId, ...exportFiltersSchema.parse({}) }))
    expect(error.code).toBe('not_found')
    expect(error.status).toBe(404)
    expect((await domainErrorOf(createExport(outsider, { projectId, ...exportRequestSchema.parse({ format: 'jsonl' }) }))).status).toBe(404)
  })

  it('lets a blind-mode annotator export approved tags but not pending ones', async () => {
    await expect(previewExport(annotator, { projectId: annotatorProject, ...exportFiltersSchema.parse({}) })).resolves.toMatchObject({ documents: 0 })
    const error = await domainErrorOf(createExport(annotator, { projectId: annotatorProject, ...exportRequestSchema.parse({ format: 'jsonl', status: ['pending'] }) }))
    expect(error.code).toBe('forbidden')
    expect(error.status).toBe(403)
    expect(await db.export.count({ where: { projectId: annotatorProject } })).toBe(0)
  })
})

describe('export jobs', () => {
  let previousDir: string | undefined

  beforeAll(() => {
    previousDir = process.env.TAGBENCH_EXPORT_DIR
    process.env.TAGBENCH_EXPORT_DIR = tempDir('jobs')
    // createExport only queues the job (no worker runs in this process): the test runs the job itself.
  })
  afterAll(async () => {
    await stopQueue()
    if (previousDir === undefined) delete process.env.TAGBENCH_EXPORT_DIR
    else process.env.TAGBENCH_EXPORT_DIR = previousDir
  })

  it('runs a queued export into a zip and records it as done', async () => {
    const created = await createExport(manager, { projectId, ...exportRequestSchema.parse({ format: 'conll' }) })
    expect(created.status).toBe('queued')
    expect(await runNextExport()).toBe(true)
    const row = await db.export.findUniqueOrThrow({ where: { id: created.id } })
    expect(row).toMatchObject({ status: 'done', documents: 2, spans: 4, error: null })
    const zip = exportFile(created.id)
    expect(existsSync(zip)).toBe(true)
    expect(existsSync(`${zip}.part`)).toBe(false)
    expect(Number(row.fileBytes)).toBe(statSync(zip).size)
    expect(row.fileSha256).toBe(sha256(readFileSync(zip)))
    expect((row.manifest as { offset_unit: string }).offset_unit).toBe('codepoint')
  })

  it('records a job that cannot run as failed, with a sentence, and keeps no file', async () => {
    // The taxonomy changes between queueing and running: the label the export asked for is renamed.
    await label(projectId, '临时标签', undefined, 3)
    const created = await createExport(manager, { projectId, ...exportRequestSchema.parse({ format: 'jsonl', labels: ['临时标签'] }) })
    await db.label.update({ where: { id: labels['临时标签'] }, data: { name: '临时标签（已改名）' } })
    expect(await runNextExport()).toBe(true)
    const row = await db.export.findUniqueOrThrow({ where: { id: created.id } })
    expect(row.status).toBe('failed')
    expect(row.error).toMatch(/^No label "临时标签" in this project's taxonomy; .+\.$/)
    expect(row.finishedAt).not.toBeNull()
    expect(readdirSync(exportFolder()).filter((name) => name.startsWith(created.id))).toEqual([])
  })

  it('deletes a finished export with its file, and a queued one before it runs', async () => {
    const done = await createExport(manager, { projectId, ...exportRequestSchema.parse({ format: 'jsonl' }) })
    expect(await runNextExport()).toBe(true)
    expect(existsSync(exportFile(done.id))).toBe(true)
    expect(await deleteExport(manager, { exportId: done.id })).toEqual({ outcome: 'deleted' })
    expect(await db.export.findUnique({ where: { id: done.id } })).toBeNull()
    expect(existsSync(exportFile(done.id))).toBe(false)

    const queued = await createExport(manager, { projectId, ...exportRequestSchema.parse({ format: 'jsonl' }) })
    expect(await deleteExport(manager, { exportId: queued.id })).toEqual({ outcome: 'deleted' })
    expect(await runNextExport()).toBe(false) // nothing left to run
  })

  it('cancels a running export: the worker stops, removes the job and keeps no file', async () => {
    const created = await createExport(manager, { projectId, ...exportRequestSchema.parse({ format: 'jsonl' }) })
    // As if the worker had claimed it: a cancel now only asks it to stop.
    await db.export.update({ where: { id: created.id }, data: { status: 'running' } })
    expect(await deleteExport(manager, { exportId: created.id })).toEqual({ outcome: 'cancelling' })
    const asked = await db.export.findUniqueOrThrow({ where: { id: created.id } })
    expect(asked.cancelRequestedAt).not.toBeNull()
    // The worker takes it up (queued again here so runNextExport claims it) and stops at its first progress report.
    await db.export.update({ where: { id: created.id }, data: { status: 'queued' } })
    expect(await runNextExport()).toBe(true)
    expect(await db.export.findUnique({ where: { id: created.id } })).toBeNull()
    expect(readdirSync(exportFolder()).filter((name) => name.startsWith(created.id))).toEqual([])
  })
})
