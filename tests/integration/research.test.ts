// The research views (issue 15) on a small corpus whose every figure is worked out by hand below:
// the three measures of the distribution, its filters and groupings, blind mode, and the concordance's
// context (in code points, astral characters included), sorts, search and page boundaries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { endSqlPool } from '../../lib/db/sql'
import { concordanceCsv } from '../../lib/research/download'
import { concordanceDownloadQuery, concordanceQuery, distributionQuery } from '../../lib/schemas/research'
import { concordanceLines, researchConcordance, researchDistribution, researchFacets } from '../../lib/services/research'
import { compareCodePoints } from '../../lib/taxonomy/tree'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const userIds: string[] = []
let projectId: string
let manager: Actor
let annotator: Actor
let otherAnnotator: Actor
const label: Record<'府院联动' | '联席会议' | '营商环境', string> = { 府院联动: '', 联席会议: '', 营商环境: '' }
const documents: Record<string, string> = {}

/** A text of exactly `length` code points: the pieces, then 。 up to the length. */
const textOf = (pieces: string, length: number) => pieces + '。'.repeat(length - Array.from(pieces).length)

type LabelName = keyof typeof label
interface TagSpec {
  doc: string
  label: LabelName
  quote: string
  /** Which occurrence of the quote in the text (0: the first). */
  nth?: number
  status: 'approved' | 'pending' | 'rejected'
  author?: 'annotator' | 'other'
  deleted?: boolean
}

// Document: region, year, text (its length in code points is the second argument).
// 山西省 2019: d1 (100 characters) and d2 (50); 山西省 2020: d3 (80); 湖北省 2019: d4 (200); d5 湖北省 2019 is
// archived; d6 has neither region nor year (60).
const corpus = [
  { key: 'd1', province: '山西省', city: '忻州市', level: '地级市', year: 2019, text: textOf('𠮷𡈼府院联动机制，召开联席会议。再推府院联动，𠮷府院联动😀。营商环境', 100) },
  { key: 'd2', province: '山西省', city: '太原市', level: '省会城市', year: 2019, text: textOf('优化营商环境', 50) },
  { key: 'd3', province: '山西省', city: '忻州市', level: '地级市', year: 2020, text: textOf('深化府院联动与府院联动', 80) },
  { key: 'd4', province: '湖北省', city: '荆州市', level: '地级市', year: 2019, text: textOf('建立联席会议制度', 200) },
  { key: 'd5', province: '湖北省', city: '荆州市', level: '地级市', year: 2019, text: textOf('府院联动（已归档）', 40), archived: true },
  { key: 'd6', province: null, city: null, level: null, year: null, text: textOf('无地区的报告', 60) },
]

const tags: TagSpec[] = [
  { doc: 'd1', label: '府院联动', quote: '府院联动', nth: 0, status: 'approved' },
  { doc: 'd1', label: '府院联动', quote: '府院联动', nth: 1, status: 'approved', author: 'other' },
  { doc: 'd1', label: '联席会议', quote: '联席会议', status: 'approved' },
  { doc: 'd1', label: '府院联动', quote: '府院联动', nth: 2, status: 'approved', deleted: true },
  { doc: 'd1', label: '营商环境', quote: '营商环境', status: 'pending', author: 'other' },
  { doc: 'd2', label: '营商环境', quote: '营商环境', status: 'approved' },
  { doc: 'd3', label: '府院联动', quote: '府院联动', nth: 0, status: 'approved' },
  { doc: 'd3', label: '府院联动', quote: '府院联动', nth: 1, status: 'rejected' },
  { doc: 'd4', label: '联席会议', quote: '联席会议', status: 'approved' },
  { doc: 'd5', label: '府院联动', quote: '府院联动', status: 'approved' },
]

