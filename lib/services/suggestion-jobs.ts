// The suggestion jobs on the app's queue (lib/jobs/registry.ts): `suggest.train` (on demand, or after the project's
// number of new approvals) and `suggest.run` (a run over all documents or a selection, with progress in "SuggestionRun").
import { z } from 'zod'
import type { JobHandler } from '../jobs/registry'
import { db } from '../db/client'
import { failSuggestionRun, queueRun, runSuggestionJob, suggestAfterImport, trainProject } from './suggestions'

export const trainJob: JobHandler = {
  schema: z.object({ projectId: z.string().min(1) }),
  concurrency: 1,
  async handle(data: unknown) {
    const { projectId } = trainJob.schema.parse(data) as { projectId: string }
    const model = await trainProject(projectId)
    // A new model changes what every document gets: suggest again, so a GET answers without any other call.
    if (model) await queueRun(projectId, null, null)
  },
}

export const runJob: JobHandler = {
  schema: z.object({ runId: z.string().min(1), documentIds: z.array(z.string().min(1)) }),
  concurrency: 1,
  async handle(data: unknown) {
    await runSuggestionJob(runJob.schema.parse(data) as { runId: string; documentIds: string[] })
  },
  async failed(data: unknown, sentence: string) {
    const parsed = z.object({ runId: z.string() }).safeParse(data)
    if (parsed.success) await failSuggestionRun(parsed.data.runId, sentence)
  },
}

/** Wraps the import's commit job: once the files are documents, they get suggestions when the project says so. */
export function withSuggestionsAfterCommit(commit: JobHandler): JobHandler {
  return {
    ...commit,
    async handle(data, context) {
      await commit.handle(data, context)
      const parsed = z.object({ batchId: z.string(), ids: z.array(z.string()) }).safeParse(data)
      if (!parsed.success) return
      try {
        const documents = await db.document.findMany({ where: { stagedFileId: { in: parsed.data.ids }, stagedFile: { batchId: parsed.data.batchId } }, select: { id: true, projectId: true } })
        const projectId = documents[0]?.projectId
        if (projectId) await suggestAfterImport(projectId, documents.map((d) => d.id))
      } catch (error) {
        // The import itself succeeded; suggestions can be run later from the project's settings.
        console.error(`Suggestions after import ${parsed.data.batchId} could not be queued:`, error)
      }
    },
  }
}
