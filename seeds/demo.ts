// The demo seed: five starting reports, the starting taxonomy, one user per role and the labelled
// demo set as approved tags (docs/decisions/0029). Idempotent: running it again changes nothing
// that is already there.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { loadActor } from '../lib/auth/actor'
import { db } from '../lib/db/client'
import type { ProjectRole } from '../lib/generated/prisma/enums'
import { commitStagedFiles, readStagedFile } from '../lib/ingest/jobs'
import { levelFromChinese } from '../lib/ingest/metadata/levels'
import { DomainError } from '../lib/errors'
import { setOwnAssignmentState } from '../lib/services/assignments'
import { addFileBytes, createBatch } from '../lib/services/ingest'
import { reviewTag } from '../lib/services/review'
import { createTag } from '../lib/services/tags'
import { CodePointIndex } from '../lib/text/codepoints'
import { LabelTree } from '../lib/taxonomy/tree'
import { createUser, generatePassword } from '../lib/services/users'
import { childColors } from '../lib/taxonomy/colors'
import { locateQuote, readLabelledSet } from './labelled'

const corpusDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus')

export const DEMO_PROJECT = '法治政府建设年度报告'

export const demoUsers: { email: string; name: string; role: ProjectRole; isAdmin?: boolean }[] = [
  { email: 'admin@tagbench.test', name: '管理员', role: 'manager', isAdmin: true },
  { email: 'manager@tagbench.test', name: '项目经理', role: 'manager' },
  { email: 'reviewer@tagbench.test', name: '审核员', role: 'reviewer' },
  { email: 'annotator1@tagbench.test', name: '标注员一', role: 'annotator' },
  { email: 'annotator2@tagbench.test', name: '标注员二', role: 'annotator' },
]

const labelSchema = z.object({
  name: z.string(),
  en: z.string().default(''),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  key: z.string().max(1).optional(),
  guideline: z.string().default(''),
  guideline_zh: z.string().default(''),
  keywords: z.array(z.string()).default([]),
  get children() {
    return z.array(labelSchema).default([])
  },
})
type LabelSpec = z.infer<typeof labelSchema>

const taxonomySchema = z.object({ name: z.string(), version: z.number().int(), labels: z.array(labelSchema) })

const metadataSchema = z.object({
  reports: z.array(
    z.object({
      file: z.string(),
      title: z.string(),
      province: z.string().nullable(),
      city: z.string().nullable(),
      county: z.string().nullable(),
      level: z.string().nullable(),
      report_year: z.number().int().nullable(),
      issuer: z.string().nullable(),
      published: z.string().nullable(),
      signed: z.string().nullable(),
      body_starts_with: z.string(),
      body_ends_with: z.string(),
    }),
  ),
})

/**
 * The report's own text as the hand-read markers cut it (`body_starts_with` … `body_ends_with`):
 * what the seed's reading must agree with, and what benches and tests use as a known body.
 */
export function extractBody(file: string, startsWith: string, endsWith: string): string {
  const start = file.indexOf(startsWith)
  const endAt = file.lastIndexOf(endsWith)
  if (start < 0 || endAt < start) throw new Error(`The body markers were not found in the file (${startsWith} … ${endsWith}).`)
  return file.slice(start, endAt + endsWith.length)
}

async function seedLabels(projectId: string, specs: LabelSpec[], parent: { id: string; color: string } | null) {
  const colors = parent ? childColors(parent.color, specs.length) : []
  for (const [i, spec] of specs.entries()) {
    const color = spec.color ?? colors[i] ?? '#64748b'
    const shortcut = spec.key ?? (parent && i < 9 ? String(i + 1) : null)
    const existing = await db.label.findFirst({ where: { projectId, parentId: parent?.id ?? null, name: spec.name } })
    const label = existing
      ? // A database seeded before labels had Chinese guidelines gets them (nothing a manager wrote is overwritten).
        existing.guidelineZh === '' && spec.guideline_zh !== ''
        ? await db.label.update({ where: { id: existing.id }, data: { guidelineZh: spec.guideline_zh } })
        : existing
      : await db.label.create({
          data: { projectId, parentId: parent?.id ?? null, name: spec.name, en: spec.en, color, shortcut, guideline: spec.guideline, guidelineZh: spec.guideline_zh, keywords: spec.keywords, order: i },
        })
    await seedLabels(projectId, spec.children, { id: label.id, color: label.color })
  }
}

