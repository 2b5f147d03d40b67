// Exports of the labelled corpus: preview the selection, start a job, follow it, list and download.
// The writing itself is lib/export/engine.ts; the job runner is lib/export/jobs.ts.
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { Actor } from '../auth/actor'
import { authorizeExport, authorizeExportDelete, authorizeExportRead, mayReadExport, type ExportContents } from '../auth/permissions'
import { db } from '../db/client'
import { anyConnection, sql, withTransaction } from '../db/sql'
import { conflict, DomainError, invalid, notFound } from '../errors'
import { goldLayerSpans } from '../export/gold'
import { documentConditions, projectUsers, resolveSelection, tagConditions } from '../export/selection'
import { loadTaxonomy, pathString } from '../export/taxonomy'
import { enqueueExport, exportFile } from '../export/jobs'
import { ExportStatus, TagStatus } from '../generated/prisma/enums'
import type { ExportFilters, ExportRequest } from '../schemas/exports'
import type { ExportFormatName, ExportLayer } from '../export/types'
import { loadTaxonomyAsOfVersion } from '../taxonomy/as-of-version'

async function projectForExport(projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, name: true, exportRole: true, blindMode: true, taxonomyVersion: true } })
  if (!project) throw notFound('The project', { key: 'project.notFound' })
  return project
}

/** Resolves the filters against the project (unknown labels, annotators or documents are a 400). */
async function selectionFor(projectId: string, filters: ExportFilters) {
  const [taxonomy, users] = await Promise.all([loadTaxonomy(anyConnection, projectId), projectUsers(anyConnection, projectId)])
  const resolved = resolveSelection(projectId, filters, taxonomy, users)
  const ids = resolved.selection.documentIds
  if (ids) {
    const found = await db.document.findMany({ where: { projectId, id: { in: ids } }, select: { id: true } })
    if (found.length < new Set(ids).size) {
      const known = new Set(found.map((d) => d.id))
      const missing = ids.filter((id) => !known.has(id))
      throw invalid(`${missing.length} of the requested documents are not in this project (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}).`, undefined, {
        key: 'export.documentsNotInProject',
        values: { count: missing.length, ids: `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` },
      })
    }
  }
  return { ...resolved, taxonomy }
}

/**
 * How many documents and spans an export with these filters would hold, per label and status: of
 * the layer it would write (the gold layer: curated documents' gold tags) and under the labels of
 * the taxonomy version it would write, so that the preview counts what the file will hold.
 */
export async function previewExport(actor: Actor, input: ExportFilters & { projectId: string; layer?: ExportLayer; taxonomyVersion?: number }) {
  const project = await projectForExport(input.projectId)
  authorizeExport(actor, project, { statuses: input.status, annotators: input.annotators })
  refuseVersionAhead(project, input.taxonomyVersion)
  const found = await selectionFor(project.id, input)
  const selection = { ...found.selection, layer: input.layer ?? 'tags' }
  const asOf = input.taxonomyVersion !== undefined && input.taxonomyVersion !== project.taxonomyVersion ? await loadTaxonomyAsOfVersion(anyConnection, project.id, input.taxonomyVersion) : null
  const gold = selection.layer === 'gold'
  const spansOf = gold ? sql`(${goldLayerSpans(selection, tagConditions(selection))})` : sql`"Tag"`
  const spanConditions = sql`${gold ? sql`true` : tagConditions(selection)} AND ${documentConditions(selection)}`
  // As of an earlier version, a tag relabelled since (a merge, a split) counts under its label of
  // then: those few are read one by one, the others counted per label.
  const relabelled = asOf?.relabelledTagIds ?? []
  const [documents, grouped, oneByOne] = await Promise.all([
    anyConnection.query<{ count: number }>(sql`SELECT count(*)::int AS count FROM "Document" d WHERE ${documentConditions(selection)}`),
    anyConnection.query<{ labelId: string; status: string; count: number }>(
      sql`SELECT t."labelId", t.status::text AS status, count(*)::int AS count FROM ${spansOf} t JOIN "Document" d ON d.id = t."documentId"
       WHERE ${spanConditions} AND NOT (t.id = ANY(${relabelled}::text[])) GROUP BY 1, 2`,
    ),
    relabelled.length
      ? anyConnection.query<{ id: string; labelId: string; status: string }>(
          sql`SELECT t.id, t."labelId", t.status::text AS status FROM ${spansOf} t JOIN "Document" d ON d.id = t."documentId" WHERE ${spanConditions} AND t.id = ANY(${relabelled}::text[])`,
        )
      : Promise.resolve([]),
  ])
  // A label as the export would write it: its path and colour, now or at the version (null: it did not exist then).
  const labelAt = (tagId: string | null, labelId: string): { path: string[]; color: string } | null => {
    if (!asOf) return found.taxonomy.byId.get(labelId) ?? { path: [labelId], color: '#868e96' }
    return tagId ? asOf.labelOfTag(tagId, labelId) : (asOf.byId.get(labelId) ?? null)
  }
  const perLabel = new Map<string, { label: string; color: string; spans: number }>()
  const perStatus: Record<string, number> = {}
  let total = 0
  let leftOut = 0
  for (const row of [...grouped, ...oneByOne.map((r) => ({ ...r, count: 1 }))]) {
    const label = labelAt('id' in row ? (row.id as string) : null, row.labelId)
    if (!label) {
      leftOut += row.count
      continue
    }
    const key = pathString(label.path)
    const entry = perLabel.get(key) ?? { label: key, color: label.color, spans: 0 }
    entry.spans += row.count
    perLabel.set(key, entry)
    perStatus[row.status] = (perStatus[row.status] ?? 0) + row.count
    total += row.count
  }
  const order = new Map((asOf ? asOf.labels : found.taxonomy.labels).map((l, i) => [pathString(l.path), i]))
  return {
    documents: documents[0].count,
    spans: total,
    perLabel: [...perLabel.values()].sort((a, b) => (order.get(a.label) ?? 1e9) - (order.get(b.label) ?? 1e9)),
    perStatus,
    leftOut,
  }
}

