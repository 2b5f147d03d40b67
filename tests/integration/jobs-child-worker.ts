// A worker process for tests/integration/jobs.test.ts: it takes one import.commit job, prints
// "started <id> <attempt>" and never finishes, so that the test can SIGKILL it mid-job.
import { startWorkers } from '../../lib/jobs/queue'
import { z } from 'zod'

await startWorkers({
  names: ['import.commit'],
  handlers: {
    'import.commit': {
      schema: z.object({ tag: z.string() }),
      concurrency: 1,
      handle: (_data, { jobId, attempt }) => {
        console.log(`started ${jobId} ${attempt}`)
        return new Promise<void>(() => undefined)
      },
    },
  },
})
console.log('ready')
