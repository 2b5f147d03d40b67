// Comments on a tag (issue #16, "Talk about a tag"): an annotator answers a reviewer's reason on
// their own tag, a reviewer or manager replies, nobody else writes; the thread is append-only.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import { createCommentSchema } from '../../lib/schemas/comments'
import { addComment, commentCounts, listComments } from '../../lib/services/comments'
import { reviewTag } from '../../lib/services/review'
import { createTag } from '../../lib/services/tags'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const text = '一、总体情况\n全面推行行政执法公示制度、执法全过程记录制度。'
let projectId: string
let documentId: string
let labelId: string
const actors = {} as Record<'author' | 'otherAnnotator' | 'reviewer' | 'manager' | 'outsider', Actor>

const newTag = (quote: string) => {
  const start = Array.from(text.slice(0, text.indexOf(quote))).length
  return createTag(actors.author, { documentId, labelId, start, end: start + Array.from(quote).length, quote })
}

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-comments') } })).id
  for (const [key, role] of [
    ['author', 'annotator'],
    ['otherAnnotator', 'annotator'],
    ['reviewer', 'reviewer'],
    ['manager', 'manager'],
    ['outsider', null],
  ] as const) {
    const user = await createTestUser(`comments-${key}`)
    if (role) await addMember(projectId, user.id, role)
    actors[key] = await actorOf(user.id)
  }
  labelId = (await db.label.create({ data: { projectId, name: '执法', color: '#2563eb' } })).id
  documentId = (await db.document.create({ data: { projectId, title: '报告', text, textSha256: 'k'.repeat(64), length: Array.from(text).length } })).id
})

describe('comments on a tag', () => {
  it("lets the author answer a reviewer's reason, and the reviewer and manager reply, in order", async () => {
    const tag = await newTag('行政执法公示制度')
    // Before any reason, the author has nothing to answer.
    expect((await listComments(actors.author, { tagId: tag.id })).canComment).toBe(false)
    expect((await domainErrorOf(addComment(actors.author, { tagId: tag.id, body: '为什么？' }))).code).toBe('forbidden')

    await reviewTag(actors.reviewer, { tagId: tag.id, action: 'send_back', version: tag.version, reasonCode: 'span_too_wide', reason: '范围过宽' })
    expect((await listComments(actors.author, { tagId: tag.id })).canComment).toBe(true)
    await addComment(actors.author, { tagId: tag.id, body: '“行政”二字是制度名称的一部分。' })
    await addComment(actors.reviewer, { tagId: tag.id, body: '同意，请保留。' })
    await addComment(actors.manager, { tagId: tag.id, body: '已写入指南。' })
    const thread = await listComments(actors.reviewer, { tagId: tag.id })
    expect(thread.items.map((c) => [c.authorId, c.authorRole, c.body])).toEqual([
      [actors.author.id, 'annotator', '“行政”二字是制度名称的一部分。'],
      [actors.reviewer.id, 'reviewer', '同意，请保留。'],
      [actors.manager.id, 'manager', '已写入指南。'],
    ])
    expect(await commentCounts(actors.author, { projectId, tagIds: [tag.id] })).toEqual({ counts: { [tag.id]: 3 } })
  })

  it("lets a reviewer open a thread, but not another annotator (blind mode hides the tag), nor a non-member", async () => {
    const tag = await newTag('执法全过程记录制度')
    await addComment(actors.reviewer, { tagId: tag.id, body: '请核对范围。' })
    // A reviewer's comment is something to answer.
    await addComment(actors.author, { tagId: tag.id, body: '已核对。' })
    expect((await domainErrorOf(addComment(actors.otherAnnotator, { tagId: tag.id, body: '我也觉得' }))).code).toBe('not_found')
    expect((await domainErrorOf(listComments(actors.outsider, { tagId: tag.id }))).code).toBe('not_found')
    // Counts leave out tags the caller may not see.
    expect(await commentCounts(actors.otherAnnotator, { projectId, tagIds: [tag.id] })).toEqual({ counts: {} })
  })

  it("refuses another annotator's comment where blind mode is off too", async () => {
    await db.project.update({ where: { id: projectId }, data: { blindMode: false } })
    try {
      const tag = await newTag('全面推行')
      await reviewTag(actors.reviewer, { tagId: tag.id, action: 'reject', version: tag.version, reasonCode: 'not_substantive' })
      expect((await domainErrorOf(addComment(actors.otherAnnotator, { tagId: tag.id, body: '我也觉得' }))).code).toBe('forbidden')
      expect((await listComments(actors.otherAnnotator, { tagId: tag.id })).canComment).toBe(false)
    } finally {
      await db.project.update({ where: { id: projectId }, data: { blindMode: true } })
    }
  })

  it('takes 1 to 2,000 characters, trimmed', () => {
    expect(createCommentSchema.safeParse({ body: '   ' }).success).toBe(false)
    expect(createCommentSchema.safeParse({ body: '字'.repeat(2001) }).success).toBe(false)
    expect(createCommentSchema.parse({ body: ` ${'字'.repeat(2000)} ` }).body).toHaveLength(2000)
  })

  it('keeps the thread append-only in the database', async () => {
    await expect(query(sql`UPDATE "TagComment" SET body = 'x' WHERE "tagId" IN (SELECT id FROM "Tag" WHERE "projectId" = ${projectId})`)).rejects.toThrow(/append-only/)
    await expect(query(sql`DELETE FROM "TagComment" WHERE "tagId" IN (SELECT id FROM "Tag" WHERE "projectId" = ${projectId})`)).rejects.toThrow(/append-only/)
  })
})
