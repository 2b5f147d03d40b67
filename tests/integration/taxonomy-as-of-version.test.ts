// The taxonomy "as of version N" (issue 13), rebuilt from the events a real database holds: a
// rename, a move, a merge and its tags, a label created later, and an undo.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { anyConnection, connect } from '../../lib/db/sql'
import { runExport, type Manifest } from '../../lib/export/engine'
import { folderSink } from '../../lib/export/sinks'
import { exportFiltersSchema, exportRequestSchema } from '../../lib/schemas/exports'
import { createLabelSchema, updateLabelSchema } from '../../lib/schemas/taxonomy'
import { createTagSchema } from '../../lib/schemas/tags'
import { createDocument } from '../../lib/services/documents'
import { createExport, previewExport } from '../../lib/services/exports'
import { createTag } from '../../lib/services/tags'
import { createLabel, mergeLabel, undoTaxonomyChange, updateLabel } from '../../lib/services/taxonomy'
import { loadTaxonomyAsOfVersion } from '../../lib/taxonomy/as-of-version'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let manager: Actor
let annotator: Actor
let documentId: string
const TEXT = '严格落实合法性审查。开展决策后评估。优化营商环境。'

const span = (quote: string) => {
  const start = Array.from(TEXT.slice(0, TEXT.indexOf(quote))).length
  return { start, end: start + Array.from(quote).length, quote }
}
const create = (raw: Record<string, unknown>) => createLabel(manager, { projectId, ...createLabelSchema.parse(raw) })
const patch = (labelId: string, raw: Record<string, unknown>) => updateLabel(manager, { labelId, ...updateLabelSchema.parse(raw) })
const tag = (labelId: string, quote: string) => createTag(annotator, { documentId, ...createTagSchema.parse({ labelId, ...span(quote) }) })
const asOf = (version: number) => loadTaxonomyAsOfVersion(anyConnection, projectId, version)

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-taxonomy-as-of') } })).id
  const users = await Promise.all(['asof-manager', 'asof-annotator'].map(createTestUser))
  await addMember(projectId, users[0].id, 'manager')
  await addMember(projectId, users[1].id, 'annotator')
  ;[manager, annotator] = await Promise.all(users.map((u) => actorOf(u.id)))
  documentId = (await createDocument(manager, { projectId, title: 'as of', text: TEXT, meta: {} })).id
})

const dirs: string[] = []
async function exportOf(raw: Record<string, unknown>): Promise<{ manifest: Manifest; files: Record<string, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagbench-as-of-'))
  dirs.push(dir)
  const client = await connect()
  try {
    const manifest = await runExport({ client, projectId, request: exportRequestSchema.parse({ format: 'jsonl', status: ['pending'], ...raw }), sink: folderSink(dir) })
    return { manifest, files: Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')])) }
  } finally {
    client.release()
  }
}
const spanLabels = (jsonl: string) =>
  jsonl
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { spans: { text: string; label: string }[] }).spans.map((s) => `${s.text}=${s.label}`))
    .sort()

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  await db.project.delete({ where: { id: projectId } }).catch(() => undefined)
})

