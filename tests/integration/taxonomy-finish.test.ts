// The rest of the taxonomy editor (issue 13): agreement figures in the impact preview, splitting a
// label with a review list, guideline examples linked to tags. Through the services, on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { createLabelSchema, splitLabelSchema } from '../../lib/schemas/taxonomy'
import { createTagSchema } from '../../lib/schemas/tags'
import { createDocument } from '../../lib/services/documents'
import { addLabelExample, labelExamples, projectLabelExamples, removeLabelExample } from '../../lib/services/label-examples'
import { reviewTag } from '../../lib/services/review'
import { createTag } from '../../lib/services/tags'
import { assignSplitTag, createLabel, deleteLabel, labelImpact, mergeLabel, listTaxonomyEvents, splitLabel, splitReview, undoTaxonomyChange } from '../../lib/services/taxonomy'
import { loadTaxonomyAsOfVersion } from '../../lib/taxonomy/as-of-version'
import { anyConnection, query, sql } from '../../lib/db/sql'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let manager: Actor
let reviewer: Actor
let annotator: Actor
let annotator2: Actor
let documentId: string
const TEXT = '严格落实合法性审查。开展决策后评估。优化营商环境。推进政务公开。'

const span = (quote: string) => {
  const start = Array.from(TEXT.slice(0, TEXT.indexOf(quote))).length
  return { start, end: start + Array.from(quote).length, quote }
}
const create = (raw: Record<string, unknown>) => createLabel(manager, { projectId, ...createLabelSchema.parse(raw) })
const tag = (actor: Actor, labelId: string, quote: string) => createTag(actor, { documentId, ...createTagSchema.parse({ labelId, ...span(quote) }) })

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-taxonomy-finish') } })).id
  const users = await Promise.all(['tf-manager', 'tf-reviewer', 'tf-annotator', 'tf-annotator2'].map(createTestUser))
  await Promise.all((['manager', 'reviewer', 'annotator', 'annotator'] as const).map((role, i) => addMember(projectId, users[i].id, role)))
  ;[manager, reviewer, annotator, annotator2] = await Promise.all(users.map((u) => actorOf(u.id)))
  documentId = (await createDocument(manager, { projectId, title: 'taxonomy finish', text: TEXT, meta: {} })).id
})

afterAll(async () => {
  await db.project.delete({ where: { id: projectId } }).catch(() => undefined)
})

describe('the impact preview’s agreement figures', () => {
  it('says how κ changes when two labels the annotators told apart are merged, and that an archive changes nothing', async () => {
    const top = await create({ name: '决策' })
    const review = await create({ name: '审查', parentId: top.id })
    const legality = await create({ name: '合法性', parentId: top.id })
    const other = await create({ name: '公开' })
    // The two annotators mark the same passage, one as 审查 and one as 合法性; both mark 公开 alike.
    await tag(annotator, review.id, '合法性审查')
    await tag(annotator2, legality.id, '合法性审查')
    await tag(annotator, other.id, '推进政务公开')
    await tag(annotator2, other.id, '推进政务公开')

    const plain = await labelImpact(manager, { labelId: review.id })
    expect(plain).toMatchObject({ tags: 1, documents: 1, agreementDocuments: 0 })
    // Without a target nothing is moved: the figures are there, and none changes.
    expect(plain.agreement?.documents).toBe(1)
    expect(plain.agreement?.levels.every((l) => l.labels.length === 0)).toBe(true)

    const merge = await labelImpact(manager, { labelId: review.id, intoLabelId: legality.id })
    const leaf = merge.agreement!.levels.find((l) => l.level === 'leaf')!
    const byLabel = Object.fromEntries(leaf.labels.map((l) => [l.label, l]))
    expect(byLabel['决策/合法性'].before?.kappa).toBeLessThan(1)
    expect(byLabel['决策/合法性'].after?.kappa).toBe(1)
    expect(byLabel['决策/审查']).toMatchObject({ after: null })
    expect(byLabel['决策/审查'].before).not.toBeNull()
    expect(leaf.macroKappaAfter!).toBeGreaterThan(leaf.macroKappaBefore!)
    // At the top level both were already 决策: nothing changes there.
    expect(merge.agreement!.levels.find((l) => l.level === 'top')!.labels).toEqual([])

    // Moving 审查 to the top level splits the top label 决策 in two: its κ falls.
    const move = await labelImpact(manager, { labelId: review.id, moveTo: 'top' })
    const topLevel = Object.fromEntries(move.agreement!.levels.find((l) => l.level === 'top')!.labels.map((l) => [l.label, l]))
    expect(topLevel['决策'].before?.kappa).toBe(1)
    expect(topLevel['决策'].after?.kappa).toBeLessThan(1)
    expect(topLevel['审查']).toMatchObject({ before: null })

    const unknown = await domainErrorOf(labelImpact(manager, { labelId: review.id, intoLabelId: 'no-such-label' }))
    expect([unknown.status, unknown.i18n?.key]).toEqual([400, 'taxonomy.impactUnknownLabel'])
    const forbidden = await domainErrorOf(labelImpact(reviewer, { labelId: review.id }))
    expect(forbidden.status).toBe(403)
  })
})

