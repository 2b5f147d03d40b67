// Suggestions (issue 14) on the real test database: stored apart from tags, computed from the rules, accepted into the
// annotator's pending tag with provenance, a second decision refused with the current state, rejected ones never
// proposed again, merges followed and archived labels dropped, a deleted document taking its suggestions along.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import {
  acceptAllInSection,
  acceptSuggestion,
  computeSuggestions,
  createPattern,
  listSuggestions,
  rejectSuggestion,
  storeCandidates,
  updateSuggestionSettings,
} from '../../lib/services/suggestions'
import { mergeLabel, updateLabel } from '../../lib/services/taxonomy'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

// An astral character (𠮷) before the passages: offsets are code points, not UTF-16 units.
const text = '𠮷一、总体情况\n全面推行行政执法公示制度。严格落实重大行政决策程序。\n二、优化营商环境，深化放管服改革。'
const cp = (s: string) => Array.from(s).length
const spanOf = (quote: string) => {
  const start = cp(text.slice(0, text.indexOf(quote)))
  return { start, end: start + cp(quote), quote }
}

let projectId: string
let documentId: string
const labels = {} as Record<'enforcement' | 'decision' | 'business' | 'businessOld', string>
const actors = {} as Record<'annotator' | 'annotator2' | 'reviewer' | 'manager' | 'outsider', Actor>

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-suggestions'), blindMode: true } })).id
  for (const [key, role] of [
    ['annotator', 'annotator'],
    ['annotator2', 'annotator'],
    ['reviewer', 'reviewer'],
    ['manager', 'manager'],
    ['outsider', null],
  ] as const) {
    const user = await createTestUser(`suggest-${key}`)
    if (role) await addMember(projectId, user.id, role)
    actors[key] = await actorOf(user.id)
  }
  labels.enforcement = (await db.label.create({ data: { projectId, name: '行政执法', color: '#2563eb', keywords: ['执法公示'], order: 1 } })).id
  labels.decision = (await db.label.create({ data: { projectId, name: '重大行政决策', color: '#16a34a', keywords: ['重大行政决策'], order: 2 } })).id
  labels.business = (await db.label.create({ data: { projectId, name: '营商环境', color: '#dc2626', keywords: [], order: 3 } })).id
  labels.businessOld = (await db.label.create({ data: { projectId, name: '放管服', color: '#9333ea', keywords: ['放管服'], order: 4 } })).id
  documentId = (await db.document.create({ data: { projectId, title: '报告', text, textSha256: 's'.repeat(64), length: cp(text) } })).id
})

afterAll(async () => {
  await query(sql`DELETE FROM "Suggestion" WHERE "projectId" = ${projectId}`)
})

