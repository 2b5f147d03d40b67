// "Next document" (lib/services/next-document.ts): list order by default; with "next document by uncertainty" on and a
// model trained, the model's most uncertain open document, documents the annotator has done skipped, and a near-copy of
// what they just finished pushed down the queue (diversity, inception#2197).
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import { setOwnAssignmentState } from '../../lib/services/assignments'
import { nextDocument } from '../../lib/services/next-document'
import * as engine from '../../lib/services/suggestion-engine'
import { projectContext, trainProject } from '../../lib/services/suggestions'
import { locateQuote, readLabelledSet } from '../../seeds/labelled'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let annotatorId: string
const open: { id: string; title: string; text: string }[] = []

beforeAll(async () => {
  const demo = await db.project.findFirstOrThrow({ where: { name: '法治政府建设年度报告' } })
  projectId = (await db.project.create({ data: { name: uniqueName('unit-next-document') } })).id
  const user = await createTestUser('next-document')
  await addMember(projectId, user.id, 'annotator')
  annotatorId = user.id
  const labels = await db.label.findMany({ where: { projectId: demo.id, archived: false }, orderBy: [{ parentId: { sort: 'asc', nulls: 'first' } }, { order: 'asc' }] })
  const newId = new Map<string, string>()
  const labelByPath = new Map<string, string>()
  for (const l of [...labels.filter((l) => !l.parentId), ...labels.filter((l) => l.parentId)]) {
    const created = await db.label.create({ data: { projectId, parentId: l.parentId ? newId.get(l.parentId)! : null, name: l.name, en: l.en, color: l.color, keywords: l.keywords, order: l.order } })
    newId.set(l.id, created.id)
    const parent = l.parentId ? labels.find((p) => p.id === l.parentId)! : null
    labelByPath.set(parent ? `${parent.name}/${l.name}` : l.name, created.id)
  }
  const labelled = await readLabelledSet()
  const demoDocs = await db.document.findMany({ where: { projectId: demo.id } })
  for (const [k, report] of labelled.entries()) {
    const d = demoDocs.find((x) => x.originalFileName === report.report)!
    const copy = await db.document.create({ data: { projectId, title: `${k} ${d.title}`, text: d.text, textSha256: d.textSha256, length: d.length, originalFileName: d.originalFileName } })
    if (k < 3) {
      // Three reports approved (by someone else) train the model; the annotator has not done them.
      for (const t of report.tags) {
        const span = locateQuote(d.text, t.quote, t.occurrence)!
        await query(sql`INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, "authorId", status, "updatedAt")
          VALUES (gen_random_uuid()::text, ${projectId}, ${copy.id}, ${labelByPath.get(t.label_path)!}, ${span.start}, ${span.end}, ${Array.from(d.text).slice(span.start, span.end).join('')}, ${annotatorId}, 'approved', now())`)
      }
    }
    open.push({ id: copy.id, title: copy.title, text: d.text })
  }
  await trainProject(projectId)
}, 120_000)

describe('next document', () => {
  it('follows the list order until the project turns on ordering by uncertainty, then the most uncertain open document', async () => {
    const actor = await actorOf(annotatorId)
    const listed = await db.document.findMany({ where: { projectId }, orderBy: [{ reportYear: { sort: 'desc', nulls: 'last' } }, { title: 'asc' }], select: { id: true } })
    expect(await nextDocument(actor, { projectId })).toEqual({ documentId: listed[0].id, order: 'list', open: 5 })

    await db.suggestionSettings.upsert({ where: { projectId }, create: { projectId, nextByUncertainty: true }, update: { nextByUncertainty: true } })
    const context = await projectContext(projectId, { propagation: false })
    expect(context.model).not.toBeNull()
    const labels = context.labels.live()
    const ranked = engine.rankByUncertainty(context.model!, labels, open, [])
    const next = await nextDocument(actor, { projectId })
    expect(next).toMatchObject({ documentId: ranked[0], order: 'uncertainty', open: 5 })

    // Done documents are skipped; the one just left (`after`) is not offered again.
    await setOwnAssignmentState(actor, { documentId: ranked[0], state: 'done' })
    const after = await nextDocument(actor, { projectId, after: ranked[1] })
    expect(after.documentId).not.toBe(ranked[0])
    expect(after.documentId).not.toBe(ranked[1])
    expect(after.open).toBe(3)
  }, 60_000)

  it('pushes a near-copy of the document just finished down the queue, though it is as uncertain', async () => {
    const actor = await actorOf(annotatorId)
    const context = await projectContext(projectId, { propagation: false })
    const mostUncertain = engine.rankByUncertainty(context.model!, context.labels.live(), open, [])[0]
    const original = open.find((d) => d.id === mostUncertain)!
    const copy = await db.document.create({ data: { projectId, title: `${original.title} (copy)`, text: original.text, textSha256: 'copy', length: Array.from(original.text).length } })
    // Without the annotator's history the copy would come first (it ties with the original on uncertainty).
    const remaining = [...open.filter((d) => d.id !== mostUncertain), { id: copy.id, title: copy.title, text: original.text }]
    const done = await db.assignment.findMany({ where: { userId: annotatorId, state: 'done' }, select: { documentId: true } })
    const stillOpen = remaining.filter((d) => !done.some((x) => x.documentId === d.id))
    expect(engine.rankByUncertainty(context.model!, context.labels.live(), stillOpen, [])[0]).toBe(copy.id)
    await setOwnAssignmentState(actor, { documentId: mostUncertain, state: 'done' })
    const next = await nextDocument(actor, { projectId })
    expect(next.order).toBe('uncertainty')
    expect(next.documentId).not.toBeNull()
    expect(next.documentId).not.toBe(copy.id)
  }, 60_000)
})
