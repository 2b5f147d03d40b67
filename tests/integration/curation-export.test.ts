// The export's gold option (issue #16, "One gold version per passage"): a curated document is written
// with its gold tags, once per passage; a document not curated keeps its approved tags; the manifest
// and the dataset card say which was chosen; the agreement figures stay those of the annotators' own tags.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { connect } from '../../lib/db/sql'
import { runExport, type Manifest } from '../../lib/export/engine'
import { folderSink } from '../../lib/export/sinks'
import { exportFiltersSchema, exportRequestSchema } from '../../lib/schemas/exports'
import { previewExport } from '../../lib/services/exports'
import { curationState, decideCuration } from '../../lib/services/curation'
import { createTag } from '../../lib/services/tags'
import { reviewTag } from '../../lib/services/review'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const curatedText = '一、总体情况\n全面推行行政执法公示制度、执法全过程记录制度。'
const otherText = '二、存在问题\n执法队伍建设有待加强。'
let projectId: string
let labelId: string
const docs = {} as Record<'curated' | 'other', string>
const actors = {} as Record<'annA' | 'annB' | 'reviewer', Actor>
const dirs: string[] = []

const spanOf = (text: string, quote: string) => {
  const start = Array.from(text.slice(0, text.indexOf(quote))).length
  return { start, end: start + Array.from(quote).length, quote }
}

async function approvedTag(who: 'annA' | 'annB', doc: 'curated' | 'other', quote: string) {
  const tag = await createTag(actors[who], { documentId: docs[doc], labelId, ...spanOf(doc === 'curated' ? curatedText : otherText, quote) })
  await reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: tag.version })
}

