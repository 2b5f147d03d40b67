// Comments on a tag (docs/decisions/0025): a short, append-only thread where an annotator answers a
// reviewer's reason on their own tag and a reviewer or manager replies. Who may read a thread is who
// may see the tag (loadTag: blind mode included); who may write is authorizeComment's rule.
import { randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeComment, authorizeProject, seesOnlyOwnTags } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql } from '../db/sql'
import { conflict } from '../errors'
import type { CreateCommentInput, TagCommentList, TagCommentView } from '../schemas/comments'
import { loadTag } from './tags'

interface CommentRow {
  id: string
  tagId: string
  authorId: string
  authorName: string
  authorRole: TagCommentView['authorRole']
  body: string
  createdAt: Date
}

const view = (row: CommentRow): TagCommentView => ({ ...row, createdAt: row.createdAt.toISOString() })

/** Whether a reviewer has spoken on the tag: a reason on a review action, or a comment by a reviewer or manager. */
async function reviewerHasSpoken(tagId: string, projectId: string): Promise<boolean> {
  const [row] = await query<{ spoken: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM "TagEvent" e WHERE e."tagId" = ${tagId} AND e.action IN ('rejected', 'sent_back', 'reopened') AND (e.reason IS NOT NULL OR e."reasonCode" IS NOT NULL))
        OR EXISTS (SELECT 1 FROM "TagComment" c JOIN "Membership" m ON m."userId" = c."authorId" AND m."projectId" = ${projectId}
                    WHERE c."tagId" = ${tagId} AND m.role IN ('reviewer', 'manager')) AS spoken`)
  return row.spoken
}

async function thread(tagId: string, projectId: string): Promise<CommentRow[]> {
  return query<CommentRow>(sql`
    SELECT c.id, c."tagId", c."authorId", u.name AS "authorName", m.role::text AS "authorRole", c.body, c."createdAt"
    FROM "TagComment" c JOIN "User" u ON u.id = c."authorId"
    LEFT JOIN "Membership" m ON m."userId" = c."authorId" AND m."projectId" = ${projectId}
    WHERE c."tagId" = ${tagId} ORDER BY c.seq`)
}

async function mayComment(actor: Actor, tag: { id: string; projectId: string; authorId: string }): Promise<boolean> {
  try {
    authorizeComment(actor, tag, await reviewerHasSpoken(tag.id, tag.projectId))
    return true
  } catch {
    return false
  }
}

/** The tag's comments, oldest first, and whether the caller may add one. */
export async function listComments(actor: Actor, input: { tagId: string }): Promise<TagCommentList> {
  const tag = await loadTag(actor, input.tagId)
  const items = await thread(tag.id, tag.projectId)
  return { items: items.map(view), canComment: tag.deletedAt === null && (await mayComment(actor, tag)) }
}

export async function addComment(actor: Actor, input: CreateCommentInput & { tagId: string }): Promise<TagCommentView> {
  const tag = await loadTag(actor, input.tagId)
  authorizeComment(actor, tag, await reviewerHasSpoken(tag.id, tag.projectId))
  if (tag.deletedAt) throw conflict('This tag was deleted by its author; its thread is closed.', undefined, { key: 'comments.tagDeleted' })
  const [row] = await query<CommentRow>(sql`
    WITH c AS (
      INSERT INTO "TagComment" (id, "tagId", "authorId", body) VALUES (${randomUUID()}, ${tag.id}, ${actor.id}, ${input.body})
      RETURNING id, "tagId", "authorId", body, "createdAt"
    )
    SELECT c.*, ${actor.name}::text AS "authorName", ${actor.roles.get(tag.projectId) ?? null}::text AS "authorRole" FROM c`)
  return view(row)
}

/**
 * How many comments each of these tags has (for the review queue's and the revisions list's rows).
 * Tags the caller may not see (another project, another annotator's in blind mode) are left out.
 */
export async function commentCounts(actor: Actor, input: { projectId: string; tagIds: string[] }): Promise<{ counts: Record<string, number> }> {
  const role = authorizeProject(actor, input.projectId, 'project.read')
  if (input.tagIds.length === 0) return { counts: {} }
  const project = await db.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { blindMode: true } })
  const ownOnly = seesOnlyOwnTags(role, project)
  const rows = await query<{ tagId: string; count: number }>(sql`
    SELECT c."tagId", count(*)::int AS count FROM "TagComment" c JOIN "Tag" t ON t.id = c."tagId"
    WHERE c."tagId" = ANY(${input.tagIds}::text[]) AND t."projectId" = ${input.projectId} ${ownOnly ? sql`AND t."authorId" = ${actor.id}` : sql``}
    GROUP BY c."tagId"`)
  return { counts: Object.fromEntries(rows.map((r) => [r.tagId, r.count])) }
}