/** The code-point offset of the nth occurrence of `quote` in `text`. */
function offsetOf(text: string, quote: string, nth: number): number {
  let from = 0
  for (let i = 0; ; i++) {
    const at = text.indexOf(quote, from)
    if (at < 0) throw new Error(`"${quote}" occurs fewer than ${nth + 1} times`)
    if (i === nth) return Array.from(text.slice(0, at)).length
    from = at + quote.length
  }
}

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-research') } })).id
  const users = await Promise.all([createTestUser('research-manager'), createTestUser('research-ann'), createTestUser('research-other')])
  userIds.push(...users.map((u) => u.id))
  await addMember(projectId, users[0].id, 'manager')
  await addMember(projectId, users[1].id, 'annotator')
  await addMember(projectId, users[2].id, 'annotator')
  ;[manager, annotator, otherAnnotator] = await Promise.all(users.map((u) => actorOf(u.id)))
  const top = await db.label.create({ data: { projectId, name: '府院联动', color: '#2563eb', order: 0 } })
  label.府院联动 = top.id
  label.联席会议 = (await db.label.create({ data: { projectId, name: '联席会议', color: '#0891b2', parentId: top.id } })).id
  label.营商环境 = (await db.label.create({ data: { projectId, name: '营商环境', color: '#16a34a', order: 1 } })).id
  for (const d of corpus) {
    const created = await db.document.create({
      data: {
        projectId,
        title: `${d.province ?? '某地'}${d.year ?? ''}报告 ${d.key}`,
        text: d.text,
        textSha256: d.key.padEnd(64, '0'),
        length: Array.from(d.text).length,
        province: d.province,
        city: d.city,
        level: d.level,
        reportYear: d.year,
        archivedAt: d.archived ? new Date() : null,
      },
    })
    documents[d.key] = created.id
  }
  for (const t of tags) {
    const text = corpus.find((d) => d.key === t.doc)!.text
    const chars = Array.from(text)
    const start = offsetOf(text, t.quote, t.nth ?? 0)
    const end = start + Array.from(t.quote).length
    await db.tag.create({
      data: {
        projectId,
        documentId: documents[t.doc],
        labelId: label[t.label],
        start,
        end,
        quote: chars.slice(start, end).join(''),
        prefix: chars.slice(Math.max(0, start - 32), start).join(''),
        suffix: chars.slice(end, end + 32).join(''),
        authorId: t.author === 'other' ? otherAnnotator.id : annotator.id,
        status: t.status,
        deletedAt: t.deleted ? new Date() : null,
      },
    })
  }
})

afterAll(async () => {
  try {
    await db.tag.deleteMany({ where: { projectId } })
    await db.document.deleteMany({ where: { projectId } })
    await db.label.deleteMany({ where: { projectId, parentId: { not: null } } })
    await db.label.deleteMany({ where: { projectId } })
    await db.membership.deleteMany({ where: { projectId } })
    await db.project.deleteMany({ where: { id: projectId } })
    await db.user.deleteMany({ where: { id: { in: userIds } } })
  } finally {
    await endSqlPool()
    await db.$disconnect()
  }
})

const distribution = (actor: Actor, query: Record<string, string>) => researchDistribution(actor, { projectId, ...distributionQuery.parse(query) })
const concordance = (actor: Actor, query: Record<string, string>) => researchConcordance(actor, { projectId, ...concordanceQuery.parse(query) })
const cell = (rows: { province: string | null; year: number | null }[], province: string | null, year: number | null) => rows.find((r) => r.province === province && r.year === year)

