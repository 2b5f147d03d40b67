// The limit of running exports per user holds under concurrency (issue #17, hole 6): 12 starts at
// once used to get 3–5 through, as each counted before any of the others had inserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { DomainError } from '../../lib/errors'
import { exportRequestSchema } from '../../lib/schemas/exports'
import { createExport, MAX_RUNNING_EXPORTS } from '../../lib/services/exports'
import { stopQueue } from '../../lib/jobs/queue'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let manager: Actor
let userId: string

beforeAll(async () => {
  // The queued jobs stay queued while the test counts them: no worker runs in this process
  // (createExport only queues the job; a finished job would rightly free a place).
  projectId = (await db.project.create({ data: { name: uniqueName('unit-export-limit') } })).id
  const user = await createTestUser('export-limit')
  userId = user.id
  await addMember(projectId, user.id, 'manager')
  manager = await actorOf(user.id)
})

afterAll(async () => {
  await db.export.deleteMany({ where: { projectId } })
  await db.project.delete({ where: { id: projectId } })
  await db.user.delete({ where: { id: userId } })
  await stopQueue()
})

describe('the limit of running exports per user', () => {
  it('12 simultaneous starts: exactly 3 are accepted, the others get 409 with a message key', async () => {
    const request = exportRequestSchema.parse({ format: 'jsonl', status: ['approved'] })
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => createExport(manager, { ...request, projectId })))
    const accepted = results.filter((r) => r.status === 'fulfilled')
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    expect(accepted).toHaveLength(MAX_RUNNING_EXPORTS)
    expect(refused).toHaveLength(12 - MAX_RUNNING_EXPORTS)
    for (const error of refused) {
      expect(error).toBeInstanceOf(DomainError)
      expect((error as DomainError).status).toBe(409)
      expect((error as DomainError).i18n?.key).toBe('export.tooManyRunning')
    }
    expect(await db.export.count({ where: { projectId, createdById: userId } })).toBe(MAX_RUNNING_EXPORTS)
  })
})