async function exportOf(raw: Record<string, unknown>): Promise<{ manifest: Manifest; files: Record<string, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagbench-gold-'))
  dirs.push(dir)
  const client = await connect()
  try {
    const manifest = await runExport({ client, projectId, request: exportRequestSchema.parse({ format: 'jsonl', ...raw }), sink: folderSink(dir) })
    return { manifest, files: Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')])) }
  } finally {
    client.release()
  }
}

const documentsOf = (jsonl: string) => jsonl.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: string; spans: { text: string; status: string; source: string }[] })

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-gold-export') } })).id
  for (const [key, role] of [
    ['annA', 'annotator'],
    ['annB', 'annotator'],
    ['reviewer', 'reviewer'],
  ] as const) {
    const user = await createTestUser(`gold-${key}`)
    await addMember(projectId, user.id, role)
    actors[key] = await actorOf(user.id)
  }
  labelId = (await db.label.create({ data: { projectId, name: '执法', color: '#2563eb' } })).id
  docs.curated = (await db.document.create({ data: { projectId, title: '甲报告', text: curatedText, textSha256: 'g'.repeat(64), length: Array.from(curatedText).length } })).id
  docs.other = (await db.document.create({ data: { projectId, title: '乙报告', text: otherText, textSha256: 'h'.repeat(64), length: Array.from(otherText).length } })).id
  // Both annotators tagged the same passage (approved twice), and disagree on a second one.
  await approvedTag('annA', 'curated', '行政执法公示制度')
  await approvedTag('annB', 'curated', '行政执法公示制度')
  await approvedTag('annA', 'curated', '执法全过程记录制度')
  await approvedTag('annB', 'curated', '全过程记录制度')
  // The other document: one annotator, not curated.
  await approvedTag('annA', 'other', '执法队伍建设')
})

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('gold export', () => {
  it('writes approved tags twice where two annotators agreed, without the gold option', async () => {
    const { manifest, files } = await exportOf({})
    const curated = documentsOf(files['corpus.jsonl']).find((d) => d.id === docs.curated)!
    expect(curated.spans.filter((s) => s.text === '行政执法公示制度')).toHaveLength(2)
    expect(manifest.layer.chosen).toBe('tags')
    expect(files['README.md']).toContain("annotators' own tags")
  })

  it('writes a curated document once per passage from its gold tags, and keeps approved tags of a document not curated', async () => {
    const before = await exportOf({ layer: 'gold' })
    // Not curated yet: the gold option writes every document's approved tags.
    expect(before.manifest.layer).toMatchObject({ chosen: 'gold', curated_documents: 0, other_documents: 2 })

    let state = await decideCuration(actors.reviewer, { documentId: docs.curated, decision: 'accept_all' })
    const disagreement = state.rows.find((r) => r.kind === 'disagreement')!
    state = await decideCuration(actors.reviewer, { documentId: docs.curated, decision: 'take', rowKey: disagreement.key, annotatorId: actors.annA.id })
    expect(state.curated).toBe(true)

    const { manifest, files } = await exportOf({ layer: 'gold' })
    const written = documentsOf(files['corpus.jsonl'])
    const curated = written.find((d) => d.id === docs.curated)!
    expect(curated.spans.map((s) => [s.text, s.status, s.source])).toEqual([
      ['行政执法公示制度', 'gold', 'curation'],
      ['执法全过程记录制度', 'gold', 'curation'],
    ])
    expect(written.find((d) => d.id === docs.other)!.spans.map((s) => [s.text, s.status])).toEqual([['执法队伍建设', 'approved']])
    expect(manifest.layer).toMatchObject({ chosen: 'gold', curated_documents: 1, other_documents: 1 })
    expect(manifest.counts.spans).toBe(3)
    expect(files['spans.csv'].split('\n').filter((l) => l.includes(',gold,'))).toHaveLength(2)
    expect(files['README.md']).toContain('gold (curated) tags')
    expect(files['README.md']).toContain('not curated or curated only in part, are written with their annotators\' tags')
  })

  it('previews what the gold layer will write, not the annotators\' tags (once curated)', async () => {
    const user = await createTestUser('gold-manager')
    await addMember(projectId, user.id, 'manager')
    const manager = await actorOf(user.id)
    const filters = exportFiltersSchema.parse({ status: ['approved'] })
    const tags = await previewExport(manager, { projectId, ...filters })
    expect([tags.documents, tags.spans, tags.perStatus]).toEqual([2, 5, { approved: 5 }])
    const gold = await previewExport(manager, { projectId, ...filters, layer: 'gold' })
    const { manifest } = await exportOf({ layer: 'gold' })
    expect([gold.documents, gold.spans, gold.perStatus]).toEqual([2, manifest.counts.spans, { gold: 2, approved: 1 }])
  })

  it('writes the gold layer the same with a split (spans.csv from its own query)', async () => {
    const { files } = await exportOf({ layer: 'gold', split: { ratios: [1, 0, 0], seed: 1 } })
    expect(files['spans.csv'].split('\n').filter((l) => l.includes(',gold,'))).toHaveLength(2)
    expect(files['spans.csv'].split('\n').filter((l) => l.includes(',approved,'))).toHaveLength(1)
  })

  it('keeps the agreement figures on the annotators\' own tags, whatever the layer', async () => {
    const tags = await exportOf({})
    const gold = await exportOf({ layer: 'gold' })
    expect(gold.manifest.agreement).not.toBeNull()
    expect(gold.manifest.agreement).toEqual(tags.manifest.agreement)
  })

  it('treats a document as not curated again once an annotator adds a tag, until its new row is decided', async () => {
    await approvedTag('annB', 'curated', '一、总体情况')
    expect((await curationState(actors.reviewer, { documentId: docs.curated })).curated).toBe(false)
    expect((await exportOf({ layer: 'gold' })).manifest.layer).toMatchObject({ curated_documents: 0, other_documents: 2 })
    const row = (await curationState(actors.reviewer, { documentId: docs.curated })).rows.find((r) => !r.decision)!
    const state = await decideCuration(actors.reviewer, { documentId: docs.curated, decision: 'drop', rowKey: row.key })
    expect(state.curated).toBe(true)
    expect((await exportOf({ layer: 'gold' })).manifest.layer).toMatchObject({ curated_documents: 1, other_documents: 1 })
  })
})
