// The taxonomy editor (issue 13): every change is a new taxonomy version with an append-only event,
// a rename or a move keeps every tag, a merge moves tags with TagEvents, a label with tags is never
// deleted. Through the services, on a real database, with real actors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import { createLabelSchema, updateLabelSchema } from '../../lib/schemas/taxonomy'
import { createTagSchema } from '../../lib/schemas/tags'
import { projectAgreement } from '../../lib/services/dashboard'
import { createDocument } from '../../lib/services/documents'
import { getLabelTree } from '../../lib/services/projects'
import { reviewTag } from '../../lib/services/review'
import { createTag, listTags } from '../../lib/services/tags'
import { createLabel, deleteLabel, exportTaxonomy, importTaxonomy, labelImpact, listTaxonomyEvents, mergeLabel, undoTaxonomyChange, updateLabel } from '../../lib/services/taxonomy'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let manager: Actor
let reviewer: Actor
let annotator: Actor
let annotator2: Actor
let documentId: string

const TEXT = '一、重大行政决策\n严格落实合法性审查。开展决策后评估。\n二、营商环境\n优化营商环境。'

function span(quote: string) {
  const start = Array.from(TEXT.slice(0, TEXT.indexOf(quote))).length
  return { start, end: start + Array.from(quote).length, quote }
}

const create = (raw: Record<string, unknown>) => createLabel(manager, { projectId, ...createLabelSchema.parse(raw) })
const patch = (labelId: string, raw: Record<string, unknown>, actor: Actor = manager) => updateLabel(actor, { labelId, ...updateLabelSchema.parse(raw) })
const tag = (actor: Actor, labelId: string, quote: string) => createTag(actor, { documentId, ...createTagSchema.parse({ labelId, ...span(quote) }) })
const labelOf = (id: string) => db.label.findUniqueOrThrow({ where: { id } })
const version = async () => (await db.project.findUniqueOrThrow({ where: { id: projectId } })).taxonomyVersion

beforeAll(async () => {
  const project = await db.project.create({ data: { name: uniqueName('unit-taxonomy-editor') } })
  projectId = project.id
  const users = await Promise.all(['tx-manager', 'tx-reviewer', 'tx-annotator', 'tx-annotator2'].map(createTestUser))
  await Promise.all((['manager', 'reviewer', 'annotator', 'annotator'] as const).map((role, i) => addMember(projectId, users[i].id, role)))
  ;[manager, reviewer, annotator, annotator2] = await Promise.all(users.map((u) => actorOf(u.id)))
  documentId = (await createDocument(manager, { projectId, title: 'taxonomy editor', text: TEXT, meta: {} })).id
})

afterAll(async () => {
  await db.project.delete({ where: { id: projectId } }).catch(() => undefined)
})

