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
const outfile = path.join(folder, 'worker.mjs')
const result = await build({
  entryPoints: [path.join(root, 'scripts/worker.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.json'),
  outfile,
  write: false,
  logLevel: 'warning',
})
mkdirSync(folder, { recursive: true })
// Written beside and renamed: two workers starting at once never load a half-written file.
const temporary = `${outfile}.${process.pid}.tmp`
writeFileSync(temporary, result.outputFiles[0].contents)
renameSync(temporary, outfile)
await import(pathToFileURL(outfile).href)
