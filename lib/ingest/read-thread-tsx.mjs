// Starts a reading thread from the TypeScript sources (tests, tsx scripts): the thread registers
// tsx's loader for itself, then loads the module the pool named. The bundled worker (npm run worker)
// starts its own built file instead (scripts/run-worker.mjs).
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.module)
