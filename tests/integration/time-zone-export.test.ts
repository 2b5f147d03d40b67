// The export's date-range filter with the app's process in China's time zone (where its users run
// it). "from" and "to" are UTC days (lib/schemas/exports.ts); a tag belongs to the range by the
// instant it was created, whatever the process's or the database session's zone. Each case sits
// within 8 hours of a boundary, so a filter that reads a boundary as Beijing time (a Date sent as
// local time with +08:00 into a column without a zone) gets both ends wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { withConnection } from '../../lib/db/sql'
import { runExport } from '../../lib/export/engine'
import { folderSink } from '../../lib/export/sinks'
import { exportRequestSchema } from '../../lib/schemas/exports'
import { previewExport } from '../../lib/services/exports'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

requireDatabaseUrl()

const zoneBefore = process.env.TZ
let projectId: string
let userId: string
let manager: Actor
const tagIds: Record<string, string> = {}
const dir = mkdtempSync(path.join(tmpdir(), 'tagbench-tz-export-'))

const createdAt = {
  dayBeforeLate: '2026-03-09T23:30:00.000Z',
  firstDayEarly: '2026-03-10T01:00:00.000Z',
  lastDayLate: '2026-03-12T23:30:00.000Z',
  dayAfterEarly: '2026-03-13T03:00:00.000Z',
  dayAfterMorning: '2026-03-13T05:00:00.000Z',
}

beforeAll(async () => {
  // Node applies a new TZ at once; the pools format and parse Dates in it from here on.
  process.env.TZ = 'Asia/Shanghai'
  const project = await db.project.create({ data: { name: uniqueName('tz-export') } })
  projectId = project.id
  const user = await createTestUser('tz-export-manager')
  userId = user.id
  await addMember(projectId, user.id, 'manager')
  manager = await actorOf(user.id)
  const label = await db.label.create({ data: { projectId, name: '时区', color: '#2563eb' } })
  const text = '第一句。第二句。第三句。第四句。第五句。'
  const document = await db.document.create({ data: { projectId, title: uniqueName('时区报告'), text, textSha256: 'tz', length: Array.from(text).length } })
  let start = 0
  for (const [key, at] of Object.entries(createdAt)) {
    const tag = await db.tag.create({
      data: { projectId, documentId: document.id, labelId: label.id, start, end: start + 4, quote: text.slice(start, start + 4), authorId: user.id, status: 'approved', reviewerId: user.id, createdAt: new Date(at) },
    })
    tagIds[key] = tag.id
    start += 4
  }
})

afterAll(async () => {
  if (zoneBefore === undefined) delete process.env.TZ
  else process.env.TZ = zoneBefore
  rmSync(dir, { recursive: true, force: true })
  // Children before parents: every foreign key here restricts deletes.
  await db.tag.deleteMany({ where: { projectId } })
  await db.document.deleteMany({ where: { projectId } })
  await db.label.deleteMany({ where: { projectId } })
  await db.membership.deleteMany({ where: { projectId } })
  await db.project.delete({ where: { id: projectId } })
  await db.user.delete({ where: { id: userId } })
})

describe('an export filtered by dates, with the process in Asia/Shanghai', () => {
  it('runs in that zone (the test would prove nothing otherwise)', () => {
    expect(new Date('2026-03-10T00:00:00Z').getHours()).toBe(8)
  })

  it('writes exactly the tags created inside the range', async () => {
    const request = exportRequestSchema.parse({ format: 'jsonl', status: ['approved'], from: '2026-03-10', to: '2026-03-12' })
    const manifest = await withConnection((client) => runExport({ client, projectId, request, sink: folderSink(dir) }))
    const spans = readFileSync(path.join(dir, 'corpus.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => (JSON.parse(line) as { spans: { id: string }[] }).spans.map((s) => s.id))
    expect(spans.sort()).toEqual([tagIds.firstDayEarly, tagIds.lastDayLate].sort())
    expect(manifest.counts.spans).toBe(2)
  })

  it('previews the same count', async () => {
    const preview = await previewExport(manager, { projectId, status: ['approved'], from: '2026-03-10', to: '2026-03-12', includeUntagged: false })
    expect(preview.spans).toBe(2)
  })

  it('a one-day range holds the tags of that UTC day only', async () => {
    const preview = await previewExport(manager, { projectId, status: ['approved'], from: '2026-03-13', to: '2026-03-13', includeUntagged: false })
    expect(preview.spans).toBe(2)
  })
})
