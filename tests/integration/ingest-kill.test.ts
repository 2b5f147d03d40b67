// A worker process killed in the middle of a large import (issue 11): every file is either staged
// (with its text and fields) or still waiting, never half-read; after a restart the reads resume and
// finish, or, when their retries are spent, the files still waiting are refused with a sentence.
// A commit killed in its transaction imports nothing; run again, it imports every file once.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import yazl from 'yazl'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { ReadPool, useReadPool } from '../../lib/ingest/read-pool'
import { startWorkers, stopQueue } from '../../lib/jobs/queue'
import { addFileBytes, commitBatch, createBatch, enqueueReads, getBatch } from '../../lib/services/ingest'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()
// A dead worker's job expires after 2 s, is found within 1 s and retried after 1 s.
const settings = { TAGBENCH_JOB_EXPIRE_SECONDS: '2', TAGBENCH_JOB_MAINTENANCE_SECONDS: '1', TAGBENCH_JOB_RETRY_DELAY_SECONDS: '1' }
Object.assign(process.env, settings)

let projectId: string
let manager: Actor

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (value) return value as NonNullable<T>
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A county's report page, different for each i (so none is a duplicate of another). */
function page(i: number) {
  const county = `第${i}测试县`
  const paragraphs = Array.from({ length: 30 }, (_, p) => `<p>2023年，${county}第${p + 1}项工作（编号${i}-${p}）：落实重大行政决策程序，推行行政执法三项制度，优化营商环境，健全府院联动机制。</p>`).join('\n')
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${county}2023年法治政府建设年度报告_${county}人民政府</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div><div>当前位置：首页 &gt; 政务公开</div>
<h1>${county}2023年法治政府建设年度报告</h1><div>来源：${county}人民政府 发布时间：2024-03-15</div>
${paragraphs}
<p>${county}人民政府</p><p>2024年3月10日</p><div class="footer">ICP备案号：京ICP备12345678号</div></body></html>`
}

function zipOf(count: number): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  for (let i = 0; i < count; i++) zip.addBuffer(Buffer.from(page(i)), `pages/${i}.html`)
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
}

const statuses = async (batchId: string) => {
  const rows = await db.stagedFile.findMany({ where: { batchId, NOT: { path: { endsWith: '.zip' } } }, select: { path: true, status: true, text: true, read: true, problem: true } })
  const count = (status: string) => rows.filter((r) => r.status === status).length
  return { rows, queued: count('queued'), staged: count('staged'), refused: count('refused'), committed: count('committed') }
}

/** `npm run worker` in its own process, on the test database (node itself, not npm: a SIGKILL must reach the worker). */
function startWorkerProcess(extraEnv: Record<string, string> = {}): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['scripts/run-worker.mjs'], { env: { ...process.env, ...settings, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] })
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Tagbench worker: running')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`the worker exited (${code}) before it started`)))
  })
  return { child, ready }
}

beforeAll(async () => {
  // The worker process this test kills reads in its threads (the bundle, as production runs it). The
  // workers this process starts stand in for a restarted worker and read in their own thread: under
  // vitest a thread starts from the sources through tsx, seconds of CPU on a loaded machine, which
  // would be counted against the 2-second job expiry the test sets to see dead workers' jobs quickly.
  await useReadPool(new ReadPool(0))
  const user = await createTestUser('ingest-kill-manager')
  projectId = (await db.project.create({ data: { name: uniqueName('unit-ingest-kill') } })).id
  await addMember(projectId, user.id, 'manager')
  manager = await actorOf(user.id)
})

afterAll(async () => {
  await stopQueue({ graceful: false })
})

describe('a worker killed mid-import', () => {
  it('leaves each file staged or waiting; a restarted worker finishes the reads, then the commit imports each file once', async () => {
    const files = 160
    const batch = await createBatch(manager, { projectId })
    const { child, ready } = startWorkerProcess()
    await ready
    await addFileBytes(batch.id, 'reports.zip', await zipOf(files))
    // Killed as soon as the first files are staged, while most are still waiting.
    await until('the first files to be staged', async () => (await statuses(batch.id)).staged > 0)
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    const atKill = await statuses(batch.id)
    expect(atKill.queued).toBeGreaterThan(0)
    for (const row of atKill.rows) {
      expect(['queued', 'staged'], row.path).toContain(row.status)
      // A staged file is whole: its text and what was read were written with its status.
      if (row.status === 'staged') expect(row.text && row.read, row.path).toBeTruthy()
      if (row.status === 'queued') expect(row.text, row.path).toBeNull()
    }

    const workers = await startWorkers({ names: ['import.read', 'import.commit'] })
    try {
      const done = await until('every file to be read', async () => {
        const s = await statuses(batch.id)
        return s.queued === 0 && s.rows.length === files ? s : null
      })
      expect(done.staged).toBe(files)
      expect(new Set(done.rows.map((r) => r.path)).size).toBe(files)

      await commitBatch(manager, { batchId: batch.id, withoutWarnings: false })
      await until('the commit to finish', async () => (await getBatch(manager, { batchId: batch.id })).commit?.state === 'done')
      expect(await db.document.count({ where: { projectId, stagedFile: { batchId: batch.id } } })).toBe(files)
      // A second commit of the same batch finds nothing left to import.
      await expect(commitBatch(manager, { batchId: batch.id, withoutWarnings: false })).rejects.toMatchObject({ code: 'invalid' })
    } finally {
      await workers.stop()
    }
  }, 120_000)

  it('refuses what is still waiting with a sentence once the retries are spent', async () => {
    const batch = await createBatch(manager, { projectId })
    // Jobs take their retry limit and expiry from the process that queues them: no retry here, and
    // long enough an expiry that a read on a busy machine is not taken for a dead worker.
    Object.assign(process.env, { TAGBENCH_JOB_RETRY_LIMIT: '0', TAGBENCH_JOB_EXPIRE_SECONDS: '8' })
    try {
      const { child, ready } = startWorkerProcess()
      await ready
      // Single files queued in chunks, as an upload of many files is (no archive: its unpacking is the first test's).
      const ids: string[] = []
      for (let i = 0; i < 120; i++) ids.push((await addFileBytes(batch.id, `more/${i}.html`, Buffer.from(page(1000 + i)), { read: 'later' })).id)
      await enqueueReads(ids)
      await until('the first files to be staged', async () => {
        const now = await statuses(batch.id)
        return now.staged > 0 && now.queued > 0
      })
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
    } finally {
      delete process.env.TAGBENCH_JOB_RETRY_LIMIT
      process.env.TAGBENCH_JOB_EXPIRE_SECONDS = settings.TAGBENCH_JOB_EXPIRE_SECONDS
    }
    const workers = await startWorkers({ names: ['import.read'] })
    try {
      const done = await until('no file to be waiting', async () => {
        const s = await statuses(batch.id)
        return s.queued === 0 && s.rows.length === 120 ? s : null
      })
      // The reads the killed worker held are failed (no retry): their files are refused with the reason.
      expect(done.refused).toBeGreaterThan(0)
      expect(done.staged + done.refused).toBe(120)
      for (const row of done.rows.filter((r) => r.status === 'refused')) {
        expect(row.problem).toMatchObject({ code: 'read_failed', key: 'ingest.codes.read_failed' })
        expect((row.problem as { message: string }).message).toMatch(/^This file could not be read: The worker running this job stopped before it finished/)
      }
    } finally {
      await workers.stop()
    }
  }, 120_000)

  it('a commit that cannot run says why on the batch, and imports nothing', async () => {
    const user = await createTestUser('ingest-kill-leaver')
    await addMember(projectId, user.id, 'manager')
    const leaver = await actorOf(user.id)
    const batch = await createBatch(leaver, { projectId })
    const workers = await startWorkers({ names: ['import.read', 'import.commit'] })
    try {
      await addFileBytes(batch.id, 'one.html', Buffer.from(page(10_000)))
      await until('the file to be staged', async () => (await db.stagedFile.count({ where: { batchId: batch.id, status: 'staged' } })) === 1)
      process.env.TAGBENCH_JOB_RETRY_LIMIT = '0'
      try {
        await workers.stop() // so that the user is disabled before the commit job runs
        await commitBatch(leaver, { batchId: batch.id, withoutWarnings: false })
      } finally {
        delete process.env.TAGBENCH_JOB_RETRY_LIMIT
      }
      expect((await getBatch(manager, { batchId: batch.id })).commit).toEqual({ state: 'queued', problem: null })
      await db.user.update({ where: { id: user.id }, data: { disabled: true } })
      const again = await startWorkers({ names: ['import.commit'] })
      try {
        const commit = await until('the commit to fail', async () => {
          const c = (await getBatch(manager, { batchId: batch.id })).commit
          return c?.state === 'failed' ? c : null
        })
        expect(commit.problem).toMatchObject({ code: 'commit_failed', key: 'ingest.codes.commit_failed' })
        expect(commit.problem?.message).toBe('Nothing was imported: the user who asked for this import no longer exists or was disabled. A project manager can import the files again.')
        expect(await db.document.count({ where: { stagedFile: { batchId: batch.id } } })).toBe(0)
        expect(await db.stagedFile.count({ where: { batchId: batch.id, status: 'staged' } })).toBe(1)
      } finally {
        await again.stop()
      }
    } finally {
      await workers.stop()
    }
  }, 60_000)
})
