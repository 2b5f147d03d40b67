// npm run worker: the job workers as plain JavaScript. scripts/worker.ts and the app code it imports
// are bundled by esbuild (packages stay in node_modules and load natively), then run by node without
// tsx's loader: under tsx every package the worker loads goes through the loader with source maps
// (pdfjs alone cost 360 MB of resident memory). Why: docs/decisions/0019-one-job-queue-pg-boss.md.
import { build } from 'esbuild'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = path.resolve(import.meta.dirname, '..')
// Inside the project, so that the bundle's bare imports resolve to the project's node_modules.
const folder = path.join(root, '.build')
// Two entries: the worker, and the import's reading thread, which the worker starts from the file
// beside its own (lib/ingest/read-pool.ts; docs/decisions/0021-import-worker-threads.md).
const outputs = { worker: path.join(folder, 'worker.mjs'), 'import-read-thread': path.join(folder, 'import-read-thread.mjs') }
const result = await build({
  entryPoints: { worker: path.join(root, 'scripts/worker.ts'), 'import-read-thread': path.join(root, 'lib/ingest/read-thread.ts') },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.json'),
  outdir: folder,
  outExtension: { '.js': '.mjs' },
  write: false,
  logLevel: 'warning',
})
mkdirSync(folder, { recursive: true })
// Written beside and renamed: two workers starting at once never load a half-written file. The
// thread's file goes first, so a worker never starts a thread from an older build than its own.
for (const name of ['import-read-thread', 'worker']) {
  const output = result.outputFiles.find((f) => f.path === outputs[name])
  if (!output) throw new Error(`esbuild wrote no ${outputs[name]}`)
  const temporary = `${outputs[name]}.${process.pid}.tmp`
  writeFileSync(temporary, output.contents)
  renameSync(temporary, outputs[name])
}
await import(pathToFileURL(outputs.worker).href)
