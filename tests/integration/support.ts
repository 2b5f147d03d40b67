// Shared by the integration tests: they run against the seeded test database that `npm test`
// starts, one file after another. Each test creates its own rows and removes them afterwards.
import { randomUUID } from 'node:crypto'
import { loadActor, type Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { DomainError } from '../../lib/errors'
import type { ProjectRole } from '../../lib/generated/prisma/enums'

/** Fails the file at once, instead of skipping, when the test database is missing. */
export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) {
    throw new Error('DATABASE_URL is not set: run the integration tests with `npm test` or `npm run test:unit`, which start a test database.')
  }
  return url
}

/** A name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`
}

/** A user who never signs in (the password hash is a placeholder). */
export async function createTestUser(prefix: string) {
  const name = uniqueName(prefix)
  return db.user.create({ data: { email: `${name}@unit.test`, name, passwordHash: 'not-a-real-hash' } })
}

export async function addMember(projectId: string, userId: string, role: ProjectRole) {
  return db.membership.create({ data: { projectId, userId, role } })
}

export async function actorOf(userId: string, via: Actor['via'] = 'session'): Promise<Actor> {
  const actor = await loadActor(userId, via)
  if (!actor) throw new Error(`The test user ${userId} could not be loaded as an actor.`)
  return actor
}

/** Awaits a call that must fail with a DomainError and returns that error. */
export async function domainErrorOf(call: Promise<unknown>): Promise<DomainError> {
  try {
    await call
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('Expected the call to fail with a DomainError, but it succeeded.')
}