describe('splitting a label', () => {
  it('makes the new labels, lists the tags in context, and a reviewer assigns each with a TagEvent and a taxonomy version', async () => {
    const broad = await create({ name: '政务' })
    const tags = [await tag(annotator, broad.id, '优化营商环境'), await tag(annotator, broad.id, '推进政务公开'), await tag(annotator2, broad.id, '开展决策后评估')]
    const refused = await domainErrorOf(splitLabel(reviewer, { labelId: broad.id, ...splitLabelSchema.parse({ version: broad.version, into: [{ name: '营商' }, { name: '公开' }] }) }))
    expect(refused.status).toBe(403)
    expect(splitLabelSchema.safeParse({ version: 1, into: [{ name: '一' }] }).success).toBe(false)
    expect(splitLabelSchema.safeParse({ version: 1, into: [{ name: '一' }, { name: '一' }] }).success).toBe(false)

    const split = await splitLabel(manager, { labelId: broad.id, ...splitLabelSchema.parse({ version: broad.version, into: [{ name: '营商', shortcut: '1' }, { name: '公开' }] }) })
    expect(split.into.map((l) => [l.name, l.parentId])).toEqual([['营商', broad.id], ['公开', broad.id]])
    expect(split.tags).toBe(3)
    const history = await listTaxonomyEvents(manager, { projectId, since: split.taxonomyVersion - 1 })
    expect(history.items.map((e) => e.action)).toEqual(['created', 'created', 'split'])

    const list = await splitReview(reviewer, { labelId: broad.id })
    expect(list.split).toMatchObject({ assigned: 0, remaining: 3, targets: [{ name: '营商' }, { name: '公开' }] })
    const first = list.split!.items.find((i) => i.quote === '优化营商环境')!
    expect(first.prefix + first.quote + first.suffix).toContain('优化营商环境')
    expect(first.prefix.length).toBeGreaterThan(0)

    const [business, open] = list.split!.targets
    const assigned = await assignSplitTag(reviewer, { labelId: broad.id, tagId: first.tagId, version: first.version, intoLabelId: business.id })
    expect(assigned.labelId).toBe(business.id)
    const second = list.split!.items.find((i) => i.quote === '推进政务公开')!
    await assignSplitTag(manager, { labelId: broad.id, tagId: second.tagId, version: second.version, intoLabelId: open.id })
    expect((await splitReview(reviewer, { labelId: broad.id })).split).toMatchObject({ assigned: 2, remaining: 1 })

    // The same row assigned again with the version the list showed: someone got there first.
    const stale = await domainErrorOf(assignSplitTag(reviewer, { labelId: broad.id, tagId: first.tagId, version: first.version, intoLabelId: open.id }))
    expect([stale.status, stale.i18n?.key]).toEqual([409, 'taxonomy.splitStale'])
    const wrongTarget = await domainErrorOf(assignSplitTag(reviewer, { labelId: broad.id, tagId: tags[2].id, version: tags[2].version, intoLabelId: broad.id }))
    expect(wrongTarget.status).toBe(409)
    const annotatorRefused = await domainErrorOf(assignSplitTag(annotator, { labelId: broad.id, tagId: tags[2].id, version: tags[2].version, intoLabelId: open.id }))
    expect(annotatorRefused.status).toBe(403)

    const events = await query<{ reasonCode: string; before: { labelId: string }; after: { labelId: string; taxonomyVersion: number } }>(
      sql`SELECT "reasonCode", before, after FROM "TagEvent" WHERE "tagId" = ${first.tagId} AND action = 'relabelled'`,
    )
    expect(events).toEqual([expect.objectContaining({ reasonCode: 'label_split', before: expect.objectContaining({ labelId: broad.id }), after: expect.objectContaining({ labelId: business.id, taxonomyVersion: assigned.taxonomyVersion }) })])

    // The review list's undo: the tag goes back to the split label.
    const backAgain = await assignSplitTag(reviewer, { labelId: broad.id, tagId: first.tagId, version: assigned.version, intoLabelId: broad.id })
    expect(backAgain.labelId).toBe(broad.id)
    expect((await splitReview(reviewer, { labelId: broad.id })).split).toMatchObject({ assigned: 1, remaining: 2 })

    // A manager's undo takes back the last assignment too (that of the second tag now... after one more).
    const third = await assignSplitTag(reviewer, { labelId: broad.id, tagId: tags[2].id, version: tags[2].version, intoLabelId: open.id })
    await undoTaxonomyChange(manager, { projectId, taxonomyVersion: third.taxonomyVersion })
    expect((await db.tag.findUniqueOrThrow({ where: { id: tags[2].id } })).labelId).toBe(broad.id)

    // As of the version before the split the new labels do not exist and every tag is on 政务.
    const before = await loadTaxonomyAsOfVersion(anyConnection, projectId, split.taxonomyVersion - 1)
    expect(before.byId.has(business.id)).toBe(false)
    expect(before.labelOfTag(second.tagId, open.id)?.name).toBe('政务')
    const after = await loadTaxonomyAsOfVersion(anyConnection, projectId, third.taxonomyVersion)
    expect(after.labelOfTag(second.tagId, open.id)?.name).toBe('公开')
    expect(after.byId.get(broad.id)?.name).toBe('政务')
  })

  it('answers a label never split with no list', async () => {
    const plain = await create({ name: '未拆分' })
    expect((await splitReview(reviewer, { labelId: plain.id })).split).toBeNull()
    const refused = await domainErrorOf(assignSplitTag(reviewer, { labelId: plain.id, tagId: 'x', version: 1, intoLabelId: plain.id }))
    expect([refused.status, refused.i18n?.key]).toEqual([409, 'taxonomy.notSplit'])
  })
})

