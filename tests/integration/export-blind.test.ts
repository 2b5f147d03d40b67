// Issue #17, hole 1: blind mode bypassed through exports. Whether someone may read an export (list
// it, open it, download it) depends on what it holds, not only on their role: in blind mode an
// annotator must not read another annotator's open tags through a manager's export.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { endSqlPool } from '../../lib/db/sql'
import { runNextExport } from '../../lib/export/jobs'
import { stopQueue } from '../../lib/jobs/queue'
import { exportRequestSchema } from '../../lib/schemas/exports'
import { createExport, exportDownload, getExport, listExports } from '../../lib/services/exports'
import { updateProjectSettings } from '../../lib/services/projects'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const userIds: string[] = []
let projectId: string
let exportDir: string
let previousDir: string | undefined
let manager: Actor
let reviewer: Actor
let annotator: Actor
let otherAnnotator: Actor
let pendingExport: string
let approvedExport: string
let ownExport: string

async function newUser(prefix: string) {
  const user = await createTestUser(prefix)
  userIds.push(user.id)
  return user
}

/** Queues an export as `actor` and runs it to "done" in this process. */
async function finishedExport(actor: Actor, request: Record<string, unknown>) {
  const created = await createExport(actor, { projectId, ...exportRequestSchema.parse({ format: 'jsonl', ...request }) })
  expect(await runNextExport()).toBe(true)
  expect((await db.export.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('done')
  return created.id
}

beforeAll(async () => {
  previousDir = process.env.TAGBENCH_EXPORT_DIR
  exportDir = mkdtempSync(path.join(tmpdir(), 'tagbench-export-blind-'))
  process.env.TAGBENCH_EXPORT_DIR = exportDir
  // createExport only queues the job (no worker runs in this process): the test runs each job itself.

  projectId = (await db.project.create({ data: { name: uniqueName('unit-export-blind'), blindMode: true } })).id
  const [m, r, a, b] = await Promise.all([newUser('blind-manager'), newUser('blind-reviewer'), newUser('blind-ann-a'), newUser('blind-ann-b')])
  await addMember(projectId, m.id, 'manager')
  await addMember(projectId, r.id, 'reviewer')
  await addMember(projectId, a.id, 'annotator')
  await addMember(projectId, b.id, 'annotator')
  ;[manager, reviewer, annotator, otherAnnotator] = await Promise.all([actorOf(m.id), actorOf(r.id), actorOf(a.id), actorOf(b.id)])

  const label = await db.label.create({ data: { projectId, name: '依法行政', color: '#2563eb' } })
  const text = '依法行政是基本要求。重大行政决策程序。'
  const document = await db.document.create({ data: { projectId, title: '盲审报告', text, textSha256: 'x'.repeat(64), length: Array.from(text).length } })
  const tag = (authorId: string, start: number, end: number, status: 'pending' | 'approved') =>
    db.tag.create({ data: { projectId, documentId: document.id, labelId: label.id, start, end, quote: Array.from(text).slice(start, end).join(''), authorId, status } })
  await tag(b.id, 0, 4, 'pending') // the other annotator's open tag: hidden from the annotator in blind mode
  await tag(a.id, 11, 17, 'pending')
  await tag(a.id, 5, 9, 'approved')

  // The manager opens exports to annotators, then exports pending tags (and approved ones).
  await updateProjectSettings(manager, { projectId, exportRole: 'annotator' })
  pendingExport = await finishedExport(manager, { status: ['pending', 'approved'] })
  approvedExport = await finishedExport(manager, { status: ['approved'] })
  // The annotator's own open tags are theirs to see, blind mode or not.
  ownExport = await finishedExport(annotator, { status: ['pending'], annotators: [annotator.email.toUpperCase()] })
})

afterAll(async () => {
  try {
    await stopQueue()
    if (previousDir === undefined) delete process.env.TAGBENCH_EXPORT_DIR
    else process.env.TAGBENCH_EXPORT_DIR = previousDir
    await db.export.deleteMany({ where: { projectId } })
    await db.tag.deleteMany({ where: { projectId } })
    await db.document.deleteMany({ where: { projectId } })
    await db.label.deleteMany({ where: { projectId } })
    await db.membership.deleteMany({ where: { projectId } })
    await db.project.deleteMany({ where: { id: projectId } })
    await db.user.deleteMany({ where: { id: { in: userIds } } })
  } finally {
    rmSync(exportDir, { recursive: true, force: true })
    await endSqlPool()
    await db.$disconnect()
  }
})

const listedIds = async (actor: Actor) => (await listExports(actor, { projectId })).items.map((e) => e.id).sort()

describe('an export of open tags in blind mode', () => {
  it('is neither listed to an annotator nor opened nor downloaded by them, with a sentence', async () => {
    expect(await listedIds(otherAnnotator)).toEqual([approvedExport].sort())
    for (const call of [exportDownload(otherAnnotator, { exportId: pendingExport }), getExport(otherAnnotator, { exportId: pendingExport })]) {
      const error = await domainErrorOf(call)
      expect([403, 404]).toContain(error.status)
      expect(error.message).toMatch(/blind mode/)
      expect(error.i18n?.key).toBe('permission.blindModeExportHidden')
    }
  })

  it('leaves an approved-only export to the annotator: listed and downloadable', async () => {
    expect(await listedIds(annotator)).toContain(approvedExport)
    const download = await exportDownload(annotator, { exportId: approvedExport })
    expect(existsSync(download.file)).toBe(true)
    expect(download.bytes).toBeGreaterThan(0)
  })

  it("shows an annotator their own open tags, and hides them from the other annotator", async () => {
    expect(await listedIds(annotator)).toEqual([approvedExport, ownExport].sort())
    await expect(exportDownload(annotator, { exportId: ownExport })).resolves.toMatchObject({ bytes: expect.any(Number) })
    expect((await domainErrorOf(exportDownload(otherAnnotator, { exportId: ownExport }))).status).toBe(403)
  })

  it('is listed to and downloaded by a reviewer and the manager', async () => {
    for (const actor of [reviewer, manager]) {
      expect(await listedIds(actor)).toEqual([pendingExport, approvedExport, ownExport].sort())
      for (const exportId of [pendingExport, approvedExport]) await expect(exportDownload(actor, { exportId })).resolves.toMatchObject({ bytes: expect.any(Number) })
    }
  })

  it('is hidden again from annotators once blind mode is switched on after the export was made', async () => {
    await updateProjectSettings(manager, { projectId, blindMode: false })
    expect(await listedIds(otherAnnotator)).toContain(pendingExport)
    await updateProjectSettings(manager, { projectId, blindMode: true })
    expect(await listedIds(otherAnnotator)).not.toContain(pendingExport)
  })
})
