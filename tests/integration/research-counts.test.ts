// The materialised research counts (docs/decisions/0031): after every kind of tag and document write,
// the "ResearchCount" table equals the live tags counted directly from "Tag", and the distribution it
// serves equals the same figures worked out here from the tag and document rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { endSqlPool, query, sql } from '../../lib/db/sql'
import { distributionQuery } from '../../lib/schemas/research'
import { researchDistribution } from '../../lib/services/research'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let userId: string
let manager: Actor
const labels: string[] = []
const docs: string[] = []
const TEXT = '推进府院联动机制，优化营商环境。'.repeat(4)

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-research-counts') } })).id
  userId = (await createTestUser('research-counts')).id
  await addMember(projectId, userId, 'manager')
  manager = await actorOf(userId)
  const top = await db.label.create({ data: { projectId, name: '府院联动', color: '#2563eb', order: 0 } })
  const child = await db.label.create({ data: { projectId, name: '联席会议', color: '#0891b2', parentId: top.id } })
  const other = await db.label.create({ data: { projectId, name: '营商环境', color: '#16a34a', order: 1 } })
  labels.push(top.id, child.id, other.id)
  for (const [i, province] of ['山西省', '山西省', '湖北省'].entries()) {
    const d = await db.document.create({
      data: { projectId, title: `报告${i}`, text: TEXT, textSha256: `rc${i}`.padEnd(64, '0'), length: Array.from(TEXT).length, province, city: `城市${i}`, level: '地级市', reportYear: 2019 + i },
    })
    docs.push(d.id)
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
    await db.user.deleteMany({ where: { id: userId } })
  } finally {
    await endSqlPool()
    await db.$disconnect()
  }
})

let n = 0
const tag = (doc: number, label: number, status: 'pending' | 'approved' | 'rejected' = 'pending') => {
  const start = n++ % 40
  return { projectId, documentId: docs[doc], labelId: labels[label], start, end: start + 2, quote: Array.from(TEXT).slice(start, start + 2).join(''), authorId: userId, status }
}