describe('adding labels', () => {
  it('adds top-level labels and sub-labels, each a new version with an event; two levels only', async () => {
    const before = await version()
    const top = await create({ name: '决策', en: 'Decisions', shortcut: '1' })
    const sub = await create({ name: '合法性审查', parentId: top.id, shortcut: '1', guidelineZh: '合法性审查的做法。' })
    expect(sub.taxonomyVersion).toBe(before + 2)
    expect(sub.order).toBe(0)
    expect(sub.color).toMatch(/^#[0-9a-f]{6}$/)
    const second = await create({ name: '后评估', parentId: top.id })
    expect(second.order).toBe(1)
    const deep = await domainErrorOf(create({ name: '第三级', parentId: sub.id }))
    expect([deep.status, deep.i18n?.key]).toEqual([409, 'taxonomy.tooDeep'])
    const taken = await domainErrorOf(create({ name: '合法性审查', parentId: top.id }))
    expect([taken.status, taken.i18n?.key]).toEqual([409, 'taxonomy.nameTaken'])
    const key = await domainErrorOf(create({ name: '另一个', parentId: top.id, shortcut: '1' }))
    expect([key.status, key.i18n?.key]).toEqual([409, 'taxonomy.keyTaken'])
    expect(await version()).toBe(before + 3) // refused changes leave no version behind
    const events = await listTaxonomyEvents(reviewer, { projectId, since: before })
    expect(events.items.map((e) => [e.action, e.labelId, e.version])).toEqual([
      ['created', top.id, before + 1],
      ['created', sub.id, before + 2],
      ['created', second.id, before + 3],
    ])
  })

  it('refuses names with a slash and keys that are not digits (400 before any write)', () => {
    expect(createLabelSchema.safeParse({ name: 'a/b' }).success).toBe(false)
    expect(createLabelSchema.safeParse({ name: 'ok', shortcut: 'n' }).success).toBe(false)
    expect(createLabelSchema.safeParse({ name: 'ok', color: 'red' }).success).toBe(false)
  })

  it('only managers edit the taxonomy', async () => {
    for (const actor of [reviewer, annotator]) {
      const error = await domainErrorOf(createLabel(actor, { projectId, ...createLabelSchema.parse({ name: uniqueName('x') }) }))
      expect(error.status).toBe(403)
    }
  })
})

describe('changing labels keeps every tag', () => {
  it('a rename is a new version of the same label: its tags keep it, record the version they were written under, and read the new name', async () => {
    const top = await create({ name: uniqueName('营商') })
    const label = await create({ name: '营商环境优化', parentId: top.id })
    const written = await tag(annotator, label.id, '优化营商环境。')
    const [stored] = await query<{ taxonomyVersion: number }>(sql`SELECT "taxonomyVersion" FROM "Tag" WHERE id = ${written.id}`)
    expect(stored.taxonomyVersion).toBe(label.taxonomyVersion)
    const renamed = await patch(label.id, { version: label.version, name: '优化营商环境', en: 'Business environment' })
    expect([renamed.id, renamed.name, renamed.version]).toEqual([label.id, '优化营商环境', label.version + 1])
    const tags = await listTags(manager, { documentId })
    expect(tags.items.find((t) => t.id === written.id)).toMatchObject({ labelId: label.id, labelPath: [top.name, '优化营商环境'] })
    const [event] = (await listTaxonomyEvents(manager, { projectId, since: renamed.taxonomyVersion - 1 })).items
    expect(event).toMatchObject({ action: 'edited', labelId: label.id, before: { name: '营商环境优化' }, after: { name: '优化营商环境', en: 'Business environment' } })
  })

  it('a stale label version is a 409 and changes nothing; of two edits sent at once exactly one wins', async () => {
    const label = await create({ name: uniqueName('并发') })
    const results = await Promise.allSettled([patch(label.id, { version: label.version, name: uniqueName('甲') }), patch(label.id, { version: label.version, name: uniqueName('乙') })])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failed.reason.status).toBe(409)
    expect(failed.reason.i18n.key).toBe('taxonomy.stale')
    expect((await labelOf(label.id)).version).toBe(label.version + 1)
  })

  it('moves a sub-label under another parent (its tags follow, a taken key is dropped), renumbers siblings, and agreement stays computable', async () => {
    const a = await create({ name: uniqueName('甲类') })
    const b = await create({ name: uniqueName('乙类') })
    const moving = await create({ name: '决策后评估', parentId: a.id, shortcut: '1' })
    const stays = await create({ name: '其他', parentId: a.id })
    await create({ name: '占键', parentId: b.id, shortcut: '1' })
    const t1 = await tag(annotator, moving.id, '开展决策后评估。')
    await tag(annotator2, moving.id, '开展决策后评估。')
    const moved = await patch(moving.id, { version: moving.version, parentId: b.id })
    expect([moved.parentId, moved.shortcut, moved.order]).toEqual([b.id, null, 1])
    expect((await labelOf(stays.id)).order).toBe(0)
    const tags = await listTags(manager, { documentId })
    expect(tags.items.find((t) => t.id === t1.id)?.labelPath).toEqual([b.name, '决策后评估'])
    const agreement = await projectAgreement(manager, { projectId })
    expect(agreement).toBeTruthy()
    const [event] = (await listTaxonomyEvents(manager, { projectId, since: moved.taxonomyVersion - 1 })).items
    expect(event).toMatchObject({ action: 'moved', before: { parentId: a.id, shortcut: '1' }, after: { parentId: b.id, shortcut: null } })
    const top = await domainErrorOf(patch(a.id, { version: (await labelOf(a.id)).version, parentId: b.id }))
    expect(top.i18n?.key).toBe('taxonomy.hasChildren')
  })

  it('reorders siblings: the label lands at the asked place and the others shift', async () => {
    const parent = await create({ name: uniqueName('排序') })
    const [x, y, z] = [await create({ name: 'x', parentId: parent.id }), await create({ name: 'y', parentId: parent.id }), await create({ name: 'z', parentId: parent.id })]
    const moved = await patch(z.id, { version: z.version, order: 0 })
    expect(moved.order).toBe(0)
    expect([(await labelOf(x.id)).order, (await labelOf(y.id)).order]).toEqual([1, 2])
    const tree = await getLabelTree(manager, { projectId })
    expect(tree.labels.find((l) => l.id === parent.id)!.children.map((c) => c.name)).toEqual(['z', 'x', 'y'])
  })

  it('archiving takes a label and its sub-labels out of the palette; their tags stay listed and reviewable; unarchive brings them back', async () => {
    const top = await create({ name: uniqueName('归档') })
    const sub = await create({ name: '子', parentId: top.id })
    const written = await tag(annotator, sub.id, '严格落实合法性审查。')
    const impact = await labelImpact(manager, { labelId: top.id })
    expect(impact).toMatchObject({ tags: 1, approved: 0, documents: 1, subLabels: 1 })
    const archived = await patch(top.id, { version: top.version, archived: true })
    expect(archived.archived).toBe(true)
    expect((await labelOf(sub.id)).archived).toBe(true)
    const palette = await getLabelTree(annotator, { projectId })
    expect(palette.labels.some((l) => l.id === top.id)).toBe(false)
    const all = await getLabelTree(manager, { projectId, includeArchived: true })
    expect(all.labels.find((l) => l.id === top.id)?.children.map((c) => c.archived)).toEqual([true])
    const listed = (await listTags(reviewer, { documentId })).items.find((t) => t.id === written.id)
    expect(listed?.labelPath).toEqual([top.name, '子'])
    const approved = await reviewTag(reviewer, { tagId: written.id, action: 'approve', version: listed!.version })
    expect(approved.status).toBe('approved')
    await patch(top.id, { version: archived.version, archived: false })
    expect((await labelOf(sub.id)).archived).toBe(false)
  })
})

