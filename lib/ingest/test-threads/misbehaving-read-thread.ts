// A reading thread for tests of the pool (lib/ingest/read-pool.test.ts, tests/integration/ingest-threads.test.ts):
// it reads as the real one does, except that a file whose name says so makes it throw outside any
// handler (an uncaught exception kills the thread), exit, or never answer.
import { parentPort } from 'node:worker_threads'
import { readFileContent, warmUp } from '../read-file'
import type { ReadTask } from '../read-thread'

const port = parentPort!
port.on('message', (task: ReadTask) => {
  if (task.path.includes('throws')) throw new Error('the parser fell over')
  if (task.path.includes('exits')) process.exit(3)
  if (task.path.includes('hangs')) return
  void readFileContent(task).then((outcome) => port.postMessage({ id: task.id, ok: true, outcome }))
})
await warmUp()
port.postMessage({ ready: true })