describe('suggestions', () => {
  it('computes rule suggestions on whole sentences in code points and lists them with their label path', async () => {
    const result = await computeSuggestions(actors.annotator, { documentId })
    expect(result.created).toBe(3)
    const { items } = await listSuggestions(actors.annotator, { documentId })
    const bySentence = Object.fromEntries(items.map((s) => [s.quote, s]))
    for (const [quote, labelId, path] of [
      ['全面推行行政执法公示制度。', labels.enforcement, '行政执法'],
      ['严格落实重大行政决策程序。', labels.decision, '重大行政决策'],
    ] as const) {
      const s = bySentence[quote]
      expect(s, quote).toBeDefined()
      expect(s).toMatchObject({ ...spanOf(quote), labelId, label_path: path, source: 'rule', status: 'open' })
      expect(Array.from(text).slice(s.start, s.end).join('')).toBe(quote)
    }
    // Suggestions are not tags.
    expect(await db.tag.count({ where: { documentId } })).toBe(0)
    // Computing again changes nothing.
    expect((await computeSuggestions(actors.annotator, { documentId })).created).toBe(0)
  })

  it('refuses a regular expression that could run away, with a sentence, and stores a good pattern that then suggests', async () => {
    const refused = await domainErrorOf(createPattern(actors.manager, { projectId, labelId: labels.business, kind: 'regex', pattern: '(营+)+环境' }))
    expect(refused.code).toBe('invalid')
    expect(refused.i18n).toMatchObject({ key: 'suggestion.patternRefused', values: { code: 'regex_catastrophic' } })
    expect((await domainErrorOf(createPattern(actors.annotator, { projectId, labelId: labels.business, kind: 'literal', pattern: '营商环境' }))).code).toBe('forbidden')
    await createPattern(actors.manager, { projectId, labelId: labels.business, kind: 'regex', pattern: '优化营商环境', mustAlsoContain: '改革' })
    await computeSuggestions(actors.annotator, { documentId })
    const { items } = await listSuggestions(actors.annotator, { documentId })
    expect(items.find((s) => s.labelId === labels.business)).toMatchObject({ quote: '二、优化营商环境，深化放管服改革。', source: 'rule' })
  })

  it('accepts a suggestion into the annotator’s pending tag with its provenance, and refuses a second decision with the current state', async () => {
    const { items } = await listSuggestions(actors.annotator, { documentId })
    const s = items.find((i) => i.labelId === labels.enforcement)!
    const { tag, tagId } = await acceptSuggestion(actors.annotator, { documentId, suggestionId: s.id })
    expect(tag).toMatchObject({ id: tagId, status: 'pending', source: 'suggestion', authorId: actors.annotator.id, start: s.start, end: s.end, quote: s.quote, labelId: labels.enforcement })
    const [event] = await query<{ action: string; after: { suggestion: { suggestionId: string; source: string; score: number; adjusted: boolean } } }>(sql`SELECT action, after FROM "TagEvent" WHERE "tagId" = ${tagId}`)
    expect(event.action).toBe('created')
    expect(event.after.suggestion).toMatchObject({ suggestionId: s.id, source: 'rule', score: s.score, adjusted: false })
    expect((await listSuggestions(actors.annotator, { documentId })).items.map((i) => i.id)).not.toContain(s.id)

    // Someone else, in blind mode: a 409 that says it was accepted, not by whom nor which tag.
    const second = await domainErrorOf(acceptSuggestion(actors.annotator2, { documentId, suggestionId: s.id }))
    expect(second.code).toBe('conflict')
    expect(second.details).toMatchObject({ status: 'accepted' })
    expect(second.details).not.toHaveProperty('tagId')
    // A reviewer sees who and which tag.
    const third = await domainErrorOf(rejectSuggestion(actors.reviewer, { documentId, suggestionId: s.id }))
    expect(third.details).toMatchObject({ status: 'accepted', tagId, decidedBy: actors.annotator.name })
  })

  it('lets two people accept the same suggestion at once: one tag, one 409', async () => {
    await storeCandidates({ id: documentId, projectId, text }, [{ ...spanOf('严格落实重大行政决策程序。'), labelId: labels.enforcement, source: 'model', score: 0.9, ref: '1' }], ['model'])
    const s = (await listSuggestions(actors.annotator, { documentId })).items.find((i) => i.labelId === labels.enforcement && i.source === 'model')!
    const outcomes = await Promise.allSettled([acceptSuggestion(actors.annotator, { documentId, suggestionId: s.id }), acceptSuggestion(actors.annotator2, { documentId, suggestionId: s.id })])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(['conflict'])
    expect(await db.tag.count({ where: { documentId, labelId: labels.enforcement, start: s.start } })).toBe(1)
  })

  it('accepts an adjusted span and label, checking the quote as every tag write does', async () => {
    const s = (await listSuggestions(actors.annotator, { documentId })).items.find((i) => i.labelId === labels.decision)!
    const narrower = spanOf('重大行政决策程序')
    const wrong = await domainErrorOf(acceptSuggestion(actors.annotator, { documentId, suggestionId: s.id, ...narrower, quote: '重大行政决策' }))
    expect(wrong.code).toBe('conflict')
    expect(wrong.i18n?.key).toBe('tag.quoteMismatch')
    const { tag } = await acceptSuggestion(actors.annotator, { documentId, suggestionId: s.id, ...narrower, labelId: labels.enforcement })
    expect(tag).toMatchObject({ ...narrower, labelId: labels.enforcement, source: 'suggestion' })
    const [event] = await query<{ after: { suggestion: { adjusted: boolean; suggested: { start: number; labelId: string } } } }>(sql`SELECT after FROM "TagEvent" WHERE "tagId" = ${tag.id}`)
    expect(event.after.suggestion).toMatchObject({ adjusted: true, suggested: { start: s.start, labelId: labels.decision } })
  })

  it('keeps a rejected suggestion as a negative example: computing again does not bring it back', async () => {
    const s = (await listSuggestions(actors.annotator, { documentId })).items.find((i) => i.labelId === labels.business)!
    const { suggestion } = await rejectSuggestion(actors.annotator, { documentId, suggestionId: s.id })
    expect(suggestion.status).toBe('rejected')
    await computeSuggestions(actors.annotator, { documentId })
    expect((await listSuggestions(actors.annotator, { documentId })).items.map((i) => i.id)).not.toContain(s.id)
    const [row] = await query<{ status: string }>(sql`SELECT status FROM "Suggestion" WHERE id = ${s.id}`)
    expect(row.status).toBe('rejected')
  })

  it('applies the threshold and the on/off switch per source when listing', async () => {
    const before = (await listSuggestions(actors.annotator, { documentId })).items
    expect(before.some((s) => s.source === 'rule')).toBe(true)
    await updateSuggestionSettings(actors.manager, { projectId, ruleThreshold: 0.99 })
    expect((await listSuggestions(actors.annotator, { documentId })).items.filter((s) => s.source === 'rule')).toEqual([])
    await updateSuggestionSettings(actors.manager, { projectId, ruleThreshold: 0.5, ruleEnabled: false })
    expect((await listSuggestions(actors.annotator, { documentId })).items.filter((s) => s.source === 'rule')).toEqual([])
    await updateSuggestionSettings(actors.manager, { projectId, ruleEnabled: true })
    expect((await domainErrorOf(updateSuggestionSettings(actors.annotator, { projectId, ruleEnabled: false }))).code).toBe('forbidden')
  })

  it('follows a merge to the surviving label and drops a suggestion whose label was archived', async () => {
    const quote = '二、优化营商环境，深化放管服改革。'
    const s = (await listSuggestions(actors.annotator, { documentId })).items.find((i) => i.labelId === labels.businessOld)!
    expect(s).toMatchObject({ quote, label_path: '放管服' })
    const old = await db.label.findUniqueOrThrow({ where: { id: labels.businessOld } })
    await mergeLabel(actors.manager, { labelId: labels.businessOld, intoLabelId: labels.decision, version: old.version })
    const merged = (await listSuggestions(actors.annotator, { documentId })).items.find((i) => i.id === s.id)
    expect(merged).toMatchObject({ labelId: labels.decision, label_path: '重大行政决策', quote })
    // Accepting it writes a tag of the surviving label.
    const { tag } = await acceptSuggestion(actors.annotator2, { documentId, suggestionId: s.id })
    expect(tag.labelId).toBe(labels.decision)

    await storeCandidates({ id: documentId, projectId, text }, [{ ...spanOf('全面推行行政执法公示制度。'), labelId: labels.business, source: 'model', score: 0.95, ref: '1' }], ['model'])
    expect((await listSuggestions(actors.annotator, { documentId })).items.some((i) => i.labelId === labels.business)).toBe(true)
    const business = await db.label.findUniqueOrThrow({ where: { id: labels.business } })
    await updateLabel(actors.manager, { labelId: labels.business, version: business.version, archived: true })
    expect((await listSuggestions(actors.annotator, { documentId })).items.some((i) => i.labelId === labels.business)).toBe(false)
  })

  it('accepts all shown suggestions above a score in a section, and only there', async () => {
    const other = '三、加强行政执法公示。\n四、严格重大行政决策。'
    const doc = await db.document.create({ data: { projectId, title: '报告二', text: other, textSha256: 't'.repeat(64), length: cp(other) } })
    await computeSuggestions(actors.annotator, { documentId: doc.id })
    const shown = (await listSuggestions(actors.annotator, { documentId: doc.id })).items
    expect(shown.length).toBe(2)
    const firstLine = cp('三、加强行政执法公示。')
    const result = await acceptAllInSection(actors.annotator, { documentId: doc.id, start: 0, end: firstLine, minScore: 0.5 })
    expect(result.accepted).toBe(1)
    expect((await db.tag.findMany({ where: { documentId: doc.id } })).map((t) => t.quote)).toEqual(['三、加强行政执法公示。'])
    expect((await listSuggestions(actors.annotator, { documentId: doc.id })).items).toHaveLength(1)
  })

  it('drops the suggestions of a deleted document with it', async () => {
    const gone = '五、推进政务公开。'
    const doc = await db.document.create({ data: { projectId, title: '报告三', text: gone, textSha256: 'u'.repeat(64), length: cp(gone) } })
    await storeCandidates({ id: doc.id, projectId, text: gone }, [{ start: 0, end: cp(gone), labelId: labels.decision, source: 'model', score: 0.9, ref: '1' }], ['model'])
    expect(await db.suggestion.count({ where: { documentId: doc.id } })).toBe(1)
    await db.document.delete({ where: { id: doc.id } })
    expect(await db.suggestion.count({ where: { documentId: doc.id } })).toBe(0)
  })

  it('hides a document’s suggestions from a non-member, as its tags', async () => {
    expect((await domainErrorOf(listSuggestions(actors.outsider, { documentId }))).code).toBe('not_found')
    expect((await domainErrorOf(computeSuggestions(actors.outsider, { documentId }))).code).toBe('not_found')
  })
})
