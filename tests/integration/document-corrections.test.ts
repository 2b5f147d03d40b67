// Documents a manager can correct (issue 16): metadata edits with a history, archive and restore,
// delete of a document without tags; and the span rules the API now shares with the workbench
// (bug 4). Through the services, on a real database, with real actors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { exportFiltersSchema } from '../../lib/schemas/exports'
import { documentListQuery, updateDocumentSchema } from '../../lib/schemas/documents'
import { reviewQueueQuery } from '../../lib/schemas/review'
import { updateProjectSchema } from '../../lib/schemas/projects'
import { createTagSchema } from '../../lib/schemas/tags'
import { projectProgress } from '../../lib/services/dashboard'
import {
  archiveDocument,
  createDocument,
  deleteDocument,
  documentFacets,
  getDocument,
  listDocumentEvents,
  listDocuments,
  restoreDocument,
  updateDocument,
} from '../../lib/services/documents'
import { previewExport } from '../../lib/services/exports'
import { getProject, updateProjectSettings } from '../../lib/services/projects'
import { reviewQueue } from '../../lib/services/review'
import { createTag, deleteTag, updateTag } from '../../lib/services/tags'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let labelId: string
let manager: Actor
let reviewer: Actor
let annotator: Actor

const TEXT = '一、总体情况\n我市坚持依法行政。\n\n二、重大行政决策\n严格执行三项制度。'

async function newDocument(title: string, text = `${TEXT}${uniqueName('#')}`) {
  return createDocument(manager, { projectId, title, text, meta: { province: '浙江省', report_year: 2021, issuer: '某市人民政府' } })
}

const list = (raw: Record<string, unknown> = {}) => listDocuments(manager, { projectId, ...documentListQuery.parse(raw) })
const patch = (documentId: string, raw: unknown) => updateDocument(manager, { documentId, ...updateDocumentSchema.parse(raw) })
/** Code-point span of the first occurrence of `quote` in TEXT. */
function span(quote: string) {
  const start = Array.from(TEXT.slice(0, TEXT.indexOf(quote))).length
  return { start, end: start + Array.from(quote).length, quote }
}
const tagInput = (documentId: string, raw: Record<string, unknown>) => ({ documentId, ...createTagSchema.parse({ labelId, ...raw }) })

beforeAll(async () => {
  const project = await db.project.create({ data: { name: uniqueName('unit-doc-corrections') } })
  projectId = project.id
  const [m, r, a] = await Promise.all([createTestUser('corr-manager'), createTestUser('corr-reviewer'), createTestUser('corr-annotator')])
  await addMember(projectId, m.id, 'manager')
  await addMember(projectId, r.id, 'reviewer')
  await addMember(projectId, a.id, 'annotator')
  ;[manager, reviewer, annotator] = await Promise.all([actorOf(m.id), actorOf(r.id), actorOf(a.id)])
  labelId = (await db.label.create({ data: { projectId, name: '重大行政决策', color: '#2563eb' } })).id
})

afterAll(async () => {
  await db.$disconnect()
})

describe('editing metadata', () => {
  it('changes only the fields sent, records before and after with who, and keeps the text', async () => {
    const doc = await newDocument('原标题')
    const updated = await patch(doc.id, { title: '新标题', meta: { report_year: 2022, issuer: '某市司法局', city: '杭州市', published: '2022-03-31' } })
    expect(updated.title).toBe('新标题')
    expect(updated.text).toBe(doc.text)
    expect(updated.meta).toMatchObject({ province: '浙江省', city: '杭州市', report_year: 2022, issuer: '某市司法局', published: '2022-03-31' })
    expect((await getDocument(annotator, { documentId: doc.id })).meta.report_year).toBe(2022)

    // null clears a field; a field sent with its current value is no change.
    await patch(doc.id, { meta: { city: null, province: '浙江省' } })
    const { items } = await listDocumentEvents(annotator, { documentId: doc.id })
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({
      action: 'edited',
      actorId: manager.id,
      actorName: manager.name,
      before: { title: '原标题', report_year: 2021, issuer: '某市人民政府', city: null, published: null },
      after: { title: '新标题', report_year: 2022, issuer: '某市司法局', city: '杭州市', published: '2022-03-31' },
    })
    expect(items[1]).toMatchObject({ before: { city: '杭州市' }, after: { city: null } })
    expect(Object.keys(items[1].after!)).toEqual(['city'])

    // Nothing changed: no event.
    await patch(doc.id, { meta: { report_year: 2022 } })
    expect((await listDocumentEvents(manager, { documentId: doc.id })).items).toHaveLength(2)
  })

  it('is for managers only, and refuses what the import refuses', async () => {
    const doc = await newDocument('权限')
    for (const actor of [reviewer, annotator]) {
      const error = await domainErrorOf(updateDocument(actor, { documentId: doc.id, meta: { report_year: 2000 } }))
      expect(error.status).toBe(403)
    }
    expect(updateDocumentSchema.safeParse({ meta: { report_year: 1800 } }).success).toBe(false)
    expect(updateDocumentSchema.safeParse({ text: 'a new text' }).success).toBe(false)
    expect(updateDocumentSchema.safeParse({ meta: { original_file_name: 'x.txt' } }).success).toBe(false)
    expect(updateDocumentSchema.safeParse({ meta: {} }).success).toBe(false)
    expect((await getDocument(manager, { documentId: doc.id })).meta.report_year).toBe(2021)
  })

  it('history rows cannot be changed or removed (append-only, like TagEvent)', async () => {
    const doc = await newDocument('历史')
    await patch(doc.id, { meta: { level: '市级' } })
    await expect(db.$executeRaw`UPDATE "DocumentEvent" SET action = 'archived' WHERE "documentId" = ${doc.id}`).rejects.toThrow(/append-only/)
    await expect(db.$executeRaw`DELETE FROM "DocumentEvent" WHERE "documentId" = ${doc.id}`).rejects.toThrow(/append-only/)
    await expect(db.$executeRawUnsafe('TRUNCATE "DocumentEvent"')).rejects.toThrow(/append-only: TRUNCATE/)
    expect((await listDocumentEvents(manager, { documentId: doc.id })).items).toHaveLength(1)
  })
})

