// The job queue (lib/jobs/queue.ts, pg-boss) on the real test database: a job runs once however many
// workers take from the queue, a worker killed mid-job leaves its job retried by another one after
// expiry, bad data fails with the schema's sentence, and an export goes through the queue to its zip.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { db } from '../../lib/db/client'
import { exportFile } from '../../lib/export/jobs'
import { enqueueJob, startWorkers, stopQueue } from '../../lib/jobs/queue'
import type { JobHandler } from '../../lib/jobs/registry'
import { exportRequestSchema } from '../../lib/schemas/exports'
import { createExport } from '../../lib/services/exports'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()
// Short enough for a test: a dead worker's job expires after 2 s, is found within 1 s, retried after 1 s.
const settings = { TAGBENCH_JOB_EXPIRE_SECONDS: '2', TAGBENCH_JOB_MAINTENANCE_SECONDS: '1', TAGBENCH_JOB_RETRY_DELAY_SECONDS: '1' }
Object.assign(process.env, settings)

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (value) return value as NonNullable<T>
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

afterAll(async () => {
  await stopQueue({ graceful: false })
})

describe('the job queue', () => {
  it('runs each job once, with two workers taking from the queue', async () => {
    const runs = new Map<string, number>()
    const tag = randomUUID()
    const handler: JobHandler = {
      schema: z.object({ tag: z.string(), n: z.number() }),
      concurrency: 2,
      async handle(data) {
        const { tag: t, n } = data as { tag: string; n: number }
        if (t !== tag) return
        runs.set(String(n), (runs.get(String(n)) ?? 0) + 1)
        await new Promise((resolve) => setTimeout(resolve, 50))
      },
    }
    const first = await startWorkers({ names: ['import.read'], handlers: { 'import.read': handler } })
    const second = await startWorkers({ names: ['import.read'], handlers: { 'import.read': handler } })
    try {
      const ids = await Promise.all(Array.from({ length: 8 }, (_, n) => enqueueJob('import.read', { tag, n })))
      expect(ids.every((id) => typeof id === 'string')).toBe(true)
      await until('8 jobs to run', () => runs.size === 8)
      await new Promise((resolve) => setTimeout(resolve, 1500)) // a second run would have happened by now
      expect([...runs.values()]).toEqual(Array(8).fill(1))
    } finally {
      await first.stop()
      await second.stop()
    }
  })

  it('fails a job with bad data with the schema sentence, where the handler records it, and does not run it', async () => {
    const recorded: string[] = []
    let ran = false
    const handler: JobHandler = {
      schema: z.object({ exportId: z.string().min(1, 'must name an export') }),
      concurrency: 1,
      async handle() {
        ran = true
      },
      async failed(_data, sentence) {
        recorded.push(sentence)
      },
    }
    const workers = await startWorkers({ names: ['import.read'], handlers: { 'import.read': handler } })
    try {
      await enqueueJob('import.read', { exportId: '' })
      const [sentence] = await until('the failure to be recorded', () => (recorded.length ? recorded : null))
      expect(sentence).toBe("The job's data is not valid: exportId: must name an export.")
      expect(ran).toBe(false)
    } finally {
      await workers.stop()
    }
  })

  it('retries the job of a worker killed mid-job on another worker, after its expiry', async () => {
    const tag = randomUUID()
    const jobId = await enqueueJob('import.commit', { tag })
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/jobs-child-worker.ts'], { env: { ...process.env, ...settings }, stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    try {
      await until('the child to start the job', () => output.includes(`started ${jobId} 1`), 30_000)
    } finally {
      child.kill('SIGKILL')
    }
    const attempts: number[] = []
    const workers = await startWorkers({
      names: ['import.commit'],
      handlers: {
        'import.commit': {
          schema: z.object({ tag: z.string() }),
          concurrency: 1,
          async handle(data, context) {
            if ((data as { tag: string }).tag === tag && context.jobId === jobId) attempts.push(context.attempt)
          },
        },
      },
    })
    try {
      await until('the killed job to be retried', () => attempts.length > 0, 20_000)
      expect(attempts).toEqual([2])
    } finally {
      await workers.stop()
    }
  }, 60_000)

  describe('an export', () => {
    let projectId: string
    let userId: string
    beforeAll(async () => {
      projectId = (await db.project.create({ data: { name: uniqueName('unit-export-queue') } })).id
      userId = (await createTestUser('export-queue')).id
      await addMember(projectId, userId, 'manager')
    })
    afterAll(async () => {
      await db.export.deleteMany({ where: { projectId } })
      await db.project.delete({ where: { id: projectId } })
      await db.user.delete({ where: { id: userId } })
    })

    it('is written by a worker of the queue, and a bad one is marked failed with a sentence on its row', async () => {
      const workers = await startWorkers({ names: ['export.run'] })
      try {
        const created = await createExport(await actorOf(userId), { ...exportRequestSchema.parse({ format: 'jsonl', status: ['approved'] }), projectId })
        const done = await until('the export to finish', () => db.export.findFirst({ where: { id: created.id, status: { in: ['done', 'failed'] } } }))
        expect(done.error).toBeNull()
        expect(done.status).toBe('done')
        expect(existsSync(exportFile(created.id))).toBe(true)

        // A row whose request cannot be read fails with the sentence, and no file is left.
        const [{ id }] = await db.$queryRaw<{ id: string }[]>`INSERT INTO "Export" (id, "projectId", "createdById", format, request) VALUES (${randomUUID()}, ${projectId}, ${userId}, 'jsonl', '{"format":"nope"}'::jsonb) RETURNING id`
        await enqueueJob('export.run', { exportId: id })
        const failed = await until('the bad export to fail', () => db.export.findFirst({ where: { id, status: { in: ['done', 'failed'] } } }))
        expect(failed.status).toBe('failed')
        expect(failed.error).toMatch(/^The export failed on the server: .*format/)
        expect(existsSync(exportFile(id))).toBe(false)
      } finally {
        await workers.stop()
      }
    })
  })
})
