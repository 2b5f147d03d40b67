// Views 3 and 4 of the research tab (issue 15): a region over the years with text reuse, and the
// comparison of two groups, on a small corpus whose figures the test counts itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { endSqlPool } from '../../lib/db/sql'
import { compareQuery, regionQuery } from '../../lib/schemas/research'
import { researchCompare } from '../../lib/services/research-compare'
import { researchRegion, researchReuse } from '../../lib/services/research-region'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let manager: Actor
const userIds: string[] = []
const docs: Record<string, string> = {}
let labelA = ''
let labelB = ''

const r2019 = '全面推进依法行政。办理行政复议案件120件。深化府院联动机制建设。加强行政执法监督。'
// Copies 2019: one sentence reworded (持续 added), the figures changed, one sentence added.
const r2020 = '全面推进依法行政。办理行政复议案件135件。持续深化府院联动机制建设。加强行政执法监督。建立合法性审查中心。'
const corpus = [
  { key: 'x19', province: '山西省', city: '忻州市', level: '地级市', year: 2019, text: r2019 },
  { key: 'x20', province: '山西省', city: '忻州市', level: '地级市', year: 2020, text: r2020 },
  { key: 't20', province: '山西省', city: '太原市', level: '省会城市', year: 2020, text: '太原市优化营商环境。府院联动。' },
  { key: 'h19', province: '湖北省', city: '荆州市', level: '地级市', year: 2019, text: '荆州市府院联动。府院联动再推进。营商环境。' },
]
// [doc, label, quote]
const tags: [string, 'A' | 'B', string][] = [
  ['x19', 'A', '府院联动'],
  ['x20', 'A', '府院联动'],
  ['x20', 'B', '合法性审查'],
  ['t20', 'A', '府院联动'],
  ['t20', 'B', '营商环境'],
  ['h19', 'A', '府院联动'],
  ['h19', 'B', '营商环境'],
]

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-research-region') } })).id
  const user = await createTestUser('research-region')
  userIds.push(user.id)
  await addMember(projectId, user.id, 'manager')
  manager = await actorOf(user.id)
  labelA = (await db.label.create({ data: { projectId, name: '府院联动', color: '#2563eb', order: 0 } })).id
  labelB = (await db.label.create({ data: { projectId, name: '营商环境', color: '#16a34a', order: 1 } })).id
  for (const d of corpus) {
    docs[d.key] = (
      await db.document.create({
        data: { projectId, title: `${d.city}${d.year}`, text: d.text, textSha256: d.key.padEnd(64, '0'), length: Array.from(d.text).length, province: d.province, city: d.city, level: d.level, reportYear: d.year },
      })
    ).id
  }
  for (const [key, which, quote] of tags) {
    const text = corpus.find((d) => d.key === key)!.text
    const start = Array.from(text.slice(0, text.indexOf(quote))).length
    await db.tag.create({
      data: { projectId, documentId: docs[key], labelId: which === 'A' ? labelA : labelB, start, end: start + quote.length, quote, prefix: '', suffix: '', authorId: user.id, status: 'approved' },
    })
  }
})

afterAll(async () => {
  try {
    await db.tag.deleteMany({ where: { projectId } })
    await db.document.deleteMany({ where: { projectId } })
    await db.label.deleteMany({ where: { projectId } })
    await db.membership.deleteMany({ where: { projectId } })
    await db.project.deleteMany({ where: { id: projectId } })
    await db.user.deleteMany({ where: { id: { in: userIds } } })
  } finally {
    await endSqlPool()
    await db.$disconnect()
  }
})

/** Counted by the test from the fixture: tags and reports carrying the label, per province (and years). */
function expected(label: 'A' | 'B', keep: (d: (typeof corpus)[number]) => boolean) {
  const selected = corpus.filter(keep)
  const tagged = tags.filter(([key, l]) => l === label && selected.some((d) => d.key === key))
  const characters = selected.reduce((n, d) => n + Array.from(d.text).length, 0)
  return { tags: tagged.length, reportsWithLabel: new Set(tagged.map(([k]) => k)).size, reports: selected.length, characters }
}

