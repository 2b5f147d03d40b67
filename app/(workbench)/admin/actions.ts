'use server'

import { headers } from 'next/headers'
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import type { Refusal } from '@/lib/api/error-answer'
import { currentActor } from '@/lib/auth/session'
import { DomainError, invalid, unauthenticated } from '@/lib/errors'
import { createProjectSchema, issueSentences } from '@/lib/schemas/projects'
import { linkOrigin } from '@/lib/services/invitations'
import { createProject, parseTaxonomyFile } from '@/lib/services/projects'
import { createInvitedUsers } from '@/lib/services/users'

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: Refusal }

async function run<T>(path: string, work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    const value = await work()
    revalidatePath(path)
    return { ok: true, value }
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: { message: error.message, messageKey: error.i18n?.key, messageValues: error.i18n?.values } }
    throw error
  }
}

async function actor() {
  const signedIn = await currentActor()
  if (!signedIn) throw unauthenticated()
  return signedIn
}

/** Several users from a pasted list, each with an invitation link (the page shows them once). */
export async function createUsersAction(input: unknown) {
  return run('/admin/users', async () => {
    const { list } = z.object({ list: z.string().max(100_000) }).parse(input)
    return createInvitedUsers(await actor(), { list, origin: linkOrigin(await headers()) })
  })
}

/** A project with its starting taxonomy; a JSON file's text is parsed here, its problems as sentences. */
export async function createProjectAction(input: { name: string; description: string; taxonomy: 'empty' | 'demo' | 'file'; file?: string }) {
  return run('/admin/projects', async () => {
    const taxonomy = input.taxonomy === 'file' ? { labels: parseTaxonomyFile(String(input.file ?? '')) } : input.taxonomy
    const parsed = createProjectSchema.safeParse({ name: input.name, description: input.description, taxonomy })
    if (!parsed.success) {
      const problems = issueSentences(parsed.error).join(' ')
      throw invalid(`The project cannot be created: ${problems}`, undefined, { key: 'projects.badInput', values: { problems } })
    }
    const project = await createProject(await actor(), parsed.data)
    return { id: project.id, name: project.name }
  })
}