describe('archive and restore', () => {
  it('hides the document from lists, facets, the review queue, counts and exports, keeps its tags, and brings it all back', async () => {
    const doc = await newDocument('待归档', TEXT)
    const other = await newDocument('留下')
    const tag = await createTag(annotator, tagInput(doc.id, span('依法行政')))
    const queue = () => reviewQueue(reviewer, { projectId, ...reviewQueueQuery.parse({}) })
    const preview = () => previewExport(manager, { projectId, ...exportFiltersSchema.parse({ status: ['pending'] }) })
    const before = { count: (await getProject(manager, { projectId })).documentCount, progress: await projectProgress(manager, { projectId }), export: await preview() }
    expect((await queue()).items.map((t) => t.id)).toContain(tag.id)

    const archived = await archiveDocument(manager, { documentId: doc.id })
    expect(archived.archivedAt).not.toBeNull()
    expect((await list()).items.map((d) => d.id)).not.toContain(doc.id)
    expect((await list()).items.map((d) => d.id)).toContain(other.id)
    expect((await list({ archived: 'only' })).items.map((d) => d.id)).toEqual([doc.id])
    expect((await queue()).items.map((t) => t.id)).not.toContain(tag.id)
    expect((await getProject(manager, { projectId })).documentCount).toBe(before.count - 1)
    expect((await projectProgress(manager, { projectId })).documentCount).toBe(before.progress.documentCount - 1)
    expect((await preview()).documents).toBe(before.export.documents - 1)
    expect((await preview()).spans).toBe(before.export.spans - 1)
    // Still readable by its id (its page says it is archived); its tags are kept.
    expect((await getDocument(annotator, { documentId: doc.id })).archivedAt).toBe(archived.archivedAt)
    expect(await db.tag.count({ where: { documentId: doc.id, deletedAt: null } })).toBe(1)

    // Read-only while archived: no metadata edit, no tag write of any kind.
    expect((await domainErrorOf(patch(doc.id, { meta: { level: '省级' } }))).i18n?.key).toBe('document.archivedReadOnly')
    expect((await domainErrorOf(createTag(annotator, tagInput(doc.id, span('三项制度'))))).status).toBe(409)
    expect((await domainErrorOf(updateTag(annotator, { tagId: tag.id, version: tag.version, labelId }))).status).toBe(409)
    expect((await domainErrorOf(deleteTag(annotator, { tagId: tag.id, version: tag.version }))).status).toBe(409)
    expect((await domainErrorOf(archiveDocument(manager, { documentId: doc.id }))).i18n?.key).toBe('document.alreadyArchived')
    expect((await domainErrorOf(archiveDocument(reviewer, { documentId: doc.id }))).status).toBe(403)

    const restored = await restoreDocument(manager, { documentId: doc.id })
    expect(restored.archivedAt).toBeNull()
    expect((await list()).items.map((d) => d.id)).toContain(doc.id)
    expect((await queue()).items.map((t) => t.id)).toContain(tag.id)
    expect((await preview()).documents).toBe(before.export.documents)
    expect((await domainErrorOf(restoreDocument(manager, { documentId: doc.id }))).i18n?.key).toBe('document.notArchived')
    expect((await listDocumentEvents(manager, { documentId: doc.id })).items.map((e) => [e.action, e.actorId])).toEqual([
      ['archived', manager.id],
      ['restored', manager.id],
    ])
  })

  it('leaves the facets of archived documents out', async () => {
    const doc = await createDocument(manager, { projectId, title: '孤例', text: uniqueName('孤例文本'), meta: { province: '西藏自治区' } })
    expect((await documentFacets(manager, { projectId })).provinces.map((p) => p.value)).toContain('西藏自治区')
    await archiveDocument(manager, { documentId: doc.id })
    expect((await documentFacets(manager, { projectId })).provinces.map((p) => p.value)).not.toContain('西藏自治区')
  })
})

