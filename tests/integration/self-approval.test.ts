// A reviewer may not approve their own tag unless the project allows it (issue #17, hole 7):
// review by someone else is the point, so the setting is off by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { updateProjectSettings } from '../../lib/services/projects'
import { reviewTag } from '../../lib/services/review'
import { createTag } from '../../lib/services/tags'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const text = '一、总体情况\n全面推行行政执法公示制度。'
let projectId: string
let documentId: string
let labelId: string
const actors = {} as Record<'reviewer' | 'otherReviewer' | 'manager', Actor>
const userIds: string[] = []

beforeAll(async () => {
  const project = await db.project.create({ data: { name: uniqueName('unit-self-approval') } })
  projectId = project.id
  for (const [key, role] of [
    ['reviewer', 'reviewer'],
    ['otherReviewer', 'reviewer'],
    ['manager', 'manager'],
  ] as const) {
    const user = await createTestUser(`self-approval-${key}`)
    userIds.push(user.id)
    await addMember(projectId, user.id, role)
    actors[key] = await actorOf(user.id)
  }
  labelId = (await db.label.create({ data: { projectId, name: '执法', color: '#2563eb' } })).id
  documentId = (await db.document.create({ data: { projectId, title: '报告', text, textSha256: 'x'.repeat(64), length: Array.from(text).length } })).id
})

afterAll(async () => {
  await db.tagEvent.deleteMany({ where: { tag: { projectId } } }).catch(() => undefined)
})

const newTag = (author: Actor, quote: string) => {
  const start = Array.from(text.slice(0, text.indexOf(quote))).length
  return createTag(author, { documentId, labelId, start, end: start + Array.from(quote).length, quote })
}

describe('approving one’s own tag', () => {
  it('is refused by default, with a sentence and a message key; nothing changes', async () => {
    expect((await db.project.findUniqueOrThrow({ where: { id: projectId } })).selfApproval).toBe(false)
    const tag = await newTag(actors.reviewer, '全面推行')
    const error = await domainErrorOf(reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: tag.version }))
    expect(error.status).toBe(403)
    expect(error.i18n?.key).toBe('review.selfApproval')
    expect(error.message).toMatch(/someone else must approve it/)
    expect((await db.tag.findUniqueOrThrow({ where: { id: tag.id } })).status).toBe('pending')
    // A manager is no exception; another reviewer may approve it.
    const managersOwn = await newTag(actors.manager, '行政执法')
    expect((await domainErrorOf(reviewTag(actors.manager, { tagId: managersOwn.id, action: 'approve', version: 1 }))).status).toBe(403)
    expect(await reviewTag(actors.otherReviewer, { tagId: tag.id, action: 'approve', version: tag.version })).toMatchObject({ status: 'approved', reviewerId: actors.otherReviewer.id })
  })

  it('is allowed once a manager turns the project setting on, and refused again when it is turned off', async () => {
    const project = await updateProjectSettings(actors.manager, { projectId, selfApproval: true })
    expect(project.selfApproval).toBe(true)
    const tag = await newTag(actors.reviewer, '公示制度')
    expect(await reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: tag.version })).toMatchObject({ status: 'approved', reviewerId: actors.reviewer.id })
    await updateProjectSettings(actors.manager, { projectId, selfApproval: false })
    const again = await newTag(actors.reviewer, '总体情况')
    expect((await domainErrorOf(reviewTag(actors.reviewer, { tagId: again.id, action: 'approve', version: again.version }))).status).toBe(403)
  })

  it('only a manager may change the setting', async () => {
    expect((await domainErrorOf(updateProjectSettings(actors.reviewer, { projectId, selfApproval: true }))).status).toBe(403)
  })
})
