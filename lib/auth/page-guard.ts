import { headers } from 'next/headers'
import { notFound, redirect } from 'next/navigation'
import { DomainError } from '../errors'
import { authorizeProjectRead, type ProjectAction } from './permissions'
import type { Actor } from './actor'
import { currentActor } from './session'

/** For pages: the signed-in actor, or a redirect to sign-in that comes back here afterwards. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor()
  if (actor) return actor
  const path = (await headers()).get('x-tagbench-path') ?? '/'
  redirect(`/sign-in?next=${encodeURIComponent(path)}`)
}

/** Runs a service call for a page; "not found" and "forbidden" become the 404 page. */
export async function forPage<T>(call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'forbidden' || error.code === 'invalid')) notFound()
    throw error
  }
}

/** A page that needs a project right (to be seen: an archived project's pages still open): members without it, and non-members, see the 404 page. */
export function authorizeForPage(actor: Actor, projectId: string, action: ProjectAction) {
  try {
    return authorizeProjectRead(actor, projectId, action)
  } catch (error) {
    if (error instanceof DomainError) notFound()
    throw error
  }
}
