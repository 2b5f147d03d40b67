// Guideline examples (issue 13): a reviewer links an approved tag to its label as "this counts" or a
// rejected one as "this does not"; the label card in the workbench and the taxonomy page show them.
// An example stays linked when its tag changes afterwards (another review, a relabel, a deletion)
// and says so: the reader sees why it no longer illustrates the label rather than have it vanish
// (docs/decisions/0026-taxonomy-editor.md).
import { randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeProject } from '../auth/permissions'
import { query, sql } from '../db/sql'
import { conflict, notFound } from '../errors'

export type ExampleKind = 'positive' | 'negative'

async function tagOf(actor: Actor, tagId: string) {
  const [tag] = await query<{ id: string; projectId: string; labelId: string; status: string; deletedAt: Date | null }>(
    sql`SELECT id, "projectId", "labelId", status, "deletedAt" FROM "Tag" WHERE id = ${tagId}`,
  )
  if (!tag || !actor.roles.has(tag.projectId)) throw notFound('The tag', { key: 'permission.tagNotFound' })
  authorizeProject(actor, tag.projectId, 'tag.review')
  return tag
}

/** Links the tag to its label as an example (reviewers): positive needs an approved tag, negative a rejected one. Linking again changes the kind. */
export async function addLabelExample(actor: Actor, input: { tagId: string; kind: ExampleKind }) {
  const tag = await tagOf(actor, input.tagId)
  const wanted = input.kind === 'positive' ? 'approved' : 'rejected'
  if (tag.deletedAt || tag.status !== wanted) {
    const current = { status: tag.deletedAt ? 'deleted' : tag.status }
    if (input.kind === 'positive') throw conflict('Only an approved tag can be an example of what counts; approve it first.', { current }, { key: 'examples.needsApproved' })
    throw conflict('Only a rejected tag can be an example of what does not count; reject it first.', { current }, { key: 'examples.needsRejected' })
  }
  await query(sql`
    INSERT INTO "LabelExample" (id, "labelId", "tagId", kind, "createdById") VALUES (${randomUUID()}, ${tag.labelId}, ${tag.id}, ${input.kind}::"LabelExampleKind", ${actor.id})
    ON CONFLICT ("tagId") DO UPDATE SET "labelId" = EXCLUDED."labelId", kind = EXCLUDED.kind, "createdById" = EXCLUDED."createdById", "createdAt" = now()`)
  const [example] = await listExamples(sql`e."tagId" = ${tag.id}`)
  return example
}

/** Unlinks the tag's example (reviewers). */
export async function removeLabelExample(actor: Actor, input: { tagId: string }) {
  await tagOf(actor, input.tagId)
  const removed = await query<{ id: string }>(sql`DELETE FROM "LabelExample" WHERE "tagId" = ${input.tagId} RETURNING id`)
  if (removed.length === 0) throw conflict('This tag is not an example of any label.', undefined, { key: 'examples.notAnExample' })
  return { removed: removed[0].id, tagId: input.tagId }
}

/** A label's examples (every member), positive first, newest first. */
export async function labelExamples(actor: Actor, input: { labelId: string }) {
  const [label] = await query<{ projectId: string }>(sql`SELECT "projectId" FROM "Label" WHERE id = ${input.labelId}`)
  if (!label || !actor.roles.has(label.projectId)) throw notFound('The label', { key: 'taxonomy.labelNotFound' })
  authorizeProject(actor, label.projectId, 'project.read')
  return { labelId: input.labelId, items: await listExamples(sql`e."labelId" = ${input.labelId}`) }
}

/** Every example of the project, for the taxonomy page. */
export async function projectLabelExamples(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  return listExamples(sql`l."projectId" = ${input.projectId}`)
}

async function listExamples(where: ReturnType<typeof sql>) {
  const rows = await query<{
    id: string
    labelId: string
    tagId: string
    kind: ExampleKind
    quote: string
    prefix: string
    suffix: string
    documentTitle: string
    status: string
    deleted: boolean
    tagLabelId: string
    tagLabelName: string
    createdByName: string
    createdAt: Date
  }>(sql`
    SELECT e.id, e."labelId", e."tagId", e.kind::text AS kind, t.quote, t.prefix, t.suffix, d.title AS "documentTitle", t.status::text AS status,
           t."deletedAt" IS NOT NULL AS deleted, t."labelId" AS "tagLabelId", tl.name AS "tagLabelName", u.name AS "createdByName", e."createdAt"
    FROM "LabelExample" e JOIN "Label" l ON l.id = e."labelId" JOIN "Tag" t ON t.id = e."tagId" JOIN "Label" tl ON tl.id = t."labelId"
    JOIN "Document" d ON d.id = t."documentId" JOIN "User" u ON u.id = e."createdById"
    WHERE ${where}
    ORDER BY e.kind, e."createdAt" DESC, e.id`)
  return rows.map((r) => ({
    id: r.id,
    labelId: r.labelId,
    tagId: r.tagId,
    kind: r.kind,
    quote: r.quote,
    prefix: r.prefix,
    suffix: r.suffix,
    documentTitle: r.documentTitle,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    // Why the example no longer shows what it was linked for, if it does not: the tag was deleted, moved to another label, or reviewed otherwise since.
    changed: r.deleted
      ? { reason: 'deleted' as const }
      : r.tagLabelId !== r.labelId
        ? { reason: 'relabelled' as const, labelName: r.tagLabelName }
        : r.status !== (r.kind === 'positive' ? 'approved' : 'rejected')
          ? { reason: 'status' as const, status: r.status }
          : null,
  }))
}
