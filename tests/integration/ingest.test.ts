// The file import on a real database: files staged with their bytes, read (a zip unpacked, a
// manifest winning over what is read, bad files refused each with its sentence and without stopping
// the others), corrected by a manager, and committed all at once and only once; duplicates found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import yazl from 'yazl'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { commitStagedFiles, readStagedFile } from '../../lib/ingest/jobs'
import { addFileBytes, bulkEditStagedFiles, commitBatch, createBatch, getBatch, getStagedFile, listStagedFiles, patchStagedFile } from '../../lib/services/ingest'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
const actors = {} as Record<'manager' | 'annotator' | 'outsider', Actor>

/** A report page as a county site serves it: navigation, a date strip, the report, a footer. */
function reportPage(county: string, year: number, extra = '') {
  const paragraphs = Array.from(
    { length: 14 },
    (_, i) =>
      `<p>${year}年，${county}坚持以习近平新时代中国特色社会主义思想为指导，第${i + 1}项工作：严格落实重大行政决策程序，全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，持续优化营商环境，建立健全府院联动机制${extra}。</p>`,
  ).join('\n')
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${county}人民政府关于${year}年法治政府建设情况的报告_${county}人民政府网</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="article"><h1>${county}人民政府关于${year}年法治政府建设情况的报告</h1>
<div class="info">来源：${county}人民政府 发布时间：${year + 1}-03-15</div>
${paragraphs}
<p>${county}人民政府</p><p>${year + 1}年3月10日</p></div>
<div class="footer">主办：${county}人民政府办公室 ICP备案号：沪ICP备12345678号</div></body></html>`
}

const utf8 = (s: string) => new TextEncoder().encode(s)

function zipOf(entries: [string, Uint8Array][]): Promise<Uint8Array> {
  const zip = new yazl.ZipFile()
  for (const [name, bytes] of entries) zip.addBuffer(Buffer.from(bytes), name)
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    zip.outputStream.on('error', reject)
  })
}

/** What a worker does: read every queued file of the batch (an archive's entries too). */
async function readAll(batchId: string) {
  for (;;) {
    const queued = await db.stagedFile.findMany({ where: { batchId, status: 'queued' }, select: { id: true } })
    if (queued.length === 0) return
    for (const q of queued) await readStagedFile(q.id, { queueEntries: false })
  }
}

const rowsOf = async (batchId: string) => (await listStagedFiles(actors.manager, { batchId, show: 'all', page: 1, pageSize: 200 })).items
const byPath = async (batchId: string, path: string) => {
  const row = (await rowsOf(batchId)).find((r) => r.path === path)
  if (!row) throw new Error(`no staged file ${path}`)
  return row
}

beforeAll(async () => {
  const [m, a, o] = await Promise.all([createTestUser('ingest-manager'), createTestUser('ingest-annotator'), createTestUser('ingest-outsider')])
  projectId = (await db.project.create({ data: { name: uniqueName('unit-ingest') } })).id
  const other = await db.project.create({ data: { name: uniqueName('unit-ingest-other') } })
  await addMember(projectId, m.id, 'manager')
  await addMember(projectId, a.id, 'annotator')
  await addMember(other.id, o.id, 'manager')
  ;[actors.manager, actors.annotator, actors.outsider] = await Promise.all([actorOf(m.id), actorOf(a.id), actorOf(o.id)])
})

afterAll(async () => {
  await db.$disconnect()
})

describe('staging', () => {
  it('lets only the project’s managers import: an annotator gets 403, another project’s manager 404', async () => {
    expect((await domainErrorOf(createBatch(actors.annotator, { projectId }))).status).toBe(403)
    const batch = await createBatch(actors.manager, { projectId })
    expect((await domainErrorOf(getBatch(actors.outsider, { batchId: batch.id }))).status).toBe(404)
    expect((await domainErrorOf(getBatch(actors.annotator, { batchId: batch.id }))).status).toBe(403)
  })

  it('reads a page, a zip of pages with a manifest, and refuses a bad file and a climbing zip entry without stopping the others', async () => {
    const batch = await createBatch(actors.manager, { projectId })
    await addFileBytes(batch.id, '闵行区.html', utf8(reportPage('闵行区', 2022)), { read: 'later' })
    await addFileBytes(batch.id, 'picture.html', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 0]), { read: 'later' })
    const manifest = 'file,url,title\n嘉定区.html,https://www.jiading.gov.cn/fzzf/2022.html,嘉定区2022年法治政府建设情况报告（清单标题）\n'
    const zip = await zipOf([
      ['crawl/嘉定区.html', utf8(reportPage('嘉定区', 2022))],
      ['crawl/松江区.html', utf8(reportPage('松江区', 2021))],
      ['crawl/manifest.csv', utf8(manifest)],
      // yazl refuses to write a climbing name: write a same-length one and change it in the bytes.
      ['XX/escape.html', utf8(reportPage('奉贤区', 2022))],
    ]).then((bytes) => {
      const buffer = Buffer.from(bytes)
      for (let at = buffer.indexOf('XX/escape.html'); at >= 0; at = buffer.indexOf('XX/escape.html', at + 1)) buffer.write('../escape.html', at)
      return new Uint8Array(buffer)
    })
    await addFileBytes(batch.id, 'crawl.zip', zip, { read: 'later' })
    await readAll(batch.id)

    const rows = await rowsOf(batch.id)
    expect(rows.map((r) => r.path).sort()).toEqual(['crawl/../escape.html', 'crawl/crawl/嘉定区.html', 'crawl/crawl/松江区.html', 'picture.html', '闵行区.html'].sort())
    const minhang = await byPath(batch.id, '闵行区.html')
    expect(minhang).toMatchObject({ status: 'staged', format: 'html', encoding: 'utf-8' })
    expect(minhang.fields.title.value).toBe('闵行区人民政府关于2022年法治政府建设情况的报告')
    expect(minhang.fields.report_year.value).toBe(2022)
    expect(minhang.fields.published.value).toBe('2023-03-15')
    expect(minhang.fields.province.value).toBe('上海市')
    expect(minhang.fields.county.value).toBe('闵行区')

    const jiading = await byPath(batch.id, 'crawl/crawl/嘉定区.html')
    expect(jiading.fields.title).toMatchObject({ value: '嘉定区2022年法治政府建设情况报告（清单标题）', source: 'manifest' })
    expect(jiading.fields.source_url.value).toBe('https://www.jiading.gov.cn/fzzf/2022.html')

    const picture = await byPath(batch.id, 'picture.html')
    expect(picture.status).toBe('refused')
    expect(picture.problem?.message).toMatch(/\S/)
    const escape = await byPath(batch.id, 'crawl/../escape.html')
    expect(escape.status).toBe('refused')
    expect(escape.problem?.code).toBe('unsafe_path')

    const view = await getBatch(actors.manager, { batchId: batch.id })
    expect(view).toMatchObject({ files: 5, hasManifest: true, counts: { queued: 0, staged: 3, refused: 2, committed: 0 } })

    // The preview holds the whole page as text, chrome included, never HTML; the body lies inside it.
    const detail = await getStagedFile(actors.manager, { stagedFileId: minhang.id })
    expect(detail.text).toContain('当前位置')
    expect(detail.text).not.toMatch(/<p>|<div/)
    const body = Array.from(detail.text!).slice(detail.bodyStart!, detail.bodyEnd!).join('')
    expect(body).not.toContain('当前位置')
    expect(body).not.toContain('ICP')
    expect(body).toContain('府院联动机制')
  })

  it('takes a manager’s corrections (a field, the body’s ends, many rows at once), refusing a stale version and a body outside the text', async () => {
    const batch = await createBatch(actors.manager, { projectId })
    await addFileBytes(batch.id, 'a.html', utf8(reportPage('青浦区', 2020, '甲')), { read: 'later' })
    await addFileBytes(batch.id, 'b.html', utf8(reportPage('金山区', 2020, '乙')), { read: 'later' })
    await readAll(batch.id)
    const a = await byPath(batch.id, 'a.html')
    const edited = await patchStagedFile(actors.manager, { stagedFileId: a.id, version: a.version, fields: { issuer: '青浦区司法局', report_year: null } })
    expect(edited.fields.issuer).toMatchObject({ value: '青浦区司法局', source: 'edited', edited: true })
    expect(edited.fields.report_year).toMatchObject({ value: null, edited: true })
    const stale = await domainErrorOf(patchStagedFile(actors.manager, { stagedFileId: a.id, version: a.version, fields: { issuer: 'x' } }))
    expect(stale.status).toBe(409)
    const length = Array.from(edited.text!).length
    const outside = await domainErrorOf(patchStagedFile(actors.manager, { stagedFileId: a.id, version: edited.version, body: { start: 0, end: length + 5 } }))
    expect(outside.status).toBe(400)
    const moved = await patchStagedFile(actors.manager, { stagedFileId: a.id, version: edited.version, body: { start: 0, end: length } })
    expect(moved).toMatchObject({ bodyStart: 0, bodyEnd: length })
    const bulk = await bulkEditStagedFiles(actors.manager, { batchId: batch.id, ids: (await rowsOf(batch.id)).map((r) => r.id), fields: { level: 'county' } })
    expect(bulk.updated).toBe(2)
    expect((await byPath(batch.id, 'b.html')).fields.level).toMatchObject({ value: 'county', edited: true })
  })
})

describe('commit', () => {
  it('imports the chosen files as documents with their corrected fields, once: a second run and a duplicate add nothing', async () => {
    const batch = await createBatch(actors.manager, { projectId })
    await addFileBytes(batch.id, 'x.html', utf8(reportPage('杨浦区', 2023, '丙')), { read: 'later' })
    await addFileBytes(batch.id, 'y.html', utf8(reportPage('浦东新区', 2023, '丁')), { read: 'later' })
    await readAll(batch.id)
    const x = await byPath(batch.id, 'x.html')
    const y = await byPath(batch.id, 'y.html')
    await patchStagedFile(actors.manager, { stagedFileId: x.id, version: x.version, fields: { issuer: '杨浦区司法局' } })
    const ids = [x.id, y.id]
    // Two commits of the same files at once (a double click, two workers): each file once.
    const [first, second] = await Promise.all([
      commitStagedFiles({ batchId: batch.id, actorId: actors.manager.id, ids }),
      commitStagedFiles({ batchId: batch.id, actorId: actors.manager.id, ids }),
    ])
    expect(first.imported + second.imported).toBe(2)
    const docs = await db.document.findMany({ where: { stagedFileId: { in: ids } } })
    expect(docs).toHaveLength(2)
    const doc = docs.find((d) => d.stagedFileId === x.id)!
    expect(doc).toMatchObject({ issuer: '杨浦区司法局', reportYear: 2023, province: '上海市', county: '杨浦区', originalFileName: 'x.html', importedById: actors.manager.id })
    expect(doc.text).toContain('府院联动机制丙')
    expect(doc.text).not.toContain('当前位置')
    expect(doc.originalText).toContain('当前位置')
    expect(doc.length).toBe(Array.from(doc.text).length)
    expect((await getBatch(actors.manager, { batchId: batch.id })).counts).toMatchObject({ staged: 0, committed: 2 })

    // The same page again, in a new import: an exact duplicate, with a link, and not importable.
    const again = await createBatch(actors.manager, { projectId })
    await addFileBytes(again.id, 'x-again.html', utf8(reportPage('杨浦区', 2023, '丙')), { read: 'later' })
    await readAll(again.id)
    const copy = await byPath(again.id, 'x-again.html')
    expect(copy.duplicateOf).toEqual({ id: doc.id, title: doc.title })
    const refused = await domainErrorOf(commitBatch(actors.manager, { batchId: again.id, withoutWarnings: false }))
    expect(refused.status).toBe(400)
    expect(refused.message).toMatch(/No staged file can be imported/)
  })

  it('warns of a near duplicate: most of its sentences are in a document already', async () => {
    const batch = await createBatch(actors.manager, { projectId })
    await addFileBytes(batch.id, 'base.html', utf8(reportPage('长宁区', 2021, '戊')), { read: 'later' })
    await readAll(batch.id)
    const base = await byPath(batch.id, 'base.html')
    await commitStagedFiles({ batchId: batch.id, actorId: actors.manager.id, ids: [base.id] })
    const next = await createBatch(actors.manager, { projectId })
    // The same report with its closing lines changed: a new text, the same sentences.
    await addFileBytes(next.id, 'revised.html', utf8(reportPage('长宁区', 2021, '戊').replace('<p>长宁区人民政府</p>', '<p>长宁区人民政府办公室</p>')), { read: 'later' })
    await readAll(next.id)
    const revised = await byPath(next.id, 'revised.html')
    expect(revised.duplicateOf).toBeNull()
    expect(revised.nearDuplicateOf?.share).toBeGreaterThanOrEqual(0.6)
    expect(revised.warnings.map((w) => w.code)).toContain('near_duplicate')
  })
})