describe('the distribution', () => {
  it('counts a label family per province and year with the three measures, reports without tags included', async () => {
    const { rows, totals } = await distribution(manager, { labelId: label.府院联动, groupBy: 'province,year' })
    // 山西省 2019: d1 has 府院联动 ×2 (the third is deleted) and its sub-label 联席会议 ×1, d2 none: 3 tags,
    // 1 of 2 reports, 150 characters → 3 × 10,000 / 150 = 200 per 10k.
    expect(cell(rows, '山西省', 2019)).toMatchObject({ tags: 3, reportsWithLabel: 1, reports: 2, characters: 150, perTenThousand: 200, share: 0.5 })
    // 山西省 2020: d3's approved tag only (the rejected one is out): 1 tag in 80 characters → 125.
    expect(cell(rows, '山西省', 2020)).toMatchObject({ tags: 1, reportsWithLabel: 1, reports: 1, characters: 80, perTenThousand: 125, share: 1 })
    // 湖北省 2019: d4's 联席会议 (d5 is archived, with its tag): 1 in 200 → 50.
    expect(cell(rows, '湖北省', 2019)).toMatchObject({ tags: 1, reportsWithLabel: 1, reports: 1, characters: 200, perTenThousand: 50, share: 1 })
    // d6 has no region or year: its group is answered, with no tags.
    expect(cell(rows, null, null)).toMatchObject({ tags: 0, reportsWithLabel: 0, reports: 1, characters: 60, perTenThousand: 0, share: 0 })
    expect(rows).toHaveLength(4)
    expect(totals).toEqual({ tags: 5, reports: 5, characters: 490 })
  })

  it('groups by top-level label, and by each label, over every selected report', async () => {
    const top = await distribution(manager, { groupBy: 'label', labelLevel: 'top' })
    const byId = new Map(top.rows.map((r) => [r.labelId, r]))
    // 府院联动 with 联席会议: d1 ×3, d3 ×1, d4 ×1 → 5 tags in 3 of the 5 reports; 营商环境: d2's approved one.
    expect(byId.get(label.府院联动)).toMatchObject({ tags: 5, reportsWithLabel: 3, reports: 5, characters: 490, share: 3 / 5 })
    expect(byId.get(label.营商环境)).toMatchObject({ tags: 1, reportsWithLabel: 1, reports: 5 })
    expect(byId.has(label.联席会议)).toBe(false)
    const each = await distribution(manager, { groupBy: 'label' })
    expect(new Map(each.rows.map((r) => [r.labelId, r.tags]))).toEqual(new Map([[label.府院联动, 3], [label.联席会议, 2], [label.营商环境, 1]]))
    expect(each.labels.find((l) => l.id === label.联席会议)?.path).toBe('府院联动/联席会议')
  })

  it('filters by status, province, city, level and years', async () => {
    const statuses = await distribution(manager, { groupBy: 'label', status: 'approved,pending', labelId: label.营商环境 })
    expect(statuses.rows).toMatchObject([{ labelId: label.营商环境, tags: 2, reportsWithLabel: 2 }])
    const region = await distribution(manager, { groupBy: 'city', province: '山西省', yearFrom: '2019', yearTo: '2019' })
    // Every tag of the filter, any label: 忻州市 2019 is d1 (3 approved tags left), 太原市 is d2 (1).
    expect(region.rows.map((r) => [r.province, r.city, r.tags, r.reports, r.characters]).sort()).toEqual([
      ['山西省', '太原市', 1, 1, 50],
      ['山西省', '忻州市', 3, 1, 100],
    ])
    const level = await distribution(manager, { groupBy: 'year', level: '地级市' })
    expect(level.rows.map((r) => [r.year, r.tags, r.reports]).sort()).toEqual([
      [2019, 4, 2],
      [2020, 1, 1],
    ])
    expect(distributionQuery.safeParse({ yearFrom: '2021', yearTo: '2019' }).success).toBe(false)
    expect(distributionQuery.safeParse({ groupBy: 'county' }).success).toBe(false)
    expect(distributionQuery.safeParse({ status: 'maybe' }).success).toBe(false)
  })

  it("shows an annotator in blind mode approved tags and their own, never another's open tags", async () => {
    await db.project.update({ where: { id: projectId }, data: { blindMode: true } })
    try {
      const query = { groupBy: 'label', status: 'pending', labelId: label.营商环境 }
      expect((await distribution(otherAnnotator, query)).rows).toMatchObject([{ tags: 1 }])
      expect((await distribution(annotator, query)).rows).toEqual([])
      expect((await distribution(manager, query)).rows).toMatchObject([{ tags: 1 }])
      expect((await concordance(annotator, { status: 'pending' })).total).toBe(0)
      // The label order counts the lines from the tags here (the counts cannot tell whose tags are open).
      const other = await concordance(otherAnnotator, { status: 'pending', sort: 'label' })
      expect(other.total).toBe(1)
      expect(other.items.map((l) => l.labelPath)).toEqual(['营商环境'])
      expect((await concordance(annotator, { status: 'pending', sort: 'label' })).items).toEqual([])
    } finally {
      await db.project.update({ where: { id: projectId }, data: { blindMode: false } })
    }
  })

  it("offers the filter bar the project's provinces, cities, levels and years, archived reports left out", async () => {
    const facets = await researchFacets(annotator, { projectId })
    expect(facets.provinces).toEqual([
      { value: '山西省', count: 3 },
      { value: '湖北省', count: 1 },
    ])
    expect(facets.cities).toContainEqual({ province: '山西省', value: '忻州市', count: 2 })
    expect(facets.levels).toEqual([
      { value: '地级市', count: 3 },
      { value: '省会城市', count: 1 },
    ])
    expect(facets.years).toEqual([
      { value: 2019, count: 3 },
      { value: 2020, count: 1 },
    ])
  })

  it('answers "not found" to a non-member', async () => {
    const stranger = await createTestUser('research-stranger')
    userIds.push(stranger.id)
    expect((await domainErrorOf(distribution(await actorOf(stranger.id), {}))).status).toBe(404)
  })
})