/** A taxonomy version the project has not reached is a 400 before anything is counted or queued. */
function refuseVersionAhead(project: { taxonomyVersion: number }, version: number | undefined) {
  if (version !== undefined && version > project.taxonomyVersion) {
    throw invalid(`taxonomyVersion: the project's taxonomy has no version ${version} yet (it is at version ${project.taxonomyVersion}).`, [{ path: 'body.taxonomyVersion', message: 'is after the current version' }], {
      key: 'export.taxonomyVersionAhead',
      values: { version, current: project.taxonomyVersion },
    })
  }
}

type ExportRow = NonNullable<Awaited<ReturnType<typeof loadExport>>>

function loadExport(exportId: string) {
  return db.export.findUnique({ where: { id: exportId }, include: { createdBy: { select: { id: true, name: true } }, project: { select: { id: true, name: true, exportRole: true, blindMode: true } } } })
}

function fileNameOf(row: Pick<ExportRow, 'id' | 'format' | 'createdAt'> & { project: { name: string } }): string {
  const day = row.createdAt.toISOString().slice(0, 10)
  const project = row.project.name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'project'
  return `${project}-${row.format}-${day}-${row.id.slice(-6)}.zip`
}

function view(row: ExportRow) {
  const done = row.status === 'done'
  return {
    id: row.id,
    projectId: row.projectId,
    format: row.format as ExportFormatName,
    status: row.status,
    progress: row.progress,
    total: row.total,
    documents: row.documents,
    spans: row.spans,
    request: row.request as Record<string, unknown>,
    manifest: (row.manifest as Record<string, unknown> | null) ?? null,
    fileName: done ? fileNameOf(row) : null,
    fileBytes: row.fileBytes === null ? null : Number(row.fileBytes),
    fileSha256: row.fileSha256,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    downloadUrl: done ? `/api/v1/exports/${row.id}/download` : null,
    cancelRequested: row.cancelRequestedAt !== null,
  }
}

export type ExportView = ReturnType<typeof view>

/** How many exports one user may have waiting or running in one project. */
export const MAX_RUNNING_EXPORTS = 3

