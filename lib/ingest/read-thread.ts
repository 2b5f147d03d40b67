// A reading thread of the import's pool (lib/ingest/read-pool.ts): reads one file at a time as the
// pool sends them and answers with the outcome, or with the sentence of what it threw. It holds no
// connection and no state between files.
import { parentPort } from 'node:worker_threads'
import { readFileContent, warmUp, type FileToRead } from './read-file'

export interface ReadTask extends FileToRead {
  id: number
}
export type ReadReply = { id: number; ok: true; outcome: Awaited<ReturnType<typeof readFileContent>> } | { id: number; ok: false; message: string }

if (parentPort) {
  const port = parentPort
  port.on('message', (task: ReadTask) => {
    void readFileContent(task).then(
      (outcome) => port.postMessage({ id: task.id, ok: true, outcome } satisfies ReadReply),
      (error: unknown) => port.postMessage({ id: task.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies ReadReply),
    )
  })
  // Ready once what loads on first use is loaded; a thread that cannot even read this never says so.
  await warmUp()
  port.postMessage({ ready: true })
}