/** Both sides as sorted "document label status count" lines: the counter table, and the tags counted here. */
async function bothSides() {
  const counted = await query<{ key: string }>(sql`
    SELECT c."documentId" || ' ' || c."labelId" || ' ' || c.status || ' ' || c.tags AS key FROM "ResearchCount" c
    JOIN "Document" d ON d.id = c."documentId" WHERE d."projectId" = ${projectId} ORDER BY 1`)
  const tags = await db.tag.findMany({ where: { projectId, deletedAt: null }, select: { documentId: true, labelId: true, status: true } })
  const tally = new Map<string, number>()
  for (const t of tags) tally.set(`${t.documentId} ${t.labelId} ${t.status}`, (tally.get(`${t.documentId} ${t.labelId} ${t.status}`) ?? 0) + 1)
  const expected = [...tally].map(([k, v]) => `${k} ${v}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return { counted: counted.map((r) => r.key), expected }
}

async function expectCountsExact() {
  const { counted, expected } = await bothSides()
  expect(counted).toEqual(expected)
}

/** The distribution by label × province × year against the rows counted here (approved and pending). */
async function expectDistributionExact() {
  const result = await researchDistribution(manager, { projectId, ...distributionQuery.parse({ groupBy: 'label,province,year', status: 'approved,pending' }) })
  const documents = await db.document.findMany({ where: { projectId, archivedAt: null } })
  const tags = await db.tag.findMany({ where: { projectId, deletedAt: null, status: { in: ['approved', 'pending'] }, documentId: { in: documents.map((d) => d.id) } } })
  const expected = new Map<string, { tags: number; reports: Set<string> }>()
  for (const t of tags) {
    const d = documents.find((x) => x.id === t.documentId)!
    const key = `${t.labelId} ${d.province} ${d.reportYear}`
    const e = expected.get(key) ?? { tags: 0, reports: new Set<string>() }
    e.tags++
    e.reports.add(d.id)
    expected.set(key, e)
  }
  const got = Object.fromEntries(result.rows.map((r) => [`${r.labelId} ${r.province} ${r.year}`, [r.tags, r.reportsWithLabel]]))
  expect(got).toEqual(Object.fromEntries([...expected].map(([k, e]) => [k, [e.tags, e.reports.size]])))
  expect(result.totals.tags).toBe(tags.length)
}

describe('research counts (ResearchCount) follow every tag and document write', () => {
  it('stay equal to the live tags after creates, reviews, relabels, deletes and document edits', async () => {
    // Creates: one by one and in bulk (an import writes many rows in one statement).
    for (const [doc, label] of [[0, 0], [0, 0], [0, 1], [1, 2], [2, 0]] as const) await db.tag.create({ data: tag(doc, label) })
    await db.tag.createMany({ data: [tag(0, 2, 'approved'), tag(1, 0, 'approved'), tag(1, 0, 'approved'), tag(2, 1, 'rejected')] })
    await expectCountsExact()
    await expectDistributionExact()

    // Review: approve, reject, reopen.
    const all = await db.tag.findMany({ where: { projectId }, orderBy: { start: 'asc' } })
    await db.tag.update({ where: { id: all[0].id }, data: { status: 'approved' } })
    await db.tag.update({ where: { id: all[1].id }, data: { status: 'rejected' } })
    await db.tag.update({ where: { id: all[1].id }, data: { status: 'pending' } })
    await db.tag.updateMany({ where: { projectId, status: 'pending', documentId: docs[0] }, data: { status: 'approved' } })
    // A write that changes none of the counted columns (a version bump) changes nothing.
    await db.tag.updateMany({ where: { projectId }, data: { version: { increment: 1 } } })
    await expectCountsExact()
    await expectDistributionExact()

    // A merge: every tag of one label moves to another in one statement.
    await db.tag.updateMany({ where: { projectId, labelId: labels[1] }, data: { labelId: labels[2] } })
    await expectCountsExact()
    await expectDistributionExact()

    // Deletes: soft (deletedAt), restored, and hard.
    await db.tag.update({ where: { id: all[2].id }, data: { deletedAt: new Date() } })
    await db.tag.update({ where: { id: all[3].id }, data: { deletedAt: new Date() } })
    await db.tag.update({ where: { id: all[3].id }, data: { deletedAt: null } })
    await db.tag.delete({ where: { id: all[4].id } })
    await expectCountsExact()
    await expectDistributionExact()

    // Document edits: a new region and year, then archiving — the distribution reads them from the document.
    await db.document.update({ where: { id: docs[1] }, data: { province: '湖北省', reportYear: 2024 } })
    await expectDistributionExact()
    await db.document.update({ where: { id: docs[2] }, data: { archivedAt: new Date() } })
    await expectCountsExact()
    await expectDistributionExact()

    // Deleting a document takes its tags and its count rows with it.
    await db.document.delete({ where: { id: docs[2] } })
    await expectCountsExact()
    await expectDistributionExact()
    const left = await query<{ n: number }>(sql`SELECT count(*)::int AS n FROM "ResearchCount" WHERE "documentId" = ${docs[2]}`)
    expect(left[0].n).toBe(0)
  })

  it('keep no row of zero: a document whose last tag of a label goes carries the label no more', async () => {
    const created = await db.tag.create({ data: tag(0, 2, 'rejected') })
    const before = await query<{ n: number }>(sql`SELECT count(*)::int AS n FROM "ResearchCount" WHERE tags <= 0`)
    await db.tag.delete({ where: { id: created.id } })
    await expectCountsExact()
    const after = await query<{ n: number }>(sql`SELECT count(*)::int AS n FROM "ResearchCount" WHERE tags <= 0`)
    expect(before[0].n).toBe(0)
    expect(after[0].n).toBe(0)
  })
})
