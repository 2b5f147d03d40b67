// Curation (issue #16, "One gold version per passage"): two annotators' tags on one document become
// one gold layer. Agreements are proposed as they are, each disagreement is decided (take, fix,
// drop), a re-decision keeps the history, the history cannot be rewritten, and only reviewers and
// managers curate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import { curationState, decideCuration } from '../../lib/services/curation'
import { reviewTag } from '../../lib/services/review'
import { createTag, updateTag } from '../../lib/services/tags'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const text = '一、总体情况\n全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。二、存在问题\n执法队伍建设有待加强。'
let projectId: string
let documentId: string
const labels = {} as Record<'law' | 'open', string>
const actors = {} as Record<'annA' | 'annB' | 'reviewer' | 'manager', Actor>

const offsetOf = (quote: string) => Array.from(text.slice(0, text.indexOf(quote))).length
const span = (quote: string) => ({ start: offsetOf(quote), end: offsetOf(quote) + Array.from(quote).length, quote })
const tag = (who: 'annA' | 'annB', quote: string, label: keyof typeof labels = 'law') => createTag(actors[who], { documentId, labelId: labels[label], ...span(quote) })

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-curation') } })).id
  for (const [key, role] of [
    ['annA', 'annotator'],
    ['annB', 'annotator'],
    ['reviewer', 'reviewer'],
    ['manager', 'manager'],
  ] as const) {
    const user = await createTestUser(`curation-${key}`)
    await addMember(projectId, user.id, role)
    actors[key] = await actorOf(user.id)
  }
  labels.law = (await db.label.create({ data: { projectId, name: '执法', color: '#2563eb' } })).id
  labels.open = (await db.label.create({ data: { projectId, name: '公开', color: '#16a34a', order: 1 } })).id
  documentId = (await db.document.create({ data: { projectId, title: '报告', text, textSha256: 'c'.repeat(64), length: Array.from(text).length } })).id
  // Agreement: both tag 行政执法公示制度 as 执法.
  await tag('annA', '行政执法公示制度')
  await tag('annB', '行政执法公示制度')
  // Label disagreement on the same span.
  await tag('annA', '执法全过程记录制度', 'law')
  await tag('annB', '执法全过程记录制度', 'open')
  // Span disagreement.
  await tag('annA', '重大执法决定法制审核制度')
  await tag('annB', '法制审核制度')
  // Only A tagged this.
  await tag('annA', '执法队伍建设')
})

afterAll(async () => {
  await db.goldTag.deleteMany({ where: { projectId } }).catch(() => undefined)
})

const rowOf = (state: Awaited<ReturnType<typeof curationState>>, quote: string) => {
  const row = state.rows.find((r) => r.tags.some((t) => t.quote === quote))
  if (!row) throw new Error(`no row holds ${quote}`)
  return row
}

