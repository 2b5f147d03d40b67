// One sibling order for the taxonomy (lib/taxonomy/tree.ts): the API's label tree, the export's
// taxonomy and SQL's SIBLING_ORDER_SQL put Chinese sibling names in the same order, by code point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { anyConnection, endSqlPool, query, sql } from '../../lib/db/sql'
import { loadTaxonomy } from '../../lib/export/taxonomy'
import { getLabelTree } from '../../lib/services/projects'
import { compareCodePoints, SIBLING_ORDER_SQL } from '../../lib/taxonomy/tree'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

// Same order value, so the names decide: pinyin would give 法 依 执 三 重 …, code points give another order.
const names = ['重大行政决策', '三项制度', '法治政府', '依法行政', '执法监督', 'Alpha', '𠮷野家', '行政复议']
let projectId: string
let userId: string
let manager: Actor

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-taxonomy-order') } })).id
  const user = await createTestUser('taxonomy-order')
  userId = user.id
  await addMember(projectId, user.id, 'manager')
  manager = await actorOf(user.id)
  const top = await db.label.create({ data: { projectId, name: '顶层', color: '#2563eb', order: 0 } })
  for (const name of names) await db.label.create({ data: { projectId, name, color: '#2563eb', order: 0, parentId: top.id } })
  await db.label.create({ data: { projectId, name: '排在最后', color: '#2563eb', order: 1, parentId: top.id } })
})

afterAll(async () => {
  try {
    await db.label.deleteMany({ where: { projectId, parentId: { not: null } } })
    await db.label.deleteMany({ where: { projectId } })
    await db.membership.deleteMany({ where: { projectId } })
    await db.project.delete({ where: { id: projectId } })
    await db.user.delete({ where: { id: userId } })
  } finally {
    await endSqlPool()
    await db.$disconnect()
  }
})

describe('the sibling order', () => {
  const expected = () => [...[...names].sort(compareCodePoints), '排在最后']

  it('is order, then name by code point, in the API\'s label tree', async () => {
    const tree = await getLabelTree(manager, { projectId })
    expect(tree.labels[0].children.map((l) => l.name)).toEqual(expected())
    expect(expected().slice(0, 3)).toEqual(['Alpha', '三项制度', '依法行政'])
  })

  it('is the same in the export\'s taxonomy', async () => {
    const taxonomy = await loadTaxonomy(anyConnection, projectId)
    expect(taxonomy.labels.filter((l) => l.parentId).map((l) => l.name)).toEqual(expected())
  })

  it('is the same in SQL ordered by SIBLING_ORDER_SQL, whatever the database collation', async () => {
    const rows = await query<{ name: string }>(sql`SELECT name FROM "Label" WHERE "projectId" = ${projectId} AND "parentId" IS NOT NULL ORDER BY ${sql.raw(SIBLING_ORDER_SQL)}`)
    expect(rows.map((r) => r.name)).toEqual(expected())
  })
})
