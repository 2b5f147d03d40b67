// "Next document" for an annotator (issue 14, active learning): the first of their open documents (assigned to them and
// not done; when nothing is assigned to them, the project's documents they have not done), in list order (report year,
// then title, as the assignments page lists them), or, when the project's suggestion settings say "next document by
// uncertainty" and a model is trained, in the model's order of uncertainty with diversity (lib/suggest/active.ts): the
// texts the annotator finished last count as already picked, so near-copies of them go down the queue (inception#2197).
import type { Actor } from '../auth/actor'
import { authorizeProjectRead } from '../auth/permissions'
import { db } from '../db/client'
import * as engine from './suggestion-engine'
import { projectContext } from './suggestions'

/** The annotator's last finished documents that push their near-copies down the queue. */
const RECENT = 5

export interface NextDocument {
  documentId: string | null
  order: 'list' | 'uncertainty'
  /** Open documents left, the one returned included. */
  open: number
}

export async function nextDocument(actor: Actor, input: { projectId: string; after?: string | null }): Promise<NextDocument> {
  authorizeProjectRead(actor, input.projectId, 'document.read')
  const documents = await db.document.findMany({
    where: { projectId: input.projectId, archivedAt: null },
    orderBy: [{ reportYear: { sort: 'desc', nulls: 'last' } }, { title: 'asc' }],
    select: { id: true, assignments: { where: { userId: actor.id }, select: { state: true, updatedAt: true } } },
  })
  const own = documents.filter((d) => d.assignments.length)
  const assigned = own.some((d) => d.assignments[0].state !== 'done') || own.length === documents.length ? own : documents
  const open = assigned.filter((d) => d.assignments[0]?.state !== 'done' && d.id !== input.after)
  if (!open.length) return { documentId: null, order: 'list', open: 0 }
  const context = await projectContext(input.projectId, { propagation: false })
  if (!context.settings.nextByUncertainty || !context.model) return { documentId: open[0].id, order: 'list', open: open.length }
  const recentIds = [
    ...(input.after ? [input.after] : []),
    ...own
      .filter((d) => d.assignments[0].state === 'done')
      .sort((a, b) => b.assignments[0].updatedAt.getTime() - a.assignments[0].updatedAt.getTime())
      .slice(0, RECENT)
      .map((d) => d.id),
  ]
  const texts = await db.document.findMany({ where: { id: { in: [...open.map((d) => d.id), ...recentIds] } }, select: { id: true, text: true } })
  const textOf = new Map(texts.map((t) => [t.id, t.text]))
  const ranked = engine.rankByUncertainty(
    context.model,
    context.labels.live(),
    open.map((d) => ({ id: d.id, text: textOf.get(d.id) ?? '' })),
    recentIds.map((id) => textOf.get(id) ?? ''),
  )
  return { documentId: ranked[0] ?? null, order: 'uncertainty', open: open.length }
}