describe('deleting and merging', () => {
  it('deletes a label no tag has used, and refuses one with tags (deleted tags count) with a sentence', async () => {
    const unused = await create({ name: uniqueName('无用') })
    const deleted = await deleteLabel(manager, { labelId: unused.id, version: unused.version })
    expect(deleted.deleted).toBe(unused.id)
    expect(await db.label.findUnique({ where: { id: unused.id } })).toBeNull()
    const used = await create({ name: uniqueName('有用') })
    await tag(annotator, used.id, '一、重大行政决策')
    const refused = await domainErrorOf(deleteLabel(manager, { labelId: used.id, version: used.version }))
    expect([refused.status, refused.i18n?.key, refused.message]).toEqual([409, 'taxonomy.hasTags', expect.stringContaining('archive it or merge it')])
    const events = await listTaxonomyEvents(manager, { projectId, since: deleted.taxonomyVersion - 1 })
    expect(events.items[0]).toMatchObject({ action: 'deleted', labelId: unused.id, before: { name: unused.name }, after: null })
  })

  it('merges A into B: every live tag moves with a relabelled TagEvent, approvals stay, A is archived as an alias of B', async () => {
    const a = await create({ name: uniqueName('A') })
    const b = await create({ name: uniqueName('B') })
    const t1 = await tag(annotator, a.id, '严格落实合法性审查。')
    const t2 = await tag(annotator2, a.id, '严格落实合法性审查。')
    await reviewTag(reviewer, { tagId: t1.id, action: 'approve', version: t1.version })
    const impact = await labelImpact(manager, { labelId: a.id })
    expect(impact).toMatchObject({ tags: 2, approved: 1, documents: 1, subLabels: 0, agreementDocuments: 1 })
    const result = await mergeLabel(manager, { labelId: a.id, intoLabelId: b.id, version: a.version })
    expect(result.movedTags).toBe(2)
    expect(result.merged).toMatchObject({ archived: true, aliasOfId: b.id })
    const tags = await db.tag.findMany({ where: { id: { in: [t1.id, t2.id] } }, orderBy: { id: 'asc' } })
    expect(tags.every((t) => t.labelId === b.id)).toBe(true)
    expect(tags.find((t) => t.id === t1.id)?.status).toBe('approved')
    const events = await db.tagEvent.findMany({ where: { tagId: { in: [t1.id, t2.id] }, action: 'relabelled' } })
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({ reasonCode: 'label_merged', actorId: manager.id, before: { labelId: a.id }, after: { labelId: b.id } })
    const unarchive = await domainErrorOf(patch(a.id, { version: result.merged.version, archived: false }))
    expect(unarchive.i18n?.key).toBe('taxonomy.mergedStaysArchived')
    const self = await domainErrorOf(mergeLabel(manager, { labelId: b.id, intoLabelId: b.id, version: b.version }))
    expect(self.status).toBe(400)
    const [event] = (await listTaxonomyEvents(manager, { projectId, since: result.taxonomyVersion - 1 })).items
    expect(event).toMatchObject({ action: 'merged', labelId: a.id, after: { into: { id: b.id }, movedTags: 2 } })
  })
})