describe('guideline examples', () => {
  it('links an approved tag as “this counts” and a rejected one as “this does not”, shown on the label, and says when the tag changed', async () => {
    const label = await create({ name: '示例' })
    const elsewhere = await create({ name: '别处' })
    const good = await tag(annotator, label.id, '严格落实合法性审查')
    const bad = await tag(annotator2, label.id, '开展决策后评估')
    const approved = await reviewTag(reviewer, { tagId: good.id, action: 'approve', version: good.version })
    const rejected = await reviewTag(reviewer, { tagId: bad.id, action: 'reject', version: bad.version, reason: '不是审查' })

    const wrongKind = await domainErrorOf(addLabelExample(reviewer, { tagId: bad.id, kind: 'positive' }))
    expect([wrongKind.status, wrongKind.i18n?.key]).toEqual([409, 'examples.needsApproved'])
    expect((await domainErrorOf(addLabelExample(reviewer, { tagId: good.id, kind: 'negative' }))).i18n?.key).toBe('examples.needsRejected')
    expect((await domainErrorOf(addLabelExample(annotator, { tagId: good.id, kind: 'positive' }))).status).toBe(403)

    await addLabelExample(reviewer, { tagId: good.id, kind: 'positive' })
    await addLabelExample(manager, { tagId: bad.id, kind: 'negative' })
    // Every member reads them (the annotator's label card shows them while tagging).
    const shown = await labelExamples(annotator, { labelId: label.id })
    expect(shown.items.map((e) => [e.kind, e.quote, e.changed])).toEqual([
      ['positive', '严格落实合法性审查', null],
      ['negative', '开展决策后评估', null],
    ])
    expect(shown.items[0].prefix + shown.items[0].quote + shown.items[0].suffix).toContain('严格落实合法性审查')

    // The approved example is reopened, the rejected one moved to another label: both stay, each saying what changed.
    await reviewTag(reviewer, { tagId: good.id, action: 'reopen', version: approved.version, reason: '再看看' })
    await db.tag.update({ where: { id: bad.id }, data: { labelId: elsewhere.id, version: rejected.version + 1 } })
    const later = await labelExamples(annotator, { labelId: label.id })
    expect(later.items.map((e) => e.changed)).toEqual([{ reason: 'status', status: 'pending' }, { reason: 'relabelled', labelName: '别处' }])
    expect((await projectLabelExamples(annotator, { projectId })).filter((e) => e.labelId === label.id)).toHaveLength(2)

    await removeLabelExample(reviewer, { tagId: good.id })
    expect((await labelExamples(annotator, { labelId: label.id })).items.map((e) => e.tagId)).toEqual([bad.id])
    const again = await domainErrorOf(removeLabelExample(reviewer, { tagId: good.id }))
    expect([again.status, again.i18n?.key]).toEqual([409, 'examples.notAnExample'])
  })
})

describe('a merged label', () => {
  it('is not deleted once its tags moved: their history names it', async () => {
    const from = await create({ name: '旧名' })
    const into = await create({ name: '新名' })
    await tag(annotator, from.id, '推进政务公开')
    const merged = await mergeLabel(manager, { labelId: from.id, intoLabelId: into.id, version: from.version })
    const refused = await domainErrorOf(deleteLabel(manager, { labelId: from.id, version: merged.merged.version }))
    expect([refused.status, refused.i18n?.key]).toEqual([409, 'taxonomy.mergedNotDeleted'])
  })
})