/** Who tagged and who approved the labelled set (docs/decisions/0029: one annotator, not adjudicated). */
export const LABELLED_SET_ANNOTATOR = 'annotator2@tagbench.test'
export const LABELLED_SET_REVIEWER = 'reviewer@tagbench.test'

async function demoActor(email: string) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } })
  return user ? loadActor(user.id, 'session') : null
}

/**
 * Loads the labelled demo set (seeds/corpus/labelled/) as approved tags, through the services (the
 * one way to mutate): the annotator creates each tag, the reviewer approves it, so the TagEvents
 * and the review history are real. An entry is added only when the annotator has no tag with its
 * document, span and label yet, deleted ones included: a second run adds nothing, a run cut short
 * resumes (a tag left pending is approved), and a tag someone deleted stays deleted.
 */
async function seedLabelledSet(projectId: string, log: (line: string) => void): Promise<number> {
  const annotator = await demoActor(LABELLED_SET_ANNOTATOR)
  const reviewer = await demoActor(LABELLED_SET_REVIEWER)
  if (!annotator?.roles.has(projectId) || !reviewer?.roles.has(projectId)) {
    log(`The labelled demo set was not loaded: ${LABELLED_SET_ANNOTATOR} and ${LABELLED_SET_REVIEWER} must be active members of the demo project.`)
    return 0
  }
  const labels = new LabelTree(await db.label.findMany({ where: { projectId, archived: false }, select: { id: true, parentId: true, name: true, order: true } }))
  let added = 0
  const skipped: string[] = []
  for (const report of await readLabelledSet()) {
    const document = await db.document.findFirst({ where: { projectId, originalFileName: report.report }, select: { id: true, text: true } })
    if (!document) {
      skipped.push(`${report.report}: not in the project`)
      continue
    }
    const text = new CodePointIndex(document.text)
    const existing = await db.tag.findMany({ where: { documentId: document.id, authorId: annotator.id }, select: { id: true, labelId: true, start: true, end: true, status: true, version: true, deletedAt: true } })
    for (const entry of report.tags) {
      const label = labels.find(entry.label_path)
      const span = locateQuote(text, entry.quote, entry.occurrence)
      if (!label || !span) {
        skipped.push(`${report.report}: ${!label ? `no label ${entry.label_path}` : `"${entry.quote.slice(0, 20)}…" is not in the text`}`)
        continue
      }
      const found = existing.find((t) => t.labelId === label.id && t.start === span.start && t.end === span.end)
      if (found?.deletedAt) continue
      try {
        const tag = found ?? (await createTag(annotator, { documentId: document.id, labelId: label.id, ...span, quote: entry.quote }))
        // Approved here only when nobody has acted on it yet (version 1: just created, e.g. by a
        // run cut short); a tag a reviewer reopened stays as the reviewer left it.
        if (tag.status === 'pending' && tag.version === 1) {
          await reviewTag(reviewer, { tagId: tag.id, action: 'approve', version: tag.version })
          added++
        }
      } catch (error) {
        // A demo changed by hand (an archived document, say) keeps starting; the line says what was left out.
        if (!(error instanceof DomainError)) throw error
        skipped.push(`${report.report}: ${error.message}`)
      }
    }
    // Every sentence of the report was read, so the annotator's work on it is done (the dashboard's
    // "documents done"); a state someone set since is theirs and stays.
    if (!(await db.assignment.findUnique({ where: { documentId_userId: { documentId: document.id, userId: annotator.id } }, select: { id: true } }))) {
      await setOwnAssignmentState(annotator, { documentId: document.id, state: 'done' })
    }
  }
  if (skipped.length) log(`The labelled demo set: ${skipped.length} entries left out (${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''}).`)
  return added
}

