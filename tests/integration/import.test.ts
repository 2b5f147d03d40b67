// Import of Tagbench's own jsonl export: the round trip jsonl → import → jsonl keeps every span,
// a second import adds nothing, a bad file writes nothing, only managers may import.
// Tags keep their history (TagEvent is append-only), so the projects made here stay in the
// database, named "unit-import-…", as the e2e projects do.
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { connect, endSqlPool } from '../../lib/db/sql'
import { runExport } from '../../lib/export/engine'
import { folderSink, zipSink, type ExportSink } from '../../lib/export/sinks'
import type { ExportDocument } from '../../lib/export/types'
import { openCorpus, type CorpusSource, type SourceLine } from '../../lib/import/sources'
import { exportRequestSchema } from '../../lib/schemas/exports'
import { createDocument, sha256 } from '../../lib/services/documents'
import { importCorpus } from '../../lib/services/imports'
import { reviewTag } from '../../lib/services/review'
import { createTag } from '../../lib/services/tags'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()


let work: string
let source: string
let sourceProjectId: string
const actors: Record<'manager' | 'annotator1' | 'annotator2' | 'reviewer' | 'importer' | 'targetAnnotator' | 'outsider', Actor> = {} as never
const labels: Record<string, string> = {}
const texts: string[] = []

async function newProject(members: [Actor, 'annotator' | 'reviewer' | 'manager'][]) {
  const project = await db.project.create({ data: { name: uniqueName('unit-import'), blindMode: false } })
  for (const [actor, role] of members) await addMember(project.id, actor.id, role)
  // Roles are read when an actor is loaded: reload everyone who just joined.
  for (const key of Object.keys(actors) as (keyof typeof actors)[]) if (members.some(([a]) => a.id === actors[key].id)) actors[key] = await actorOf(actors[key].id)
  return project.id
}

/** The authors and reviewer of the source file as members of a target project: only members are matched by email. */
const sourcePeople = (): [Actor, 'annotator' | 'reviewer'][] => [
  [actors.annotator1, 'annotator'],
  [actors.annotator2, 'annotator'],
  [actors.reviewer, 'reviewer'],
]

/** Code-point offsets of `quote` in `text` (its first occurrence). */
function span(text: string, quote: string) {
  const at = text.indexOf(quote)
  if (at < 0) throw new Error(`"${quote}" is not in the text`)
  const start = [...text.slice(0, at)].length
  return { start, end: start + [...quote].length, quote }
}

async function exportTo(projectId: string, sink: ExportSink) {
  const client = await connect()
  try {
    return await runExport({
      client,
      projectId,
      request: exportRequestSchema.parse({ format: 'jsonl', status: ['pending', 'approved', 'rejected', 'needs_revision'], includeUntagged: true }),
      sink,
    })
  } finally {
    client.release()
  }
}

async function exportFolder(projectId: string) {
  const folder = path.join(work, randomUUID())
  await exportTo(projectId, folderSink(folder))
  return folder
}

async function readLines(file: string): Promise<ExportDocument[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ExportDocument)
}

/** What a round trip must keep: per document its text, title and metadata; per span everything but its id. */
async function corpusOf(folder: string) {
  const documents = await readLines(path.join(folder, 'corpus.jsonl'))
  return {
    documents: documents.map((d) => ({ sha: d.text_sha256, title: d.title, text: d.text, meta: d.meta })).sort((a, b) => a.sha.localeCompare(b.sha)),
    spans: documents
      .flatMap((d) => d.spans.map((s) => JSON.stringify([d.text_sha256, s.start, s.end, s.text, s.label_path, s.status, s.annotator, s.reviewer, s.source])))
      .sort(),
  }
}

async function importFile(actor: Actor, projectId: string, file: string) {
  const corpus = await openCorpus(file)
  try {
    return await importCorpus(actor, { projectId, source: corpus })
  } finally {
    await corpus.close()
  }
}

async function rowCounts(projectId: string) {
  const [documents, tags, labels, events, project] = await Promise.all([
    db.document.count({ where: { projectId } }),
    db.tag.count({ where: { projectId } }),
    db.label.count({ where: { projectId } }),
    db.tagEvent.count({ where: { tag: { projectId } } }),
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { taxonomyVersion: true } }),
  ])
  return { documents, tags, labels, events, taxonomyVersion: project.taxonomyVersion }
}