describe('curation', () => {
  it('pre-merges the agreement and lists each disagreement as a row, in text order', async () => {
    const state = await curationState(actors.reviewer, { documentId })
    expect(state.annotators.map((a) => a.id).sort()).toEqual([actors.annA.id, actors.annB.id].sort())
    expect(state.rows.map((r) => [r.kind, r.tags.length])).toEqual([
      ['agreement', 2],
      ['disagreement', 2],
      ['disagreement', 2],
      ['disagreement', 1],
    ])
    expect(state.progress).toEqual({ rows: 4, decided: 0, agreements: 1, disagreements: 3 })
    expect(state.curated).toBe(false)
  })

  it('refuses annotators (403) and non-members (404)', async () => {
    expect((await domainErrorOf(curationState(actors.annA, { documentId }))).code).toBe('forbidden')
    const outsider = await actorOf((await createTestUser('curation-outsider')).id)
    expect((await domainErrorOf(curationState(outsider, { documentId }))).code).toBe('not_found')
  })

  it('accepts agreements, takes one side, fixes, drops, and marks the document curated when every row is decided', async () => {
    let state = await decideCuration(actors.reviewer, { documentId, decision: 'accept_all' })
    const agreed = rowOf(state, '行政执法公示制度')
    expect(agreed.decision?.kind).toBe('accept')
    expect(agreed.gold).toHaveLength(1)
    expect(agreed.gold[0]).toMatchObject({ ...span('行政执法公示制度'), labelId: labels.law })
    expect(agreed.gold[0].sourceTagIds.sort()).toEqual(agreed.tags.map((t) => t.id).sort())

    state = await decideCuration(actors.reviewer, { documentId, decision: 'take', rowKey: rowOf(state, '执法全过程记录制度').key, annotatorId: actors.annB.id })
    const taken = rowOf(state, '执法全过程记录制度')
    expect(taken.gold.map((g) => g.labelId)).toEqual([labels.open])
    expect(taken.gold[0].sourceTagIds).toEqual([taken.tags.find((t) => t.authorId === actors.annB.id)!.id])

    const fixRow = rowOf(state, '法制审核制度')
    state = await decideCuration(actors.manager, { documentId, decision: 'fix', rowKey: fixRow.key, fix: { ...span('重大执法决定'), labelId: labels.law } })
    const fixed = rowOf(state, '法制审核制度')
    expect(fixed.gold).toHaveLength(1)
    expect(fixed.gold[0]).toMatchObject({ quote: '重大执法决定', labelId: labels.law })
    // Only A's wider tag overlaps the fixed span: it is the one source.
    expect(fixed.gold[0].sourceTagIds).toEqual([fixRow.tags.find((t) => t.authorId === actors.annA.id)!.id])
    expect(state.curated).toBe(false)

    state = await decideCuration(actors.reviewer, { documentId, decision: 'drop', rowKey: rowOf(state, '执法队伍建设').key })
    expect(rowOf(state, '执法队伍建设').gold).toEqual([])
    expect(state.progress.decided).toBe(4)
    expect(state.curated).toBe(true)
    const [last] = await query<{ remaining: number }>(sql`SELECT remaining FROM "CurationEvent" WHERE "documentId" = ${documentId} ORDER BY seq DESC LIMIT 1`)
    expect(last.remaining).toBe(0)
  })

  it('refuses accepting a disagreement, a fix outside the row, and a row that no longer exists', async () => {
    const state = await curationState(actors.reviewer, { documentId })
    expect((await domainErrorOf(decideCuration(actors.reviewer, { documentId, decision: 'accept', rowKey: rowOf(state, '执法队伍建设').key }))).code).toBe('conflict')
    const outside = await domainErrorOf(decideCuration(actors.reviewer, { documentId, decision: 'fix', rowKey: rowOf(state, '执法队伍建设').key, fix: { ...span('总体情况'), labelId: labels.law } }))
    expect(outside.code).toBe('invalid')
    expect((await domainErrorOf(decideCuration(actors.reviewer, { documentId, decision: 'drop', rowKey: 'f'.repeat(32) }))).code).toBe('conflict')
    expect((await curationState(actors.reviewer, { documentId })).progress.decided).toBe(4)
  })

  it('re-curates a row: the old gold tags are superseded (kept), the history holds both decisions', async () => {
    let state = await curationState(actors.reviewer, { documentId })
    const row = rowOf(state, '执法全过程记录制度')
    const before = row.gold[0]
    state = await decideCuration(actors.manager, { documentId, decision: 'take', rowKey: row.key, annotatorId: actors.annA.id })
    expect(rowOf(state, '执法全过程记录制度').gold.map((g) => g.labelId)).toEqual([labels.law])
    const old = await db.goldTag.findUniqueOrThrow({ where: { id: before.id } })
    expect(old.supersededAt).not.toBeNull()
    const decisions = state.history.filter((h) => h.rowKey === row.key)
    expect(decisions.map((h) => h.decision)).toEqual(['take', 'take'])
    expect((decisions[0].before as { id: string }[]).map((g) => g.id)).toEqual([before.id])
    expect(state.curated).toBe(true)
  })

  it('keeps a row decided when one of its tags is only reviewed', async () => {
    const state = await curationState(actors.reviewer, { documentId })
    // Annotator A's tag (row tags have no fixed author order): B's stays pending for the next test to change.
    const tagOfRow = rowOf(state, '行政执法公示制度').tags.find((t) => t.authorId === actors.annA.id)!
    await reviewTag(actors.reviewer, { tagId: tagOfRow.id, action: 'approve', version: tagOfRow.version })
    const after = await curationState(actors.reviewer, { documentId })
    expect(rowOf(after, '行政执法公示制度').decision?.kind).toBe('accept')
    expect(after.curated).toBe(true)
  })

  it('reopens a row when an annotator changes one of its tags', async () => {
    await tag('annB', '执法队伍建设')
    const state = await curationState(actors.reviewer, { documentId })
    const row = rowOf(state, '执法队伍建设')
    expect(row).toMatchObject({ kind: 'agreement', decision: null })
    expect(state.curated).toBe(false)
  })

  it('retires the gold tag of a row whose tags changed once the new row is decided', async () => {
    let state = await curationState(actors.reviewer, { documentId })
    const pending = rowOf(state, '行政执法公示制度').tags.find((t) => t.status === 'pending' && t.authorId === actors.annB.id)!
    const oldGold = rowOf(state, '行政执法公示制度').gold[0]
    await updateTag(actors.annB, { tagId: pending.id, version: pending.version, labelId: labels.open })
    state = await curationState(actors.reviewer, { documentId })
    expect(state.staleGold.map((g) => g.id)).toEqual([oldGold.id])
    expect(rowOf(state, '行政执法公示制度')).toMatchObject({ kind: 'disagreement', decision: null })
    state = await decideCuration(actors.reviewer, { documentId, decision: 'take', rowKey: rowOf(state, '行政执法公示制度').key, annotatorId: actors.annA.id })
    expect(state.staleGold).toEqual([])
    expect(rowOf(state, '行政执法公示制度').gold).toHaveLength(1)
    expect((await db.goldTag.findUniqueOrThrow({ where: { id: oldGold.id } })).supersededAt).not.toBeNull()
    expect((state.history[0].before as { id: string }[]).map((g) => g.id)).toEqual([oldGold.id])
    expect(await db.goldTag.count({ where: { documentId, supersededAt: null } })).toBe(state.rows.reduce((n, r) => n + r.gold.length, 0))
  })

  it('keeps the history append-only in the database', async () => {
    await expect(query(sql`UPDATE "CurationEvent" SET decision = 'drop' WHERE "documentId" = ${documentId}`)).rejects.toThrow(/append-only/)
    await expect(query(sql`DELETE FROM "CurationEvent" WHERE "documentId" = ${documentId}`)).rejects.toThrow(/append-only/)
  })
})
