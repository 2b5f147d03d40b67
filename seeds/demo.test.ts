import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { db } from '../lib/db/client'
import { normaliseText } from '../lib/ingest/extract/normalise'
import { loadActor } from '../lib/auth/actor'
import { sha256 } from '../lib/services/documents'
import { reviewTag } from '../lib/services/review'
import { deleteTag, restoreTag } from '../lib/services/tags'
import { childColors } from '../lib/taxonomy/colors'
import { requireDatabaseUrl } from '../tests/integration/support'
import { DEMO_PROJECT, demoUsers, extractBody, LABELLED_SET_ANNOTATOR, LABELLED_SET_REVIEWER, seedDemo } from './demo'
import { readLabelledSet } from './labelled'

requireDatabaseUrl()

const corpus = path.resolve(import.meta.dirname, 'corpus')
const metadata = JSON.parse(readFileSync(path.join(corpus, 'metadata.json'), 'utf8')) as {
  reports: { file: string; title: string; body_starts_with: string; body_ends_with: string; report_year: number | null; province: string | null }[]
}
interface LabelSpec {
  name: string
  color?: string
  key?: string
  children?: LabelSpec[]
}
const taxonomy = JSON.parse(readFileSync(path.join(corpus, 'taxonomy.json'), 'utf8')) as { version: number; labels: LabelSpec[] }

const fileText = (file: string) => readFileSync(path.join(corpus, 'reports', file), 'utf8')
const bodyOf = (r: (typeof metadata.reports)[number]) => extractBody(fileText(r.file), r.body_starts_with, r.body_ends_with)

async function demoProject() {
  return db.project.findUniqueOrThrow({ where: { name: DEMO_PROJECT } })
}

afterAll(async () => {
  await db.$disconnect()
})

describe('extractBody', () => {
  it('has five seeded reports', () => {
    expect(metadata.reports).toHaveLength(5)
  })

  it.each(metadata.reports)('$file: the body runs from body_starts_with to body_ends_with', (report) => {
    const file = fileText(report.file)
    const body = bodyOf(report)
    expect(body.startsWith(report.body_starts_with)).toBe(true)
    expect(body.endsWith(report.body_ends_with)).toBe(true)
    expect(file).toContain(body)
    expect(body.length).toBeGreaterThan(report.body_starts_with.length + report.body_ends_with.length)
  })

  it('refuses markers that are not in the file, or in the wrong order', () => {
    expect(() => extractBody('甲乙丙丁', '戊', '丁')).toThrow(/markers were not found/)
    expect(() => extractBody('甲乙丙丁', '甲', '戊')).toThrow(/markers were not found/)
    expect(() => extractBody('甲乙丙丁', '丙', '甲')).toThrow(/markers were not found/)
    expect(extractBody('页眉 正文开始，正文结束。页脚', '正文开始', '正文结束。')).toBe('正文开始，正文结束。')
  })
})

