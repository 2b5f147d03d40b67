// The one job queue of the app: pg-boss on the app's own Postgres (schema `pgboss`, which pg-boss
// creates and migrates itself), one instance per process, with a small pool of its own. Any number
// of web and worker processes may share it: pg-boss claims jobs with FOR UPDATE SKIP LOCKED, so a
// job runs once. Why pg-boss and how it is configured: docs/decisions/0019-one-job-queue-pg-boss.md.
import PgBoss from 'pg-boss'
type JobWithMetadata<T> = PgBoss.JobWithMetadata<T>
import { connectionFields } from '../db/connection'
import { readEnv } from '../config/env'
import type { JobHandler, JobName } from './registry'

// The handlers are loaded when a queue starts, not when this module loads: handlers queue jobs
// themselves (an archive's entries), so a static import would be a cycle.
const handlers = async () => (await import('./registry')).jobHandlers

export type { JobName } from './registry'

/** Connections pg-boss keeps for itself (fetching, completing, maintenance); handlers use the app's pools. */
const QUEUE_POOL_MAX = 3
/** A queued job is seen within this many seconds by an idle worker (pg-boss's least). */
const POLL_SECONDS = 0.5

/** Where a job whose retries are spent goes, so that its handler can record the failure for the user. */
const deadLetterOf = (name: JobName) => `${name}.failed`

const state = globalThis as unknown as { tagbenchQueue?: Promise<PgBoss> }

function queueSettings() {
  return {
    expireInSeconds: readEnv('TAGBENCH_JOB_EXPIRE_SECONDS'),
    retryLimit: readEnv('TAGBENCH_JOB_RETRY_LIMIT'),
    retryDelay: readEnv('TAGBENCH_JOB_RETRY_DELAY_SECONDS'),
    retryBackoff: true,
  }
}

async function openQueue(): Promise<PgBoss> {
  const fields = connectionFields(readEnv('DATABASE_URL'))
  const boss = new PgBoss({
    ...fields,
    schema: 'pgboss',
    max: QUEUE_POOL_MAX,
    application_name: 'tagbench-jobs',
    maintenanceIntervalSeconds: readEnv('TAGBENCH_JOB_MAINTENANCE_SECONDS'),
    // Archived jobs are kept a week for whoever looks into a failure, then dropped.
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 7,
  })
  // pg-boss reports a lost connection or a failed maintenance run here; it keeps going by itself.
  boss.on('error', (error) => console.error('Job queue:', error))
  await boss.start()
  const settings = queueSettings()
  const jobHandlers = await handlers()
  for (const name of Object.keys(jobHandlers) as JobName[]) {
    // Both calls are idempotent; the update applies changed settings to a queue an older start created.
    await boss.createQueue(deadLetterOf(name), { name: deadLetterOf(name) })
    await boss.createQueue(name, { name, ...settings, deadLetter: deadLetterOf(name) })
    await boss.updateQueue(name, { name, ...settings, deadLetter: deadLetterOf(name) })
  }
  return boss
}

/** This process's queue, started on first use. */
function queue(): Promise<PgBoss> {
  state.tagbenchQueue ??= openQueue().catch((error: unknown) => {
    state.tagbenchQueue = undefined // the next call tries again (the database may come up later)
    throw error
  })
  return state.tagbenchQueue
}

/** Queues a job; null when a singleton key already has one waiting. */
export async function enqueueJob(
  name: JobName,
  data: object,
  options: { singletonKey?: string; retryLimit?: number; startAfter?: Date } = {},
): Promise<string | null> {
  const boss = await queue()
  return boss.send(name, data, options)
}

/** The sentence a failed job leaves, from what the handler threw (or pg-boss recorded). */
export function jobFailureSentence(output: unknown): string {
  if (output instanceof Error) return output.message
  const message = (output as { message?: unknown; value?: { message?: unknown } } | null)?.message ?? (output as { value?: { message?: unknown } } | null)?.value?.message
  if (typeof message === 'string') {
    if (message === 'job failed by timeout in active state' || message === 'pg-boss shut down while active')
      return 'The worker running this job stopped before it finished (the process was stopped or it took too long), and every retry failed too.'
    return message
  }
  return 'The job failed without a reason.'
}

/**
 * Parses the job's data, then runs it. Bad data is not transient, so it is not retried: the handler
 * records the zod sentence where the user sees it, and the job ends with that sentence as its output.
 */
async function runOne(handler: JobHandler, job: JobWithMetadata<unknown>): Promise<{ refused: string } | undefined> {
  const parsed = handler.schema.safeParse(job.data)
  if (!parsed.success) {
    const sentence = `The job's data is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ')}.`
    await handler.failed?.(job.data, sentence)
    return { refused: sentence }
  }
  await handler.handle(parsed.data, { jobId: job.id, attempt: job.retryCount + 1 })
  return undefined
}

/**
 * Starts workers for the given job names (default all) in this process. Several calls, and several
 * processes, may work the same queue. `handlers` replaces registered handlers (tests).
 */
export async function startWorkers(
  options: { names?: JobName[]; handlers?: Partial<Record<JobName, JobHandler>> } = {},
): Promise<{ stop(): Promise<void> }> {
  const boss = await queue()
  const jobHandlers = await handlers()
  const names = options.names ?? (Object.keys(jobHandlers) as JobName[])
  const ids: string[] = []
  for (const name of names) {
    const handler = options.handlers?.[name] ?? jobHandlers[name]
    for (let i = 0; i < handler.concurrency; i++) {
      ids.push(
        await boss.work<unknown>(name, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: POLL_SECONDS }, ([job]: JobWithMetadata<unknown>[]) => runOne(handler, job)),
      )
    }
    // A job whose retries are spent (or that kept dying with its worker) lands here: the handler records it.
    if (handler.failed) {
      const failed = handler.failed
      ids.push(
        await boss.work<unknown>(deadLetterOf(name), { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: POLL_SECONDS }, async ([job]: JobWithMetadata<unknown>[]) => {
          await failed(job.data, jobFailureSentence(job.output))
        }),
      )
    }
  }
  return {
    async stop() {
      await Promise.all(ids.map((id) => boss.offWork({ id })))
    },
  }
}

/**
 * Stops this process's queue. Graceful (the default): running jobs get `timeoutMs` to finish, then
 * they are failed and so retried by another worker. Not graceful: they are released at once.
 */
export async function stopQueue(options: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const pending = state.tagbenchQueue
  if (!pending) return
  state.tagbenchQueue = undefined
  const boss = await pending.catch(() => null)
  await boss?.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? 30_000, wait: true })
}