/** A corpus.jsonl made from the source export's lines, changed by `edit`. */
async function variant(name: string, edit: (lines: Record<string, unknown>[]) => string[]) {
  const lines = (await readFile(path.join(source, 'corpus.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
  const file = path.join(work, `${name}.jsonl`)
  await writeFile(file, edit(lines).join('\n') + '\n')
  return file
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tagbench-import-test-'))
  for (const key of ['manager', 'annotator1', 'annotator2', 'reviewer', 'importer', 'targetAnnotator', 'outsider'] as const) {
    actors[key] = await actorOf((await createTestUser(key.toLowerCase())).id)
  }
  const projectId = await newProject([
    [actors.manager, 'manager'],
    [actors.annotator1, 'annotator'],
    [actors.annotator2, 'annotator'],
    [actors.reviewer, 'reviewer'],
  ])

  // Two levels, with glosses, guidelines, keywords, shortcuts and an archived label.
  const top1 = await db.label.create({ data: { projectId, name: '三项制度', en: 'Three systems', color: '#2563eb', shortcut: '1', guideline: '执法三项制度', keywords: ['公示', '记录'], order: 0 } })
  const top2 = await db.label.create({ data: { projectId, name: '营商环境', en: 'Business environment', color: '#16a34a', shortcut: '2', order: 1 } })
  labels.publicity = (await db.label.create({ data: { projectId, parentId: top1.id, name: '行政执法公示制度', color: '#1d4ed8', shortcut: '1', order: 0 } })).id
  labels.recording = (await db.label.create({ data: { projectId, parentId: top1.id, name: '执法全过程记录制度', color: '#3b82f6', shortcut: '2', order: 1 } })).id
  labels.business = top2.id
  labels.old = (await db.label.create({ data: { projectId, parentId: top2.id, name: '旧标签', color: '#4ade80', order: 1 } })).id

  const unique = uniqueName('text')
  texts.push(
    `𠮷野家🙂报告：一、推行行政执法公示制度。二、全面推行执法全过程记录制度。\r\n三、持续优化营商环境，\u3000提升服务。${unique}`,
    `二〇二三年度法治政府建设情况报告\n行政执法公示制度全面落实。营商环境持续改善。${unique}`,
    `没有标注的报告。${unique}`,
  )
  const metas = [
    { province: '甘肃省', city: '兰州市', report_year: 2023, issuer: '兰州市人民政府', published: '2024-01-10', signed: '2023-12-30', source_url: 'https://example.gov.cn/a.html' },
    { province: '广东省', level: '省级', report_year: 2022 },
    {},
  ]
  const docs = []
  for (const [i, text] of texts.entries()) docs.push(await createDocument(actors.manager, { projectId, title: `报告${i + 1}`, text, meta: metas[i] }))
  const [d1, d2] = docs
  const tag = async (who: Actor, documentId: string, labelId: string, s: { start: number; end: number; quote: string }) => createTag(who, { documentId, labelId, ...s })

  const a = await tag(actors.annotator1, d1.id, labels.publicity, span(texts[0], '推行行政执法公示制度'))
  const b = await tag(actors.annotator1, d1.id, labels.recording, span(texts[0], '全面推行执法全过程记录制度'))
  const c = await tag(actors.annotator2, d1.id, labels.business, span(texts[0], '持续优化营商环境，\u3000提升服务'))
  await tag(actors.annotator2, d1.id, labels.publicity, span(texts[0], '推行行政执法公示制度')) // same span, another author
  await tag(actors.annotator1, d1.id, labels.business, span(texts[0], '𠮷野家🙂')) // at the very start
  const e = await tag(actors.annotator2, d2.id, labels.old, span(texts[1], '营商环境持续改善'))
  await tag(actors.annotator1, d2.id, labels.business, span(texts[1], unique)) // at the very end
  await reviewTag(actors.reviewer, { tagId: a.id, action: 'approve', version: a.version })
  await reviewTag(actors.reviewer, { tagId: b.id, action: 'reject', version: b.version, reason: '范围不对' })
  await reviewTag(actors.reviewer, { tagId: c.id, action: 'send_back', version: c.version, reason: '请修改' })
  await reviewTag(actors.reviewer, { tagId: e.id, action: 'approve', version: e.version })
  await db.tag.update({ where: { id: e.id }, data: { source: 'suggestion' } })
  // Archived after use: its tags stay, and the export keeps them.
  await db.label.update({ where: { id: labels.old }, data: { archived: true } })

  sourceProjectId = projectId
  source = await exportFolder(projectId)
})

afterAll(async () => {
  try {
    await rm(work, { recursive: true, force: true })
    await endSqlPool()
  } finally {
    await db.$disconnect()
  }
})

describe('importCorpus', () => {
  it('round trip: jsonl → import → jsonl gives the same spans, texts and metadata', async () => {
    const original = await corpusOf(source)
    expect(original.documents).toHaveLength(3)
    expect(original.spans).toHaveLength(7)
    expect(new Set(original.spans.map((s) => JSON.parse(s)[5]))).toEqual(new Set(['pending', 'approved', 'rejected', 'needs_revision']))

    const target = await newProject([[actors.importer, 'manager'], ...sourcePeople()])
    const result = await importFile(actors.importer, target, source)
    expect(result).toMatchObject({
      documents: { created: 3, reused: 0 },
      tags: { created: 7, skipped: 0 },
      labels: { created: 5 },
      users: { matched: 3, unmatched: 0, unmatchedEmails: [] },
      taxonomyVersion: 2,
    })

    const again = await exportFolder(target)
    expect(await corpusOf(again)).toEqual(original)

    // The taxonomy comes along from manifest.json: colours, shortcuts, glosses, guidelines, keywords, archived.
    const taxonomy = async (folder: string) =>
      (JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as { taxonomy: { labels: Record<string, unknown>[] } }).taxonomy.labels.map(({ id: _id, ...rest }) => rest)
    expect(await taxonomy(again)).toEqual(await taxonomy(source))

    // Tags: prefix and suffix as the tag service computes them; one 'created' event each, by the importer.
    const tags = await db.tag.findMany({ where: { projectId: target }, include: { events: true, document: { select: { text: true } } } })
    for (const t of tags) {
      const chars = [...t.document.text]
      expect(t.prefix).toBe(chars.slice(Math.max(0, t.start - 32), t.start).join(''))
      expect(t.suffix).toBe(chars.slice(t.end, t.end + 32).join(''))
      expect(t.quote).toBe(chars.slice(t.start, t.end).join(''))
      expect(t.events).toHaveLength(1)
      expect(t.events[0]).toMatchObject({ action: 'created', actorId: actors.importer.id, reason: `imported from ${path.basename(source)}` })
      expect(t.events[0].after).toMatchObject({ start: t.start, end: t.end, quote: t.quote, status: t.status, labelId: t.labelId })
    }
    const docs = await db.document.findMany({ where: { projectId: target } })
    for (const d of docs) {
      expect(d.length).toBe([...d.text].length)
      expect(d.textSha256).toBe(sha256(d.text))
      expect(d.importedById).toBe(actors.importer.id)
    }
  })

  it('importing the same file twice creates nothing new', async () => {
    const target = await newProject([[actors.importer, 'manager'], ...sourcePeople()])
    await importFile(actors.importer, target, source)
    const before = await rowCounts(target)
    const second = await importFile(actors.importer, target, source)
    expect(second).toMatchObject({ documents: { created: 0, reused: 3 }, tags: { created: 0, skipped: 7 }, labels: { created: 0 } })
    expect(await rowCounts(target)).toEqual(before)
  })

  it('tells the caller, after the commit, which documents it created (the API route queues their suggestions), not the reused ones', async () => {
    const target = await newProject([[actors.importer, 'manager'], ...sourcePeople()])
    const told: string[][] = []
    const importTelling = async () => {
      const corpus = await openCorpus(source)
      try {
        return await importCorpus(actors.importer, { projectId: target, source: corpus, onCommitted: (ids) => told.push(ids) })
      } finally {
        await corpus.close()
      }
    }
    await importTelling()
    const stored = await db.document.findMany({ where: { projectId: target }, select: { id: true } })
    expect(told).toHaveLength(1)
    expect([...told[0]].sort()).toEqual(stored.map((d) => d.id).sort())
    expect(told[0]).toHaveLength(3)
    await importTelling()
    expect(told[1]).toEqual([])
  })

  it('imports the zip an export job writes, and reuses documents and labels already in the project', async () => {
    const zip = path.join(work, 'export.zip')
    await exportTo(sourceProjectId, zipSink(zip))

    const target = await newProject([[actors.importer, 'manager'], ...sourcePeople()])
    // A label already there keeps its place; the manifest's shortcut "1" collides with it and is dropped.
    await db.label.create({ data: { projectId: target, name: '其他', color: '#64748b', shortcut: '1' } })
    await createDocument(actors.importer, { projectId: target, title: '已有的报告', text: texts[1], meta: {} })

    const result = await importFile(actors.importer, target, zip)
    expect(result).toMatchObject({ file: 'export.zip', documents: { created: 2, reused: 1 }, tags: { created: 7, skipped: 0 }, labels: { created: 5 } })
    const top = await db.label.findFirstOrThrow({ where: { projectId: target, name: '三项制度', parentId: null } })
    expect(top).toMatchObject({ shortcut: null, color: '#2563eb', en: 'Three systems', order: 1 })
    const existing = await db.document.findFirstOrThrow({ where: { projectId: target, textSha256: sha256(texts[1]) } })
    expect(existing.title).toBe('已有的报告')

    expect((await corpusOf(await exportFolder(target))).spans).toEqual((await corpusOf(source)).spans)
  })

  it('attributes spans of people unknown here to the importer, and keeps their emails in the history', async () => {
    const stranger = `nobody-${randomUUID().slice(0, 8)}@elsewhere.test`
    const file = await variant('strangers', (lines) =>
      lines.map((l) => JSON.stringify({ ...l, spans: (l.spans as Record<string, unknown>[]).map((s) => ({ ...s, annotator: stranger, reviewer: s.reviewer ? 'Reviewer-X@Elsewhere.test' : null })) })),
    )
    const target = await newProject([[actors.importer, 'manager']])
    const result = await importFile(actors.importer, target, file)
    expect(result.users).toMatchObject({ matched: 0, unmatched: 2, unmatchedEmails: [stranger, 'reviewer-x@elsewhere.test'].sort() })
    // Two authors collapse into one (the importer): the one span they both tagged is kept once.
    expect(result.tags).toEqual({ created: 6, skipped: 1 })
    const tags = await db.tag.findMany({ where: { projectId: target }, include: { events: true } })
    expect(tags.every((t) => t.authorId === actors.importer.id && t.reviewerId === null)).toBe(true)
    expect(tags[0].events[0].after).toMatchObject({ imported: { annotator: stranger } })
  })

  it('answers about members of the project only: an account elsewhere on the instance reads like an unknown email (issue #17, hole 7)', async () => {
    const stranger = `nobody-${randomUUID().slice(0, 8)}@elsewhere.test`
    // annotator1 has an account (and is a member of the source project) but is no member of the target.
    const file = await variant('non-members', (lines) =>
      lines.map((l) => JSON.stringify({ ...l, spans: (l.spans as Record<string, unknown>[]).map((s, i) => ({ ...s, annotator: i % 2 ? stranger : actors.annotator1.email, reviewer: null })) })),
    )
    const target = await newProject([[actors.importer, 'manager']])
    const result = await importFile(actors.importer, target, file)
    expect(result.users).toEqual({ matched: 0, unmatched: 2, unmatchedEmails: [actors.annotator1.email, stranger].sort() })
    expect(JSON.stringify(result)).not.toContain('notMembers')
    const tags = await db.tag.findMany({ where: { projectId: target } })
    expect(tags.every((t) => t.authorId === actors.importer.id)).toBe(true)
  })

  describe('a bad file writes nothing', () => {
    let target: string
    beforeAll(async () => {
      target = await newProject([[actors.importer, 'manager'], ...sourcePeople()])
      await importFile(actors.importer, target, source)
    })

    const cases: [string, (lines: Record<string, unknown>[]) => string[], RegExp][] = [
      ['a line that is not JSON', (lines) => [JSON.stringify(lines[0]), '{"id": "x", "title": ', JSON.stringify(lines[2])], /line 3: is not valid JSON/],
      [
        'an offset that does not match the text',
        (lines) =>
          lines.map((l, i) => JSON.stringify(i === 1 ? { ...l, spans: (l.spans as { start: number }[]).map((s, j) => (j === 0 ? { ...s, start: s.start + 1 } : s)) } : l)),
        /line 3: spans\.0\.text: is ".*", but the text at \[\d+, \d+\) is/,
      ],
      [
        'an unknown status',
        (lines) => lines.map((l, i) => JSON.stringify(i === 2 || i === 1 ? { ...l, spans: (l.spans as object[]).map((s) => ({ ...s, status: 'maybe' })) } : l)),
        /line 3: spans\.0\.status: must be one of pending, approved, rejected, needs_revision/,
      ],
      ['an offset that is not a whole number', (lines) => lines.map((l, i) => JSON.stringify(i === 1 ? { ...l, spans: [{ ...(l.spans as object[])[0], end: 3.5 }] } : l)), /line 3: spans\.0\.end: must be a whole number/],
      ['a span past the end of the text', (lines) => lines.map((l, i) => JSON.stringify(i === 1 ? { ...l, spans: [{ ...(l.spans as object[])[0], end: 100_000 }] } : l)), /line 3: spans\.0\.end: is 100000, past the end/],
      ['a changed text', (lines) => lines.map((l, i) => JSON.stringify(i === 1 ? { ...l, text: `${l.text as string}!` } : l)), /line 3: text_sha256: is not the SHA-256 of the text/],
      ['an unknown key', (lines) => lines.map((l, i) => JSON.stringify(i === 1 ? { ...l, extra: 1 } : l)), /line 3: .*extra/],
      ['an empty label path', (lines) => lines.map((l, i) => JSON.stringify(i === 1 ? { ...l, spans: [{ ...(l.spans as object[])[0], label_path: [], label: '' }] } : l)), /line 3: spans\.0\.label_path: must name at least one label/],
    ]
    for (const [name, edit, message] of cases) {
      it(name, async () => {
        const before = await rowCounts(target)
        // A good new document first (so line 3 is the broken one): a write before the check would show.
        const file = await variant(name.replace(/\W+/g, '-'), (lines) => [JSON.stringify({ ...lines[2], text: `新文本${randomUUID()}`, text_sha256: undefined }), ...edit(lines)].map(fixSha))
        const error = await domainErrorOf(importFile(actors.importer, target, file))
        expect(error.code).toBe('invalid')
        expect(error.message).toMatch(message)
        expect(error.message).toContain('nothing was written')
        expect(await rowCounts(target)).toEqual(before)
      })
    }

    it('rolls back what it wrote when the file changes between the check and the write', async () => {
      const before = await rowCounts(target)
      const tag = (await readLines(path.join(source, 'corpus.jsonl'))).find((d) => d.spans.length)!.spans[0]
      const line = (i: number, broken: boolean) => {
        const text = `第${i}篇 ${tag.text} ${randomUUID()}`
        const chars = [...text]
        const start = chars.indexOf(' ') + 1
        const end = start + [...tag.text].length
        return JSON.stringify({ id: `d${i}`, title: `第${i}篇`, text, meta: {}, text_sha256: sha256(text), spans: [{ ...tag, start, end: broken ? end + 1 : end }] })
      }
      // 600 documents: the first batches are written before the broken line is reached.
      const good = Array.from({ length: 600 }, (_, i) => line(i, false))
      let reads = 0
      const changing: CorpusSource = {
        name: 'changing.jsonl',
        files: ['changing.jsonl'],
        taxonomy: null,
        async *lines(): AsyncGenerator<SourceLine> {
          const pass = reads++
          for (const [i, raw] of good.entries()) yield { where: `line ${i + 1}`, raw: pass === 1 && i === 550 ? line(i, true) : raw }
        },
        close: async () => undefined,
      }
      const error = await domainErrorOf(importCorpus(actors.importer, { projectId: target, source: changing }))
      expect(error.message).toMatch(/line 551: .*The file changed while it was being imported; nothing was written/)
      expect(await rowCounts(target)).toEqual(before)
    })
  })

  it('refuses anyone but a manager', async () => {
    const target = await newProject([[actors.importer, 'manager'], [actors.targetAnnotator, 'annotator']])
    const forbidden = await domainErrorOf(importFile(actors.targetAnnotator, target, source))
    expect(forbidden.code).toBe('forbidden')
    expect(forbidden.status).toBe(403)
    const outsider = await domainErrorOf(importFile(actors.outsider, target, source))
    expect(outsider.code).toBe('not_found')
    expect(await rowCounts(target)).toMatchObject({ documents: 0, tags: 0, labels: 0 })
  })
})

// The HTTP route (content types, status codes, the page's upload, OpenAPI) is tested through the real server in e2e/import.spec.ts.

/** Recomputes text_sha256 of a line whose text a case did not mean to break. */
function fixSha(raw: string): string {
  try {
    const line = JSON.parse(raw) as { text?: unknown; text_sha256?: unknown }
    if (typeof line.text === 'string' && line.text_sha256 === undefined) return JSON.stringify({ ...line, text_sha256: sha256(line.text) })
  } catch {
    // Not JSON: the case's own broken line.
  }
  return raw
}