describe('the concordance', () => {
  it('cuts the context in code points around the passage, astral characters included', async () => {
    const { items } = await concordance(manager, { labelId: label.府院联动, province: '山西省', yearTo: '2019', width: '2', sort: 'document' })
    // d1: "𠮷𡈼府院联动机制…": the first passage has exactly the two astral characters on its left.
    expect(items.map((l) => [l.left, l.quote, l.right])).toEqual([
      ['𠮷𡈼', '府院联动', '机制'],
      ['召开', '联席会议', '。再'],
      ['再推', '府院联动', '，𠮷'],
    ])
    expect(items[0]).toMatchObject({ documentId: documents.d1, province: '山西省', city: '忻州市', year: 2019, labelPath: '府院联动', start: 2, end: 6 })
    const wide = await concordance(manager, { labelId: label.府院联动, province: '山西省', yearTo: '2019', width: '500' })
    expect(wide.items[0].left).toBe('𠮷𡈼')
    expect(Array.from(wide.items[0].right)).toHaveLength(100 - 6)
  })

  it('sorts by the right context, the left context read backwards, region, year and label', async () => {
    const right = await concordance(manager, { sort: 'right', width: '1' })
    const suffixes = right.items.map((l) => l.right)
    expect(suffixes).toEqual([...suffixes].sort(compareCodePoints))
    const left = await concordance(manager, { sort: 'left', width: '3' })
    const backwards = left.items.map((l) => Array.from(l.left).reverse().join(''))
    expect(backwards).toEqual([...backwards].sort(compareCodePoints))
    const year = await concordance(manager, { sort: 'year' })
    expect(year.items.map((l) => l.year)).toEqual([2019, 2019, 2019, 2019, 2019, 2020])
    const region = await concordance(manager, { sort: 'region' })
    expect(region.items.map((l) => l.province)).toEqual(['山西省', '山西省', '山西省', '山西省', '山西省', '湖北省'])
    const byLabel = await concordance(manager, { sort: 'label' })
    expect(byLabel.items.map((l) => l.labelPath)).toEqual(['府院联动', '府院联动', '府院联动', '府院联动/联席会议', '府院联动/联席会议', '营商环境'])
  })

  it('pages without overlap or gap in every sort', async () => {
    for (const sort of ['document', 'left', 'right', 'region', 'year', 'label']) {
      const all = await concordance(manager, { sort, pageSize: '100' })
      expect(all.total).toBe(6)
      const pages = await Promise.all([1, 2, 3, 4].map((page) => concordance(manager, { sort, pageSize: '4', page: String(page) })))
      expect(pages.map((p) => p.items.length)).toEqual([4, 2, 0, 0])
      expect(pages.flatMap((p) => p.items.map((l) => l.tagId))).toEqual(all.items.map((l) => l.tagId))
    }
  })

  it('a page in label order, read label by label, holds the lines in the order of the download', async () => {
    const streamed = []
    for await (const batch of concordanceLines(manager, { projectId, ...concordanceDownloadQuery.parse({ sort: 'label' }) })) streamed.push(...batch)
    const page = await concordance(manager, { sort: 'label', pageSize: '100' })
    expect(page.items.map((l) => l.tagId)).toEqual(streamed.map((l) => l.tagId))
    // Within a label, the year order.
    expect(page.items.filter((l) => l.labelPath === '府院联动').map((l) => l.year)).toEqual([...page.items.filter((l) => l.labelPath === '府院联动').map((l) => l.year)].sort())
  })

  it('searches inside the passages', async () => {
    const found = await concordance(manager, { q: '联席', status: 'approved' })
    expect(found.total).toBe(2)
    expect(found.items.every((l) => l.quote.includes('联席'))).toBe(true)
    expect((await concordance(manager, { q: '机制' })).total).toBe(0)
  })

  it('streams every line of the filter, as CSV with its header', async () => {
    const lines = []
    for await (const batch of concordanceLines(manager, { projectId, ...concordanceDownloadQuery.parse({ sort: 'year' }) })) lines.push(...batch)
    expect(lines).toHaveLength(6)
    const csv = concordanceCsv(lines, true)
    expect(csv.startsWith('\ufeff' + 'label,province,city,year,title,left,quote,right,status,document_id,tag_id,start,end\n')).toBe(true)
    expect(csv.trim().split('\n')).toHaveLength(7)
    const error = await domainErrorOf((async () => {
      for await (const batch of concordanceLines(manager, { projectId, ...concordanceDownloadQuery.parse({}) }, 5)) void batch
    })())
    expect(error.i18n?.key).toBe('research.xlsxTooLarge')
  })
})
