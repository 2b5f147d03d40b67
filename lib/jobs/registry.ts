// What each job does: its data's schema, how many run at once per process, and its handler. The
// queue (lib/jobs/queue.ts) parses a job's data with the schema before `handle` sees it.
import { z } from 'zod'
import { exportJobHandler } from '../export/jobs'
import { commitJob, readJob } from '../ingest/jobs'
import { runJob, trainJob, withSuggestionsAfterCommit } from '../services/suggestion-jobs'

export type JobName = 'export.run' | 'import.read' | 'import.commit' | 'suggest.train' | 'suggest.run'

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

export const jobHandlers: Record<JobName, JobHandler> = {
  'export.run': exportJobHandler,
  'import.read': readJob,
  // New documents get suggestions when the project says so (lib/services/suggestion-jobs.ts).
  'import.commit': withSuggestionsAfterCommit(commitJob),
  'suggest.train': trainJob,
  'suggest.run': runJob,
}