describe('delete', () => {
  it('deletes a document without tags, with its history', async () => {
    const doc = await newDocument('误导入')
    await patch(doc.id, { meta: { level: '县级' } })
    expect((await domainErrorOf(deleteDocument(reviewer, { documentId: doc.id }))).status).toBe(403)
    expect(await deleteDocument(manager, { documentId: doc.id })).toEqual({ deleted: true, id: doc.id })
    expect(await db.document.findUnique({ where: { id: doc.id } })).toBeNull()
    expect(await db.documentEvent.count({ where: { documentId: doc.id } })).toBe(0)
    expect((await domainErrorOf(getDocument(manager, { documentId: doc.id }))).status).toBe(404)
  })

  it('refuses a document with tags, deleted ones included, with a sentence saying to archive it', async () => {
    const doc = await newDocument('有标注', `${TEXT}。`)
    const tag = await createTag(annotator, tagInput(doc.id, span('依法行政')))
    await deleteTag(annotator, { tagId: tag.id, version: tag.version })
    const error = await domainErrorOf(deleteDocument(manager, { documentId: doc.id }))
    expect(error.status).toBe(409)
    expect(error.message).toMatch(/archive it instead/)
    expect(error.i18n).toEqual({ key: 'document.hasTags', values: { count: 1 } })
    expect(await db.document.findUnique({ where: { id: doc.id }, select: { id: true } })).not.toBeNull()
  })
})

describe('span rules (bug 4: the API accepted tags the UI refuses)', () => {
  let documentId: string
  beforeAll(async () => {
    documentId = (await newDocument('空白', TEXT + '\n\n  末尾  ')).id
  })

  it.each([
    ['a line break', '\n', 'tag.whitespaceOnly'],
    ['blank lines', '\n\n', 'tag.whitespaceOnly'],
    ['a span with a trailing line break', '我市坚持依法行政。\n', 'tag.surroundingWhitespace'],
    ['a span with a leading line break', '\n我市坚持依法行政。', 'tag.surroundingWhitespace'],
  ])('refuses %s with a sentence, and stores nothing', async (_, quote, key) => {
    const error = await domainErrorOf(createTag(annotator, tagInput(documentId, span(quote))))
    expect(error.status).toBe(400)
    expect(error.i18n?.key).toBe(key)
    expect(await db.tag.count({ where: { documentId, quote } })).toBe(0)
  })

  it('refuses spaces only (" "), and an edit that widens a tag onto whitespace', async () => {
    const full = Array.from(TEXT + '\n\n  末尾  ')
    const at = full.indexOf('末')
    const error = await domainErrorOf(createTag(annotator, tagInput(documentId, { start: at - 1, end: at, quote: ' ' })))
    expect(error.i18n?.key).toBe('tag.whitespaceOnly')
    const tag = await createTag(annotator, tagInput(documentId, { start: at, end: at + 2, quote: '末尾' }))
    const widened = await domainErrorOf(updateTag(annotator, { tagId: tag.id, version: tag.version, start: at, end: at + 3, quote: '末尾 ' }))
    expect(widened.i18n?.key).toBe('tag.surroundingWhitespace')
  })

  it('refuses a span longer than the project allows; a manager sets the limit', async () => {
    expect((await getProject(manager, { projectId })).maxSpanLength).toBe(2000)
    const settings = await updateProjectSettings(manager, { projectId, ...updateProjectSchema.parse({ maxSpanLength: 5 }) })
    expect(settings.maxSpanLength).toBe(5)
    try {
      const error = await domainErrorOf(createTag(annotator, tagInput(documentId, span('我市坚持依法行政'))))
      expect(error.status).toBe(400)
      expect(error.i18n).toEqual({ key: 'tag.spanTooLong', values: { length: 8, max: 5 } })
      expect((await createTag(annotator, tagInput(documentId, span('依法行政')))).quote).toBe('依法行政')
      expect((await domainErrorOf(updateProjectSettings(reviewer, { projectId, maxSpanLength: 9000 }))).status).toBe(403)
      expect(updateProjectSchema.safeParse({ maxSpanLength: 0 }).success).toBe(false)
    } finally {
      await updateProjectSettings(manager, { projectId, maxSpanLength: 2000 })
    }
  })
})