describe('undo the last change', () => {
  const undo = async () => undoTaxonomyChange(manager, { projectId, taxonomyVersion: await version() })

  it('takes back a rename, and refuses an undo of the undo and a stale version', async () => {
    const label = await create({ name: uniqueName('撤销') })
    await patch(label.id, { version: label.version, name: `${label.name}-改` })
    const undone = await undo()
    expect(undone).toMatchObject({ action: 'edited', taxonomyVersion: undone.undid + 1 })
    expect((await labelOf(label.id)).name).toBe(label.name)
    const again = await domainErrorOf(undo())
    expect(again.i18n?.key).toBe('taxonomy.undo.undoOfUndo')
    const stale = await domainErrorOf(undoTaxonomyChange(manager, { projectId, taxonomyVersion: (await version()) - 1 }))
    expect([stale.status, stale.i18n?.key]).toEqual([409, 'taxonomy.undo.stale'])
    const [event] = (await listTaxonomyEvents(manager, { projectId, since: undone.taxonomyVersion - 1 })).items
    expect(event).toMatchObject({ action: 'undone', labelId: label.id, after: { undid: undone.undid, name: label.name } })
  })

  it('takes back a merge: the tags it moved go back, with a TagEvent each, and the label is in use again', async () => {
    const a = await create({ name: uniqueName('合A') })
    const b = await create({ name: uniqueName('合B') })
    const moved = await tag(annotator, a.id, '开展决策后评估。')
    const stays = await tag(annotator2, b.id, '开展决策后评估。')
    await mergeLabel(manager, { labelId: a.id, intoLabelId: b.id, version: a.version })
    await undo()
    expect((await db.tag.findUniqueOrThrow({ where: { id: moved.id } })).labelId).toBe(a.id)
    expect((await db.tag.findUniqueOrThrow({ where: { id: stays.id } })).labelId).toBe(b.id)
    expect(await labelOf(a.id)).toMatchObject({ archived: false, aliasOfId: null })
    const events = await db.tagEvent.findMany({ where: { tagId: moved.id, action: 'relabelled' }, orderBy: { seq: 'asc' } })
    expect(events.map((e) => e.reasonCode)).toEqual(['label_merged', 'label_merge_undone'])
  })

  it('takes back a delete (the label comes back with its id) and an archive', async () => {
    const label = await create({ name: uniqueName('回来') })
    await deleteLabel(manager, { labelId: label.id, version: label.version })
    await undo()
    expect((await labelOf(label.id)).name).toBe(label.name)
    const top = await create({ name: uniqueName('归档撤销') })
    const sub = await create({ name: '子', parentId: top.id })
    await patch(top.id, { version: top.version, archived: true })
    await undo()
    expect([(await labelOf(top.id)).archived, (await labelOf(sub.id)).archived]).toEqual([false, false])
  })
})

