// What each job does: its data's schema, how many run at once per process, and its handler. The
// queue (lib/jobs/queue.ts) parses a job's data with the schema before `handle` sees it.
import { z } from 'zod'
import { exportJobHandler } from '../export/jobs'

export type JobName = 'export.run' | 'import.read' | 'import.commit'

export interface JobHandler {
  schema: z.ZodType
  /** Jobs of this name one process runs at the same time. */
  concurrency: number
  /** Throws to fail the attempt; pg-boss retries it with backoff until its retries are spent. */
  handle(data: unknown, context: { jobId: string; attempt: number }): Promise<void>
  /**
   * Records a job's final failure where the user sees it (bad data, or retries spent, or its
   * worker died every time). Must be idempotent: it may be called again for the same job.
   */
  failed?(data: unknown, sentence: string): Promise<void>
}

/** A handler the integrator replaces with lib/ingest/jobs.ts; until then such jobs fail with a sentence. */
const notInstalledYet = (name: string): JobHandler => ({
  schema: z.object({}).passthrough(),
  concurrency: 1,
  async handle() {
    throw new Error(`The ${name} job is not installed yet.`)
  },
})

export const jobHandlers: Record<JobName, JobHandler> = {
  'export.run': exportJobHandler,
  // PLACEHOLDERS: the integrator wires lib/ingest/jobs.ts in here.
  'import.read': notInstalledYet('import.read'),
  'import.commit': notInstalledYet('import.commit'),
}
