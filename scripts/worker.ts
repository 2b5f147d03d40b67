// npm run worker: runs the job workers (exports, file imports) without the web server, so that web
// and workers can be scaled apart: any number of both on one Postgres (pg-boss claims each job
// once, with SKIP LOCKED). With DATABASE_URL it uses that database; without, the embedded one that
// `npm start` runs (started here if it is not running; start the web once first so it is migrated).
// SIGTERM or SIGINT: no new job is taken, running ones get 30 seconds to finish,
// and what is still running then is released to be retried by another worker.
import { openDatabase } from './lib/database'

const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
process.env.DATABASE_URL = database.url
const { startWorkers, stopQueue } = await import('../lib/jobs/queue')
const workers = await startWorkers()
console.log('Tagbench worker: running export.run, import.read and import.commit jobs. Stop with Ctrl-C or SIGTERM.')

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    console.log(`Tagbench worker: ${signal}, finishing running jobs (up to 30 s)…`)
    void (async () => {
      try {
        await workers.stop()
        await stopQueue({ graceful: true, timeoutMs: 30_000 })
        await database.stop()
        process.exit(0)
      } catch (error) {
        console.error('Tagbench worker: stopping failed:', error)
        process.exit(1)
      }
    })()
  })
}