describe('a region over the years', () => {
  it('gives per label and year the counts and shares of the region, and each report its reuse of the predecessor', async () => {
    const region = await researchRegion(manager, { projectId, ...regionQuery.parse({ province: '山西省' }) })
    for (const year of [2019, 2020]) {
      for (const [which, id] of [['A', labelA], ['B', labelB]] as const) {
        const want = expected(which, (d) => d.province === '山西省' && d.year === year)
        const row = region.rows.find((r) => r.labelId === id && r.year === year)
        if (want.tags === 0) expect(row).toBeUndefined()
        else expect(row).toMatchObject({ tags: want.tags, reportsWithLabel: want.reportsWithLabel, reports: want.reports, share: want.reportsWithLabel / want.reports })
      }
    }
    expect(region.reports.map((r) => r.documentId)).toEqual([docs.x19, docs.t20, docs.x20])
    const x20 = region.reports.find((r) => r.documentId === docs.x20)!
    expect(x20.predecessor?.documentId).toBe(docs.x19)
    // 5 sentences: 2 identical, the figures' sentence identical once digits are folded, 1 reworded, 1 new.
    expect(x20.reuse).toMatchObject({ sentences: 5, identical: 3, reworded: 1, added: 1, dropped: 0, identicalShare: 3 / 5, reuseShare: 4 / 5 })
    expect(region.reports.find((r) => r.documentId === docs.t20)!.reuse).toBeNull()
    const city = await researchRegion(manager, { projectId, ...regionQuery.parse({ province: '山西省', city: '忻州市', yearFrom: '2020' }) })
    // The predecessor is found before yearFrom.
    expect(city.reports.map((r) => [r.documentId, r.predecessor?.documentId])).toEqual([[docs.x20, docs.x19]])
  })

  it('shows the diff of a report against its predecessor, and refuses a document of another project', async () => {
    const reuse = await researchReuse(manager, { projectId, documentId: docs.x20 })
    expect(reuse.entries.map((e) => e.kind)).toEqual(['same', 'same', 'reworded', 'same', 'new'])
    const reworded = reuse.entries[2]
    expect(reworded.kind === 'reworded' && reworded.parts.filter((p) => p.op !== 'same')).toEqual([{ op: 'added', text: '持续' }])
    expect((await researchReuse(manager, { projectId, documentId: docs.x19 })).predecessor).toBeNull()
    expect((await domainErrorOf(researchReuse(manager, { projectId, documentId: 'no-such-document' }))).code).toBe('not_found')
  })
})

describe('comparing two groups', () => {
  it('gives each group its figures per label and the difference, the largest first', async () => {
    const result = await researchCompare(manager, { projectId, ...compareQuery.parse({ 'a.province': '山西省', 'b.province': '湖北省', measure: 'count' }) })
    for (const [which, id] of [['A', labelA], ['B', labelB]] as const) {
      const a = expected(which, (d) => d.province === '山西省')
      const b = expected(which, (d) => d.province === '湖北省')
      const row = result.rows.find((r) => r.labelId === id)!
      expect(row.a).toMatchObject({ tags: a.tags, reportsWithLabel: a.reportsWithLabel, share: a.reportsWithLabel / a.reports })
      expect(row.b).toMatchObject({ tags: b.tags, reportsWithLabel: b.reportsWithLabel, share: b.reportsWithLabel / b.reports })
      expect(row.a.perTenThousand).toBeCloseTo((a.tags * 10_000) / a.characters)
      expect(row.difference.count).toBe(a.tags - b.tags)
    }
    const diffs = result.rows.map((r) => Math.abs(r.difference.count))
    expect(diffs).toEqual([...diffs].sort((x, y) => y - x))
    const years = await researchCompare(manager, { projectId, ...compareQuery.parse({ 'a.yearTo': '2019', 'b.yearFrom': '2020' }) })
    expect(years.totals.a.reports).toBe(corpus.filter((d) => d.year <= 2019).length)
    expect(years.totals.b.reports).toBe(corpus.filter((d) => d.year >= 2020).length)
    expect(compareQuery.safeParse({ 'a.yearFrom': '2021', 'a.yearTo': '2019' }).success).toBe(false)
  })
})