export async function seedDemo(options: { password?: string; log?: (line: string) => void; labelledSet?: boolean } = {}) {
  const log = options.log ?? console.log
  const password = options.password ?? generatePassword()
  const created: string[] = []
  for (const u of demoUsers) {
    if (!(await db.user.findUnique({ where: { email: u.email } }))) {
      await createUser('system', { email: u.email, name: u.name, password, isAdmin: u.isAdmin ?? false })
      created.push(u.email)
    }
  }

  const taxonomy = taxonomySchema.parse(JSON.parse(await readFile(path.join(corpusDir, 'taxonomy.json'), 'utf8')))
  const project =
    (await db.project.findUnique({ where: { name: DEMO_PROJECT } })) ??
    (await db.project.create({
      data: {
        name: DEMO_PROJECT,
        description: '地方政府法治政府建设年度报告的示例语料：重大行政决策、三项制度、府院联动与营商环境。',
        taxonomyVersion: taxonomy.version,
      },
    }))

  for (const u of demoUsers) {
    const user = await db.user.findUniqueOrThrow({ where: { email: u.email } })
    await db.membership.upsert({
      where: { projectId_userId: { projectId: project.id, userId: user.id } },
      create: { projectId: project.id, userId: user.id, role: u.role },
      update: {},
    })
  }

  await seedLabels(project.id, taxonomy.labels, null)

  const manager = await loadActor((await db.user.findUniqueOrThrow({ where: { email: 'manager@tagbench.test' } })).id, 'session')
  if (!manager) throw new Error('The demo manager could not be loaded.')
  const metadata = metadataSchema.parse(JSON.parse(await readFile(path.join(corpusDir, 'metadata.json'), 'utf8')))
  // The reports come in through the file import, as a team's own would: read without markers
  // (body and metadata found by lib/ingest), then the hand-read values set as a manager's
  // corrections, and committed. lib/ingest/corpus-reading.test.ts checks that the reading alone
  // already agrees with them.
  const missing = []
  for (const report of metadata.reports) {
    if (!(await db.document.count({ where: { projectId: project.id, originalFileName: report.file } }))) missing.push(report)
  }
  let imported = 0
  if (missing.length) {
    const batch = await createBatch(manager, { projectId: project.id })
    for (const report of missing) {
      const staged = await addFileBytes(batch.id, report.file, await readFile(path.join(corpusDir, 'reports', report.file)), { read: 'later' })
      await readStagedFile(staged.id, { queueEntries: false })
      const row = await db.stagedFile.findUniqueOrThrow({ where: { id: staged.id }, select: { status: true, problem: true } })
      if (row.status !== 'staged') throw new Error(`The demo report ${report.file} could not be read: ${JSON.stringify(row.problem)}`)
      const level = report.level === null ? null : levelFromChinese(report.level)
      await db.stagedFile.update({
        where: { id: staged.id },
        data: {
          edits: {
            title: report.title,
            issuer: report.issuer,
            published: report.published,
            signed: report.signed,
            report_year: report.report_year,
            province: report.province,
            city: report.city,
            county: report.county,
            level,
          },
        },
      })
    }
    const ids = (await db.stagedFile.findMany({ where: { batchId: batch.id, status: 'staged' }, select: { id: true } })).map((r) => r.id)
    imported = (await commitStagedFiles({ batchId: batch.id, actorId: manager.id, ids })).imported
  }

  // Benchmarks that count every approved tag of the project seed without it (labelledSet: false).
  const labelledTags = options.labelledSet === false ? 0 : await seedLabelledSet(project.id, log)

  if (created.length) {
    log(`Demo users created: ${created.join(', ')}`)
    if (options.password) log('Their password is the one in DEMO_PASSWORD.')
    else log(`Their password (shown once; reset with \`npm run user:reset-password\`): ${password}`)
  }
  if (imported) log(`Demo project "${DEMO_PROJECT}": ${imported} reports imported.`)
  if (labelledTags) log(`Demo project "${DEMO_PROJECT}": ${labelledTags} approved tags from the labelled demo set.`)
  return { projectId: project.id, createdUsers: created, importedDocuments: imported, labelledTags }
}