describe('taxonomy files', () => {
  it('exports the labels in use as a file the import reads back; an import plans first, then adds and changes as one version, and can be undone', async () => {
    const fresh = await db.project.create({ data: { name: uniqueName('unit-taxonomy-import') } })
    await addMember(fresh.id, manager.id, 'manager')
    const freshManager = await actorOf(manager.id)
    const file = await exportTaxonomy(manager, { projectId })
    const plan = await importTaxonomy(freshManager, { projectId: fresh.id, file, apply: false })
    const count = file.labels.reduce((n, l) => n + 1 + l.children.length, 0)
    expect(plan).toMatchObject({ applied: false, taxonomyVersion: null, change: [], unchanged: 0 })
    expect(plan.add).toHaveLength(count)
    expect(await db.label.count({ where: { projectId: fresh.id } })).toBe(0)
    const applied = await importTaxonomy(freshManager, { projectId: fresh.id, file, apply: true })
    expect(applied).toMatchObject({ applied: true, taxonomyVersion: 2 })
    expect(await exportTaxonomy(freshManager, { projectId: fresh.id })).toMatchObject({ labels: file.labels })
    const again = await domainErrorOf(importTaxonomy(freshManager, { projectId: fresh.id, file, apply: true }))
    expect(again.i18n?.key).toBe('taxonomy.importNothing')
    const edited = { ...file, labels: [{ ...file.labels[0], guideline_zh: '新的说明。' }] }
    expect(await importTaxonomy(freshManager, { projectId: fresh.id, file: edited, apply: false })).toMatchObject({ add: [], change: [{ path: [file.labels[0].name], fields: ['guidelineZh'] }] })
    await undoTaxonomyChange(freshManager, { projectId: fresh.id, taxonomyVersion: 2 })
    expect(await db.label.count({ where: { projectId: fresh.id } })).toBe(0)
    const bad = await domainErrorOf(importTaxonomy(freshManager, { projectId: fresh.id, file: { labels: [{ name: 'a/b' }] }, apply: false }))
    expect([bad.status, bad.i18n?.key]).toEqual([400, 'taxonomy.badFile'])
    await db.project.delete({ where: { id: fresh.id } })
  })
})

describe('the history is append-only', () => {
  it('refuses UPDATE and DELETE of a TaxonomyEvent in the database', async () => {
    const label = await create({ name: uniqueName('历史') })
    const [event] = await query<{ id: string }>(sql`SELECT id FROM "TaxonomyEvent" WHERE "labelId" = ${label.id}`)
    await expect(query(sql`UPDATE "TaxonomyEvent" SET action = 'edited' WHERE id = ${event.id}`)).rejects.toThrow(/append-only/)
    await expect(query(sql`DELETE FROM "TaxonomyEvent" WHERE id = ${event.id}`)).rejects.toThrow(/append-only/)
  })
})
