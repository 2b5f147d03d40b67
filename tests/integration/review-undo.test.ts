// The undo of a review action (issue #16, bug 1): the queue's and the workbench's toasts undo an
// approve, reject or send back by reopening the tag at the version the action produced. The undo
// writes its own TagEvent, and an undo after someone else's change is refused (409) and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { reviewTag } from '../../lib/services/review'
import { createTag } from '../../lib/services/tags'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const text = '一、总体情况\n全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。'
let projectId: string
let documentId: string
let labelId: string
const actors = {} as Record<'annotator' | 'reviewer' | 'otherReviewer', Actor>

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-review-undo') } })).id
  for (const [key, role] of [
    ['annotator', 'annotator'],
    ['reviewer', 'reviewer'],
    ['otherReviewer', 'reviewer'],
  ] as const) {
    const user = await createTestUser(`review-undo-${key}`)
    await addMember(projectId, user.id, role)
    actors[key] = await actorOf(user.id)
  }
  labelId = (await db.label.create({ data: { projectId, name: '执法', color: '#2563eb' } })).id
  documentId = (await db.document.create({ data: { projectId, title: '报告', text, textSha256: 'u'.repeat(64), length: Array.from(text).length } })).id
})

afterAll(async () => {
  await db.tagEvent.deleteMany({ where: { tag: { projectId } } }).catch(() => undefined)
})

const newTag = (quote: string) => {
  const start = Array.from(text.slice(0, text.indexOf(quote))).length
  return createTag(actors.annotator, { documentId, labelId, start, end: start + Array.from(quote).length, quote })
}

const eventsOf = async (tagId: string) =>
  (await db.tagEvent.findMany({ where: { tagId }, orderBy: { seq: 'asc' }, select: { action: true, actorId: true, reason: true } })).map((e) => [e.action, e.actorId, e.reason])

describe('undoing a review action', () => {
  for (const [action, reason] of [
    ['approve', {}],
    ['reject', { reasonCode: 'not_substantive' }],
    ['send_back', { reasonCode: 'wrong_label', reason: '应为公示制度' }],
  ] as const) {
    it(`reopens a tag after ${action}, at the version the action produced, with its own TagEvent`, async () => {
      const tag = await newTag(action === 'approve' ? '行政执法公示制度' : action === 'reject' ? '执法全过程记录制度' : '重大执法决定法制审核制度')
      const done = await reviewTag(actors.reviewer, { tagId: tag.id, action, version: tag.version, ...reason })
      expect(done.version).toBe(tag.version + 1)
      const undone = await reviewTag(actors.reviewer, { tagId: tag.id, action: 'reopen', version: done.version, reason: '撤销误操作' })
      expect(undone).toMatchObject({ status: 'pending', version: done.version + 1 })
      const event = { approve: 'approved', reject: 'rejected', send_back: 'sent_back' }[action]
      expect(await eventsOf(tag.id)).toEqual([
        ['created', actors.annotator.id, null],
        [event, actors.reviewer.id, reason.reason ?? null],
        ['reopened', actors.reviewer.id, '撤销误操作'],
      ])
    })
  }

  it('is refused with a sentence when someone changed the tag in between, and changes nothing', async () => {
    const tag = await newTag('全面推行')
    const approved = await reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: tag.version })
    // Another reviewer reopens and approves it again: the tag is approved, at a newer version.
    const reopened = await reviewTag(actors.otherReviewer, { tagId: tag.id, action: 'reopen', version: approved.version, reason: '再看看' })
    await reviewTag(actors.otherReviewer, { tagId: tag.id, action: 'approve', version: reopened.version })
    const error = await domainErrorOf(reviewTag(actors.reviewer, { tagId: tag.id, action: 'reopen', version: approved.version, reason: '撤销误操作' }))
    expect(error.status).toBe(409)
    expect(error.i18n?.key).toBe('review.stale')
    expect(error.message).toMatch(/Someone changed this tag/)
    const row = await db.tag.findUniqueOrThrow({ where: { id: tag.id } })
    expect([row.status, row.version]).toEqual(['approved', approved.version + 2])
    expect((await eventsOf(tag.id)).map(([a]) => a)).toEqual(['created', 'approved', 'reopened', 'approved'])
  })

  it('a second approve bound to the same version (a double click) changes nothing', async () => {
    const tag = await newTag('总体情况')
    const [first, second] = await Promise.allSettled([
      reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: tag.version }),
      reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: tag.version }),
    ])
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected'])
    expect((await eventsOf(tag.id)).map(([a]) => a)).toEqual(['created', 'approved'])
  })
})