/** Queues an export and wakes the worker; the job's state is then read with getExport. */
export async function createExport(actor: Actor, input: ExportRequest & { projectId: string }) {
  const project = await projectForExport(input.projectId)
  authorizeExport(actor, project, { statuses: input.status, annotators: input.annotators })
  await selectionFor(project.id, input) // a bad label or annotator is a 400 now, not a failed job later
  refuseVersionAhead(project, input.taxonomyVersion)
  const { projectId, ...request } = input
  const id = await withTransaction(async (connection) => {
    // The count and the insert must not interleave with another start by the same user in this
    // project (12 requests at once got 3–5 through): a transaction-scoped advisory lock on
    // (project, user) makes them take turns; it is released at commit.
    await connection.query(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`export-start:${projectId}:${actor.id}`}, 0)) IS NULL AS locked`)
    const [{ running }] = await connection.query<{ running: number }>(
      sql`SELECT count(*)::int AS running FROM "Export"
          WHERE "projectId" = ${projectId} AND "createdById" = ${actor.id} AND status IN (${ExportStatus.queued}::"ExportStatus", ${ExportStatus.running}::"ExportStatus")`,
    )
    if (running >= MAX_RUNNING_EXPORTS) {
      throw conflict(`You already have ${MAX_RUNNING_EXPORTS} exports of this project waiting or running; wait for one to finish.`, undefined, {
        key: 'export.tooManyRunning',
        values: { limit: MAX_RUNNING_EXPORTS },
      })
    }
    const [created] = await connection.query<{ id: string }>(
      sql`INSERT INTO "Export" (id, "projectId", "createdById", format, request) VALUES (${randomUUID()}, ${projectId}, ${actor.id}, ${request.format}, ${JSON.stringify(request)}::jsonb) RETURNING id`,
    )
    return created.id
  })
  const row = await db.export.findUniqueOrThrow({
    where: { id },
    include: { createdBy: { select: { id: true, name: true } }, project: { select: { id: true, name: true, exportRole: true, blindMode: true } } },
  })
  await enqueueExport(id)
  return view(row)
}

/**
 * What a stored export holds: its request's statuses and annotators. A request without a status
 * list (none is stored so) counts as holding every status, so that reading it is refused in doubt.
 */
function contentsOf(row: Pick<ExportRow, 'request'>): ExportContents {
  const request = (row.request ?? {}) as { status?: unknown; annotators?: unknown }
  const strings = (value: unknown) => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null)
  return { statuses: strings(request.status) ?? Object.values(TagStatus), annotators: strings(request.annotators) }
}

async function authorizedExport(actor: Actor, exportId: string) {
  const row = await loadExport(exportId)
  if (!row || !actor.roles.has(row.projectId)) throw notFound('The export', { key: 'permission.exportNotFound' })
  authorizeExportRead(actor, row.project, contentsOf(row))
  return row
}

export async function getExport(actor: Actor, input: { exportId: string }) {
  return view(await authorizedExport(actor, input.exportId))
}

/** The project's exports, newest first (without their manifests: getExport has those). */
export async function listExports(actor: Actor, input: { projectId: string }) {
  const project = await projectForExport(input.projectId)
  authorizeExport(actor, project)
  const rows = await db.export.findMany({
    where: { projectId: input.projectId },
    orderBy: { createdAt: 'desc' },
    take: 100,
    include: { createdBy: { select: { id: true, name: true } }, project: { select: { id: true, name: true, exportRole: true, blindMode: true } } },
  })
  // Only the exports the actor may read: in blind mode an annotator does not learn of exports of others' open tags.
  return { items: rows.filter((r) => mayReadExport(actor, r.project, contentsOf(r))).map((r) => ({ ...view(r), manifest: undefined })) }
}

/** Where the finished zip is, for the download route. */
export async function exportDownload(actor: Actor, input: { exportId: string }) {
  const row = await authorizedExport(actor, input.exportId)
  if (row.status === 'failed') throw conflict(`This export failed, so there is nothing to download: ${row.error ?? 'no reason was recorded'}`, undefined, {
      key: 'export.failedNoDownload',
      values: { reason: row.error ?? '—' },
    })
  if (row.status !== 'done') throw conflict(`This export is still ${row.status}; download it once its status is "done".`, undefined, { key: 'export.notDone', values: { status: row.status } })
  const file = exportFile(row.id)
  if (!existsSync(file)) throw new DomainError('not_found', "This export's file is no longer in the server's export folder; start the export again.", undefined, { key: 'export.fileGone' })
  return { file, fileName: fileNameOf(row), bytes: Number(row.fileBytes ?? 0) }
}

/**
 * Deletes a finished or failed export (its file too) or one still queued; a running one is asked to
 * stop, and its worker removes it at its next batch. The person who started it, or a manager, may.
 */
export async function deleteExport(actor: Actor, input: { exportId: string }): Promise<{ outcome: 'deleted' | 'cancelling' }> {
  const row = await authorizedExport(actor, input.exportId)
  authorizeExportDelete(actor, row)
  // Only rows not being written are deleted here; a worker may claim a queued one at this moment.
  const deleted = await db.export.deleteMany({ where: { id: row.id, status: { in: ['queued', 'done', 'failed'] } } })
  if (deleted.count === 1) {
    await rm(exportFile(row.id), { force: true })
    return { outcome: 'deleted' }
  }
  await db.export.updateMany({ where: { id: row.id, status: 'running' }, data: { cancelRequestedAt: new Date() } })
  return { outcome: 'cancelling' }
}
