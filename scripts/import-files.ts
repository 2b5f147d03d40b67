// npm run import:files -- --project <id or name> [--as <manager's email>] [--yes] <files or folders…>
// Brings raw reports (web pages, .docx, .pdf, .txt, zips of them, a manifest.csv) into a project's
// staging, reads them here (in this process), and prints what was found. With --yes it then imports
// every file that has no warning; the rest wait on the project's import page for a manager to check.
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { openDatabase } from './lib/database'

const usage = 'Usage: npm run import:files -- --project <id or name> [--as <email of a manager>] [--yes] <file or folder>…'
let parsed
try {
  parsed = parseArgs({ allowPositionals: true, options: { project: { type: 'string' }, as: { type: 'string' }, yes: { type: 'boolean', default: false } } })
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`)
  process.exit(2)
}
const cli = z
  .object({
    project: z.string({ error: '--project is required (the project id or its name)' }).trim().min(1, '--project must not be empty'),
    as: z.string().trim().toLowerCase().email('--as must be an email address').optional(),
    yes: z.boolean(),
    paths: z.array(z.string().min(1)).min(1, 'name at least one file or folder to import'),
  })
  .safeParse({ ...parsed.values, paths: parsed.positionals })
if (!cli.success) {
  console.error(cli.error.issues.map((i) => i.message).join('\n'))
  console.error(usage)
  process.exit(2)
}
const args = cli.data

/** Every file under the paths, with its path relative to the folder named (a file named alone: its name). */
async function filesUnder(paths: string[]): Promise<{ full: string; relative: string }[]> {
  const out: { full: string; relative: string }[] = []
  for (const p of paths) {
    const full = path.resolve(p)
    const info = await stat(full).catch(() => null)
    if (!info) throw new Error(`There is no file or folder ${full}.`)
    if (info.isFile()) out.push({ full, relative: path.basename(full) })
    else {
      const base = path.basename(full)
      for (const entry of await readdir(full, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue
        const child = path.join(entry.parentPath, entry.name)
        out.push({ full: child, relative: path.posix.join(base, path.relative(full, child).split(path.sep).join('/')) })
      }
    }
  }
  return out.filter((f) => !/(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/i.test(f.relative))
}

const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
process.env.DATABASE_URL = database.url
const { db } = await import('../lib/db/client')
const { endSqlPool } = await import('../lib/db/sql')
const { loadActor } = await import('../lib/auth/actor')
const { DomainError } = await import('../lib/errors')
const { addFileBytes, createBatch } = await import('../lib/services/ingest')
const { commitStagedFiles, readStagedFile } = await import('../lib/ingest/jobs')
const { stopQueue } = await import('../lib/jobs/queue')
let exitCode = 0
try {
  const project = await db.project.findFirst({ where: { OR: [{ id: args.project }, { name: args.project }] }, select: { id: true, name: true } })
  if (!project) {
    const known = (await db.project.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((p) => p.name)
    throw new DomainError('not_found', `No project "${args.project}". Projects here: ${known.join(', ') || 'none'}.`)
  }
  const managers = await db.membership.findMany({ where: { projectId: project.id, role: 'manager', user: { disabled: false } }, orderBy: { createdAt: 'asc' }, select: { user: { select: { id: true, email: true } } } })
  const chosen = args.as ? managers.find((m) => m.user.email.toLowerCase() === args.as) : managers[0]
  if (!chosen) throw new DomainError('forbidden', args.as ? `${args.as} is not a manager of "${project.name}"; only a manager may import.` : `"${project.name}" has no manager to import in the name of; give --as <email>.`)
  const actor = await loadActor(chosen.user.id, 'session')
  if (!actor) throw new DomainError('forbidden', `${chosen.user.email} cannot act (the account is disabled).`)

  const files = await filesUnder(args.paths)
  const batch = await createBatch(actor, { projectId: project.id })
  const started = Date.now()
  // manifest.csv first, so that the files read after it take its values.
  files.sort((a, b) => Number(b.relative.toLowerCase().endsWith('manifest.csv')) - Number(a.relative.toLowerCase().endsWith('manifest.csv')))
  for (const f of files) await addFileBytes(batch.id, f.relative, await readFile(f.full), { read: 'later' })
  // Read until nothing is queued (an archive's entries are queued when it is unpacked).
  let done = 0
  for (;;) {
    const queued = await db.stagedFile.findMany({ where: { batchId: batch.id, status: 'queued' }, select: { id: true }, orderBy: { path: 'asc' }, take: 100 })
    if (queued.length === 0) break
    for (const q of queued) {
      await readStagedFile(q.id, { queueEntries: false })
      process.stderr.write(`\rRead ${++done} files   `)
    }
  }
  process.stderr.write('\n')
  const rows = await db.stagedFile.findMany({ where: { batchId: batch.id, status: { not: 'unpacked' } }, select: { id: true, path: true, status: true, warnings: true, problem: true, duplicateOfId: true }, orderBy: { path: 'asc' } })
  for (const r of rows) {
    const warnings = (r.warnings as { code: string; message: string }[]).map((w) => w.code)
    const line = r.status === 'refused' ? `refused: ${(r.problem as { message: string } | null)?.message ?? ''}` : warnings.length ? `warnings: ${warnings.join(', ')}` : 'ready'
    console.log(`  ${r.path}  ${line}`)
  }
  const ready = rows.filter((r) => r.status === 'staged' && (r.warnings as unknown[]).length === 0 && !r.duplicateOfId)
  console.log(`${rows.length} files read in ${((Date.now() - started) / 1000).toFixed(1)} s: ${ready.length} ready, ${rows.filter((r) => r.status === 'staged').length - ready.length} with warnings, ${rows.filter((r) => r.status === 'refused').length} refused.`)
  if (args.yes && ready.length) {
    const outcome = await commitStagedFiles({ batchId: batch.id, actorId: actor.id, ids: ready.map((r) => r.id) })
    console.log(`Imported ${outcome.imported} documents into "${project.name}".${outcome.skipped.length ? ` Skipped: ${outcome.skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}` : ''}`)
  }
  const waiting = rows.filter((r) => r.status === 'staged').length - (args.yes ? ready.length : 0)
  if (waiting > 0) console.log(`${waiting} files wait for a manager on the import page: /projects/${project.id}/import?batch=${batch.id}`)
} catch (error) {
  console.error(error instanceof DomainError ? error.message : error)
  exitCode = 1
} finally {
  await stopQueue().catch(() => undefined)
  await db.$disconnect()
  await endSqlPool()
  await database.stop()
}
process.exit(exitCode)