describe('the taxonomy as of a version, from the database', () => {
  it('gives the paths and each tag’s label as they were, after renames, moves, merges and undos', async () => {
    const decisions = await create({ name: '决策' })
    const review = await create({ name: '审查', parentId: decisions.id })
    const business = await create({ name: '营商' })
    const evaluation = await create({ name: '评估' })
    const reviewTag = await tag(review.id, '合法性审查')
    const evalTag = await tag(evaluation.id, '决策后评估')
    const v1 = evaluation.taxonomyVersion

    const renamed = await patch(decisions.id, { name: '重大决策', version: decisions.version })
    const moved = await patch(review.id, { parentId: business.id, version: review.version })
    const merged = await mergeLabel(manager, { labelId: evaluation.id, intoLabelId: decisions.id, version: evaluation.version })
    const later = await create({ name: '新标签' })
    const laterTag = await tag(later.id, '优化营商环境')

    const before = await asOf(v1)
    expect(before.version).toBe(v1)
    expect(before.byId.get(decisions.id)?.path).toEqual(['决策'])
    expect(before.byId.get(review.id)?.path).toEqual(['决策', '审查'])
    expect(before.byId.get(evaluation.id)).toMatchObject({ path: ['评估'], archived: false, aliasOfId: null })
    expect(before.byId.has(later.id)).toBe(false)
    // The merged tag is back on its label of then; a tag on a label made later has none.
    expect(before.labelOfTag(evalTag.id, decisions.id)?.path).toEqual(['评估'])
    expect(before.labelOfTag(reviewTag.id, review.id)?.path).toEqual(['决策', '审查'])
    expect(before.labelOfTag(laterTag.id, later.id)).toBeNull()

    const afterRename = await asOf(renamed.taxonomyVersion)
    expect(afterRename.byId.get(review.id)?.path).toEqual(['重大决策', '审查'])
    expect((await asOf(moved.taxonomyVersion)).byId.get(review.id)?.path).toEqual(['营商', '审查'])
    const afterMerge = await asOf(merged.taxonomyVersion)
    expect(afterMerge.labelOfTag(evalTag.id, decisions.id)?.path).toEqual(['重大决策'])
    expect(afterMerge.byId.get(evaluation.id)).toMatchObject({ archived: true, aliasOfId: decisions.id })

    // Undo the label made last (no tags on it would be needed for that: make a fresh one).
    const spare = await create({ name: '多余' })
    const undone = await undoTaxonomyChange(manager, { projectId, taxonomyVersion: spare.taxonomyVersion })
    expect((await asOf(spare.taxonomyVersion)).byId.has(spare.id)).toBe(true)
    expect((await asOf(undone.taxonomyVersion)).byId.has(spare.id)).toBe(false)
  })

  it('exports as of a version: labels, paths and tags as they were, and the manifest says which version', async () => {
    const now = (await db.project.findUniqueOrThrow({ where: { id: projectId } })).taxonomyVersion
    const firstTagVersion = (await db.tag.findFirstOrThrow({ where: { projectId, quote: '合法性审查' } })).taxonomyVersion!
    const current = await exportOf({})
    expect(current.manifest.taxonomy).toMatchObject({ version: now, current_version: now, as_of_version: null })
    expect(spanLabels(current.files['corpus.jsonl'])).toEqual(['优化营商环境=新标签', '决策后评估=重大决策', '合法性审查=营商/审查'])

    const then = await exportOf({ taxonomyVersion: firstTagVersion })
    expect(then.manifest.taxonomy).toMatchObject({ version: firstTagVersion, current_version: now, as_of_version: { version: firstTagVersion, tags_left_out: 1 } })
    expect(then.manifest.taxonomy.labels.map((l) => l.path.join('/'))).toEqual(['决策', '决策/审查', '营商', '评估'])
    expect(spanLabels(then.files['corpus.jsonl'])).toEqual(['决策后评估=评估', '合法性审查=决策/审查'])
    expect(then.files['spans.csv']).toContain('决策/审查')
    expect(then.files['spans.csv']).not.toContain('优化营商环境')
    expect(then.files['README.md']).toContain(`As of version ${firstTagVersion}`)
    // The preview counts the same: the merged tag under its label of then, the later one left out.
    const preview = await previewExport(manager, { projectId, ...exportFiltersSchema.parse({ status: ['pending'] }), taxonomyVersion: firstTagVersion })
    expect(preview.perLabel.map((l) => [l.label, l.spans])).toEqual([['决策/审查', 1], ['评估', 1]])
    expect([preview.spans, preview.leftOut]).toEqual([then.manifest.counts.spans, 1])
    expect((await previewExport(manager, { projectId, ...exportFiltersSchema.parse({ status: ['pending'] }) })).perLabel.map((l) => [l.label, l.spans])).toEqual([['重大决策', 1], ['营商/审查', 1], ['新标签', 1]])
    // The changes after it are all listed, so a dataset's users see what moved since.
    expect(then.manifest.taxonomy.changes.some((c) => c.version > firstTagVersion && c.action === 'merged')).toBe(true)
  })

  it('refuses a version the taxonomy has not reached (400 with a sentence)', async () => {
    const now = (await db.project.findUniqueOrThrow({ where: { id: projectId } })).taxonomyVersion
    const error = await domainErrorOf(createExport(manager, { projectId, ...exportRequestSchema.parse({ format: 'jsonl', taxonomyVersion: now + 1 }) }))
    expect([error.status, error.i18n?.key]).toEqual([400, 'export.taxonomyVersionAhead'])
    const previewError = await domainErrorOf(previewExport(manager, { projectId, ...exportFiltersSchema.parse({}), taxonomyVersion: now + 1 }))
    expect([previewError.status, previewError.i18n?.key]).toEqual([400, 'export.taxonomyVersionAhead'])
    expect(exportRequestSchema.safeParse({ format: 'jsonl', taxonomyVersion: 0 }).success).toBe(false)
  })
})
