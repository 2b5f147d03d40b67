// The rest of the taxonomy editor (issue 13): agreement figures in the impact preview, splitting a
// label with a review list, guideline examples linked to tags. Through the services, on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { createLabelSchema } from '../../lib/schemas/taxonomy'
import { createTagSchema } from '../../lib/schemas/tags'
import { createDocument } from '../../lib/services/documents'
import { createTag } from '../../lib/services/tags'
import { createLabel, labelImpact } from '../../lib/services/taxonomy'
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
