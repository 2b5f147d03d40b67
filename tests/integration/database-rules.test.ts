// Rules the database itself enforces (prisma/migrations/*_init, the hand-written part), checked with
// plain SQL so that no application code stands in between.
//
// Every test runs inside one transaction that is rolled back at the end: TagEvent rows cannot be
// deleted once committed (that is the rule under test), so this leaves no rows behind. Each refused
// statement runs under a savepoint, so the transaction goes on after the error.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { connectionFields } from '../../lib/db/connection'
import { requireDatabaseUrl, uniqueName } from './support'

const client = new pg.Client(connectionFields(requireDatabaseUrl()))

/** Runs a statement that must fail; returns the Postgres error and leaves the transaction usable. */
async function refused(sql: string, params: unknown[] = []): Promise<pg.DatabaseError> {
  await client.query('SAVEPOINT refused')
  try {
    await client.query(sql, params)
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT refused')
    if (error instanceof pg.DatabaseError) return error
    throw error
  }
  await client.query('RELEASE SAVEPOINT refused')
  throw new Error(`Expected the database to refuse: ${sql}`)
}

const id = () => randomUUID()

interface Fixture {
  userId: string
  projectId: string
  documentId: string
  labelId: string
  tagId: string
}

async function fixture(): Promise<Fixture> {
  const f: Fixture = { userId: id(), projectId: id(), documentId: id(), labelId: id(), tagId: id() }
  const name = uniqueName('unit-database-rules')
  await client.query('INSERT INTO "User" (id, email, name, "passwordHash") VALUES ($1, $2, $3, $4)', [f.userId, `${name}@unit.test`, name, 'x'])
  await client.query('INSERT INTO "Project" (id, name) VALUES ($1, $2)', [f.projectId, name])
  await client.query('INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length) VALUES ($1, $2, $3, $4, $5, $6)', [
    f.documentId,
    f.projectId,
    '规则测试',
    '一、总体情况。一是建章立制。',
    name,
    14,
  ])
  await client.query('INSERT INTO "Label" (id, "projectId", name, color) VALUES ($1, $2, $3, $4)', [f.labelId, f.projectId, '重大行政决策', '#2563eb'])
  await insertTag(f, 0, 2, '一、', f.tagId)
  return f
}

function insertTag(f: Fixture, start: number, end: number, quote = 'x', tagId: string = id()) {
  return client.query(
    'INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, "authorId", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())',
    [tagId, f.projectId, f.documentId, f.labelId, start, end, quote, f.userId],
  )
}

async function insertEvent(f: Fixture, action = 'created') {
  const eventId = id()
  await client.query('INSERT INTO "TagEvent" (id, "tagId", "actorId", action, after) VALUES ($1, $2, $3, $4, $5)', [
    eventId,
    f.tagId,
    f.userId,
    action,
    JSON.stringify({ start: 0, end: 2, status: 'pending' }),
  ])
  return eventId
}

beforeAll(async () => {
  await client.connect()
})
afterAll(async () => {
  await client.end()
})
beforeEach(async () => {
  await client.query('BEGIN')
})
afterEach(async () => {
  await client.query('ROLLBACK')
})

describe('TagEvent is append-only', () => {
  it('accepts new events', async () => {
    const f = await fixture()
    const first = await insertEvent(f, 'created')
    const second = await insertEvent(f, 'approved')
    const { rows } = await client.query('SELECT id, action FROM "TagEvent" WHERE "tagId" = $1 ORDER BY action', [f.tagId])
    expect(rows).toEqual([
      { id: first, action: 'created' },
      { id: second, action: 'approved' },
    ])
  })

  it('refuses UPDATE and keeps the row as it was', async () => {
    const f = await fixture()
    const eventId = await insertEvent(f)
    const error = await refused('UPDATE "TagEvent" SET reason = $1 WHERE id = $2', ['rewritten history', eventId])
    expect(error.message).toMatch(/append-only: UPDATE is not allowed/)
    expect(error.code).toBe('23001') // restrict_violation
    const { rows } = await client.query('SELECT reason, action FROM "TagEvent" WHERE id = $1', [eventId])
    expect(rows).toEqual([{ reason: null, action: 'created' }])
  })

  it('refuses DELETE, also of all rows at once', async () => {
    const f = await fixture()
    const eventId = await insertEvent(f)
    expect((await refused('DELETE FROM "TagEvent" WHERE id = $1', [eventId])).message).toMatch(/append-only: DELETE is not allowed/)
    expect((await refused('DELETE FROM "TagEvent"')).message).toMatch(/append-only/)
    const { rowCount } = await client.query('SELECT 1 FROM "TagEvent" WHERE id = $1', [eventId])
    expect(rowCount).toBe(1)
  })

  it('refuses TRUNCATE', async () => {
    const f = await fixture()
    const eventId = await insertEvent(f)
    expect((await refused('TRUNCATE "TagEvent"')).message).toMatch(/append-only: TRUNCATE is not allowed/)
    expect((await refused('TRUNCATE "TagEvent" CASCADE')).message).toMatch(/append-only/)
    const { rowCount } = await client.query('SELECT 1 FROM "TagEvent" WHERE id = $1', [eventId])
    expect(rowCount).toBe(1)
  })

  it('keeps a tag with history from being deleted', async () => {
    const f = await fixture()
    await insertEvent(f)
    const error = await refused('DELETE FROM "Tag" WHERE id = $1', [f.tagId])
    expect(error.code).toBe('23503') // foreign_key_violation
    const { rowCount } = await client.query('SELECT 1 FROM "Tag" WHERE id = $1', [f.tagId])
    expect(rowCount).toBe(1)
  })
})