describe('the seeded demo project', () => {
  it('holds the five report bodies, found by the import pipeline, exactly as the markers cut them (after the import normalisation), with code-point lengths and hashes', async () => {
    const project = await demoProject()
    const documents = await db.document.findMany({ where: { projectId: project.id } })
    expect(documents).toHaveLength(metadata.reports.length)
    for (const report of metadata.reports) {
      const doc = documents.find((d) => d.originalFileName === report.file)
      expect(doc, report.file).toBeDefined()
      // Seeded through the file import without markers; its one normalisation (ADR 0018) collapses
      // runs of blank lines, so the markers' body is compared after the same normalisation.
      const body = normaliseText(bodyOf(report))
      expect(doc!.title).toBe(report.title)
      expect(doc!.text).toBe(body)
      expect(doc!.originalText).toBe(normaliseText(fileText(report.file)))
      expect(doc!.stagedFileId, report.file).not.toBeNull()
      expect(doc!.length).toBe([...body].length)
      expect(doc!.textSha256).toBe(sha256(body))
      expect(doc!.reportYear).toBe(report.report_year)
      expect(doc!.province).toBe(report.province)
    }
  })

  it('has one member per demo user with the designed role', async () => {
    const project = await demoProject()
    const members = await db.membership.findMany({ where: { projectId: project.id }, include: { user: true } })
    expect(members.map((m) => [m.user.email, m.role]).sort()).toEqual(demoUsers.map((u) => [u.email, u.role]).sort())
  })

  it('has the taxonomy: 4 top-level labels and their children with shortcut keys 1..n and colours', async () => {
    const project = await demoProject()
    expect(project.taxonomyVersion).toBe(taxonomy.version)
    const labels = await db.label.findMany({ where: { projectId: project.id }, orderBy: { order: 'asc' } })
    const childCount = taxonomy.labels.reduce((n, l) => n + (l.children?.length ?? 0), 0)
    expect(taxonomy.labels).toHaveLength(4)
    expect(labels).toHaveLength(4 + childCount)

    const top = labels.filter((l) => l.parentId === null)
    expect(top.map((l) => l.name)).toEqual(taxonomy.labels.map((l) => l.name))
    for (const spec of taxonomy.labels) {
      const parent = top.find((l) => l.name === spec.name)!
      expect(parent.color).toBe(spec.color)
      expect(parent.shortcut).toBe(spec.key)
      const children = labels.filter((l) => l.parentId === parent.id)
      const specs = spec.children ?? []
      expect(children.map((c) => c.name)).toEqual(specs.map((c) => c.name))
      expect(children.map((c) => c.shortcut)).toEqual(specs.map((_, i) => String(i + 1)))
      expect(children.map((c) => c.color)).toEqual(childColors(parent.color, specs.length))
      for (const child of children) expect(child.color).toMatch(/^#[0-9a-f]{6}$/)
      expect(new Set(children.map((c) => c.color)).size).toBe(children.length)
    }
  })
})

describe('the labelled demo set in the seeded demo', () => {
  it('is there as approved tags, one per entry, each created by the annotator and approved by the reviewer through the services', async () => {
    const project = await demoProject()
    const labelled = await readLabelledSet()
    const annotator = await db.user.findUniqueOrThrow({ where: { email: LABELLED_SET_ANNOTATOR } })
    const reviewer = await db.user.findUniqueOrThrow({ where: { email: LABELLED_SET_REVIEWER } })
    const tags = await db.tag.findMany({
      where: { projectId: project.id },
      include: { document: { select: { originalFileName: true } }, label: { select: { name: true, parent: { select: { name: true } } } }, events: { orderBy: { seq: 'asc' } } },
    })
    const expected = labelled.flatMap((r) => r.tags.map((t) => `${r.report} ${t.label_path} ${t.quote}`)).sort()
    const path = (t: (typeof tags)[number]) => (t.label.parent ? `${t.label.parent.name}/${t.label.name}` : t.label.name)
    expect(tags.map((t) => `${t.document.originalFileName} ${path(t)} ${t.quote}`).sort()).toEqual(expected)
    // The annotator read every sentence of the five reports: their work on each is done.
    const assignments = await db.assignment.findMany({ where: { document: { projectId: project.id } }, select: { userId: true, state: true } })
    expect(assignments).toEqual(labelled.map(() => ({ userId: annotator.id, state: 'done' })))
    for (const tag of tags) {
      expect(tag).toMatchObject({ status: 'approved', authorId: annotator.id, reviewerId: reviewer.id, source: 'manual', deletedAt: null, version: 2 })
      expect(tag.events.map((e) => [e.action, e.actorId])).toEqual([
        ['created', annotator.id],
        ['approved', reviewer.id],
      ])
    }
  })
})

describe('seedDemo run again', () => {
  async function counts() {
    const [users, labels, documents, memberships, projects, tags, tagEvents, assignments] = await Promise.all([
      db.user.count(),
      db.label.count(),
      db.document.count(),
      db.membership.count(),
      db.project.count(),
      db.tag.count(),
      db.tagEvent.count(),
      db.assignment.findMany({ select: { documentId: true, userId: true, state: true, updatedAt: true }, orderBy: [{ documentId: 'asc' }, { userId: 'asc' }] }),
    ])
    return { users, labels, documents, memberships, projects, tags, tagEvents, assignments }
  }

  it('changes nothing on the already-seeded database', async () => {
    const project = await demoProject()
    const before = await counts()
    const labelsBefore = await db.label.findMany({ where: { projectId: project.id }, orderBy: { id: 'asc' } })
    const usersBefore = await db.user.findMany({ where: { email: { in: demoUsers.map((u) => u.email) } }, orderBy: { id: 'asc' } })

    const lines: string[] = []
    const result = await seedDemo({ password: process.env.DEMO_PASSWORD, log: (line) => lines.push(line) })

    expect(result).toEqual({ projectId: project.id, createdUsers: [], importedDocuments: 0, labelledTags: 0 })
    expect(await counts()).toEqual(before)
    expect(lines).toEqual([])
    expect(await db.label.findMany({ where: { projectId: project.id }, orderBy: { id: 'asc' } })).toEqual(labelsBefore)
    // Passwords are not reset by a second run.
    expect(await db.user.findMany({ where: { email: { in: demoUsers.map((u) => u.email) } }, orderBy: { id: 'asc' } })).toEqual(usersBefore)
  })

  it('leaves a labelled tag a reviewer reopened as it is, and does not bring back one its author deleted', async () => {
    const project = await demoProject()
    const annotator = (await loadActor((await db.user.findUniqueOrThrow({ where: { email: LABELLED_SET_ANNOTATOR } })).id, 'session'))!
    const reviewer = (await loadActor((await db.user.findUniqueOrThrow({ where: { email: LABELLED_SET_REVIEWER } })).id, 'session'))!
    const [reopened, deleted] = await db.tag.findMany({ where: { projectId: project.id, authorId: annotator.id }, orderBy: { id: 'asc' }, take: 2 })
    const reopen = (tag: { id: string; version: number }) => reviewTag(reviewer, { tagId: tag.id, action: 'reopen', version: tag.version, reason: '再看一下' })
    const kept = await reopen(reopened)
    const gone = await deleteTag(annotator, { tagId: deleted.id, version: (await reopen(deleted)).version })
    const before = await counts()

    const result = await seedDemo({ password: process.env.DEMO_PASSWORD, log: () => undefined })

    expect(result.labelledTags).toBe(0)
    expect(await counts()).toEqual(before)
    expect(await db.tag.findUniqueOrThrow({ where: { id: reopened.id } })).toMatchObject({ status: 'pending', version: kept.version, deletedAt: null })
    expect((await db.tag.findUniqueOrThrow({ where: { id: deleted.id } })).deletedAt).not.toBeNull()

    // The demo as it was for the tests that follow: both approved again.
    await reviewTag(reviewer, { tagId: kept.id, action: 'approve', version: kept.version })
    const restored = await restoreTag(annotator, { tagId: gone.id, version: gone.version })
    await reviewTag(reviewer, { tagId: restored.id, action: 'approve', version: restored.version })
  })
})
