// A propagated suggestion shows where it comes from (issue 14): the approved tag's report, year, region and reviewer,
// and a character diff from that passage to this one; once the source tag is no longer approved, no source is shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import { computeSuggestions, listSuggestions } from '../../lib/services/suggestions'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

// The 2020 report repeats the 2019 passage with other figures and one word changed (提升 → 提高).
const passage2019 = '全市全面推行行政执法公示制度，2019年执法信息公开率达到95%，群众满意度明显提升。'
const passage2020 = '全市全面推行行政执法公示制度，2020年执法信息公开率达到97%，群众满意度明显提高。'
const text2019 = `𠮷一、总体情况\n${passage2019}\n二、其他工作\n加强法治宣传教育，开展普法活动。`
const text2020 = `一、主要做法\n深化府院联动，化解行政争议。\n${passage2020}`
const cp = (s: string) => Array.from(s).length
const spanOf = (text: string, quote: string) => {
  const start = cp(text.slice(0, text.indexOf(quote)))
  return { start, end: start + cp(quote) }
}

let projectId: string
let labelId: string
let sourceTagId: string
let target: string
let source: string
const actors = {} as Record<'annotator' | 'reviewer', Actor>

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-suggest-origin'), blindMode: false } })).id
  for (const key of ['annotator', 'reviewer'] as const) {
    const user = await createTestUser(`origin-${key}`)
    await addMember(projectId, user.id, key)
    actors[key] = await actorOf(user.id)
  }
  labelId = (await db.label.create({ data: { projectId, name: '行政执法公示', color: '#2563eb', keywords: [], order: 1 } })).id
  source = (await db.document.create({ data: { projectId, title: '忻州市2019年法治政府建设情况报告', text: text2019, textSha256: 'o'.repeat(64), length: cp(text2019), province: '山西省', city: '忻州市', reportYear: 2019 } })).id
  target = (await db.document.create({ data: { projectId, title: '忻州市2020年法治政府建设情况报告', text: text2020, textSha256: 'p'.repeat(64), length: cp(text2020), province: '山西省', city: '忻州市', reportYear: 2020 } })).id
  const { start, end } = spanOf(text2019, passage2019)
  sourceTagId = (await db.tag.create({ data: { projectId, documentId: source, labelId, start, end, quote: passage2019, authorId: actors.annotator.id, reviewerId: actors.reviewer.id, status: 'approved' } })).id
})

afterAll(async () => {
  await query(sql`DELETE FROM "Suggestion" WHERE "projectId" = ${projectId}`)
})

describe('a propagated suggestion', () => {
  it('names its source tag’s report, year, region and reviewer, with the difference between the two passages', async () => {
    await computeSuggestions(actors.annotator, { documentId: target })
    const { items } = await listSuggestions(actors.annotator, { documentId: target })
    const propagated = items.find((i) => i.source === 'propagation')
    expect(propagated).toMatchObject({ ...spanOf(text2020, passage2020), quote: passage2020, labelId, ref: sourceTagId })
    const reviewer = await db.user.findUniqueOrThrow({ where: { id: actors.reviewer.id } })
    expect(propagated!.origin).toMatchObject({ tagId: sourceTagId, documentId: source, title: '忻州市2019年法治政府建设情况报告', year: 2019, province: '山西省', city: '忻州市', approvedBy: reviewer.name, quote: passage2019 })
    const parts = propagated!.origin!.parts
    // Read one way the diff gives back the source, the other way this passage.
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(passage2019)
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(passage2020)
    expect(parts.filter((p) => p.op === 'removed').map((p) => p.text).join('')).toBe('195升')
    expect(parts.filter((p) => p.op === 'added').map((p) => p.text).join('')).toBe('207高')
  })

  it('shows no source once that tag is no longer approved', async () => {
    await db.tag.update({ where: { id: sourceTagId }, data: { status: 'pending', reviewerId: null } })
    const { items } = await listSuggestions(actors.annotator, { documentId: target })
    for (const item of items.filter((i) => i.source === 'propagation')) expect(item.origin).toBeUndefined()
    await db.tag.update({ where: { id: sourceTagId }, data: { status: 'approved', reviewerId: actors.reviewer.id } })
  })
})