describe('Tag spans', () => {
  it('accepts a span of at least one code point', async () => {
    const f = await fixture()
    await insertTag(f, 0, 1)
    await insertTag(f, 5, 14)
    const { rows } = await client.query('SELECT count(*)::int AS n FROM "Tag" WHERE "documentId" = $1', [f.documentId])
    expect(rows[0].n).toBe(3)
  })

  it.each([
    [3, 3],
    [4, 3],
    [-1, 2],
  ])('refuses start=%i end=%i (check constraint)', async (start, end) => {
    const f = await fixture()
    const error = await refused(
      'INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, "authorId", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())',
      [id(), f.projectId, f.documentId, f.labelId, start, end, 'x', f.userId],
    )
    expect(error.code).toBe('23514') // check_violation
    expect(error.constraint).toBe('Tag_span_check')
  })

  it('refuses moving an existing tag to an empty span', async () => {
    const f = await fixture()
    const error = await refused('UPDATE "Tag" SET "end" = start WHERE id = $1', [f.tagId])
    expect(error.constraint).toBe('Tag_span_check')
  })
})

describe('Label names', () => {
  const insertLabel = (projectId: string, name: string, parentId: string | null = null) =>
    client.query('INSERT INTO "Label" (id, "projectId", "parentId", name, color) VALUES ($1, $2, $3, $4, $5)', [id(), projectId, parentId, name, '#16a34a'])

  it('refuses two top-level labels with the same name in one project', async () => {
    const f = await fixture()
    await insertLabel(f.projectId, '三项制度')
    const error = await refused('INSERT INTO "Label" (id, "projectId", "parentId", name, color) VALUES ($1, $2, NULL, $3, $4)', [
      id(),
      f.projectId,
      '三项制度',
      '#16a34a',
    ])
    expect(error.code).toBe('23505') // unique_violation
    expect(error.constraint).toBe('Label_projectId_parentId_name_key')
  })

  it('refuses two sibling sub-labels with the same name, but allows it under different parents or projects', async () => {
    const f = await fixture()
    const other = await fixture()
    const secondParent = id()
    await client.query('INSERT INTO "Label" (id, "projectId", name, color) VALUES ($1, $2, $3, $4)', [secondParent, f.projectId, '府院联动', '#dc2626'])
    await insertLabel(f.projectId, '合法性审查', f.labelId)
    const error = await refused('INSERT INTO "Label" (id, "projectId", "parentId", name, color) VALUES ($1, $2, $3, $4, $5)', [
      id(),
      f.projectId,
      f.labelId,
      '合法性审查',
      '#16a34a',
    ])
    expect(error.constraint).toBe('Label_projectId_parentId_name_key')
    await insertLabel(f.projectId, '合法性审查', secondParent)
    await insertLabel(f.projectId, '合法性审查') // top level, beside its namesake sub-labels
    await insertLabel(other.projectId, '府院联动') // same top-level name, another project
    const { rows } = await client.query('SELECT count(*)::int AS n FROM "Label" WHERE name = $1 AND "projectId" = $2', ['合法性审查', f.projectId])
    expect(rows[0].n).toBe(3)
  })
})

describe('the fixture', () => {
  it('leaves nothing behind once its transaction is rolled back', async () => {
    const f = await fixture()
    await insertEvent(f)
    await client.query('ROLLBACK')
    const { rowCount } = await client.query('SELECT 1 FROM "Project" WHERE id = $1', [f.projectId])
    expect(rowCount).toBe(0)
    await client.query('BEGIN') // for afterEach
  })
})
