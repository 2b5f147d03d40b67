// The import's reading threads on a real database (docs/decisions/0021-import-worker-threads.md): a
// read job whose thread throws on one file refuses that file with a sentence and stages the others;
// the job itself does not fail (nothing is retried, nothing else refused).
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { readJob } from '../../lib/ingest/jobs'
import { ReadPool, readThreadCount, useReadPool } from '../../lib/ingest/read-pool'
import { addFileBytes, createBatch } from '../../lib/services/ingest'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let manager: Actor

const ingest = path.resolve(import.meta.dirname, '../../lib/ingest')
const misbehaving = new ReadPool(2, {
  file: path.join(ingest, 'read-thread-tsx.mjs'),
  workerData: { module: pathToFileURL(path.join(ingest, 'test-threads/misbehaving-read-thread.ts')).href },
})

function page(county: string) {
  const paragraphs = Array.from({ length: 20 }, (_, p) => `<p>2023年，${county}第${p + 1}项工作：落实重大行政决策程序，推行行政执法三项制度，优化营商环境，健全府院联动机制。</p>`).join('\n')
  return new TextEncoder().encode(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${county}2023年法治政府建设年度报告</title></head>
<body><h1>${county}2023年法治政府建设年度报告</h1><div>来源：${county}人民政府 发布时间：2024-03-15</div>${paragraphs}<p>${county}人民政府</p><p>2024年3月10日</p></body></html>`)
}

beforeAll(async () => {
  const user = await createTestUser('ingest-threads-manager')
  projectId = (await db.project.create({ data: { name: uniqueName('unit-ingest-threads') } })).id
  await addMember(projectId, user.id, 'manager')
  manager = await actorOf(user.id)
  await useReadPool(misbehaving)
  // Threads start from the sources through tsx here: seconds on a loaded machine.
  await misbehaving.warm()
}, 120_000)

afterAll(async () => {
  await useReadPool(new ReadPool(readThreadCount()))
})

describe('a read job with a thread that throws on one file', () => {
  it('refuses that file with a sentence, stages the others, and finishes', async () => {
    const batch = await createBatch(manager, { projectId })
    const ids: string[] = []
    for (const [name, county] of [['a.html', '甲县'], ['throws.html', '乙县'], ['c.html', '丙县']] as const) {
      ids.push((await addFileBytes(batch.id, name, page(county), { read: 'later' })).id)
    }
    await expect(readJob.handle({ stagedFileIds: ids })).resolves.toBeUndefined()
    const rows = await db.stagedFile.findMany({ where: { batchId: batch.id }, select: { path: true, status: true, problem: true, read: true, textSha256: true }, orderBy: { path: 'asc' } })
    expect(rows.map((r) => [r.path, r.status])).toEqual([
      ['a.html', 'staged'],
      ['c.html', 'staged'],
      ['throws.html', 'refused'],
    ])
    expect(rows[2].problem).toEqual({
      code: 'read_failed',
      key: 'ingest.codes.read_failed',
      message: 'This file could not be read: The thread reading it stopped: the parser fell over. Upload it again in a new import to try once more.',
      values: { reason: 'The thread reading it stopped: the parser fell over.' },
    })
    expect((rows[0].read as { title: { value: string } }).title.value).toBe('甲县2023年法治政府建设年度报告')
    expect(rows[0].textSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(misbehaving.counts).toEqual({ threads: 3, caller: 0 })
  }, 120_000)
})
