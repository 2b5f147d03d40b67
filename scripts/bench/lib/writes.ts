// Write throughput: tags created through the REST API (what scripts and the workbench do) against
// the floor under it, a plain single-row INSERT into "Tag" through pg, both from 32 clients at once.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { Sentence } from '../../../lib/text/sentences'
import { spanText } from './corpus'

export interface WriteRun {
  latencies: number[]
  errors: number
  firstError?: string
  wallMs: number
}

export interface TagSpec {
  labelId: string
  start: number
  end: number
  quote: string
  prefix: string
  suffix: string
}

export function tagSpecs(text: string, spans: Sentence[], labelIds: string[]): TagSpec[] {
  const codePoints = Array.from(text)
  return spans.map((span, i) => ({ labelId: labelIds[i % labelIds.length], ...span, ...spanText(codePoints, span) }))
}

/** Runs `jobs` through `concurrency` workers that each take the next job when done; times each. */
export async function runConcurrently<T>(jobs: T[], concurrency: number, work: (job: T) => Promise<void>): Promise<WriteRun> {
  const latencies: number[] = []
  let errors = 0
  let firstError: string | undefined
  let next = 0
  const started = performance.now()
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]
      const t0 = performance.now()
      try {
        await work(job)
        latencies.push(performance.now() - t0)
      } catch (error) {
        errors++
        firstError ??= error instanceof Error ? error.message : String(error)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { latencies, errors, firstError, wallMs: performance.now() - started }
}

/** POST /api/v1/documents/{id}/tags with a personal access token, as an import script would. */
export function postTags(baseURL: string, token: string, documentId: string, specs: TagSpec[], concurrency: number): Promise<WriteRun> {
  return runConcurrently(specs, concurrency, async (spec) => {
    const response = await fetch(`${baseURL}/api/v1/documents/${documentId}/tags`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ labelId: spec.labelId, start: spec.start, end: spec.end, quote: spec.quote }),
    })
    const body = await response.text()
    if (response.status !== 201 && response.status !== 200) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`)
  })
}

/**
 * The floor under every API call: GET /api/health/live (no database, no session) through the same
 * client at the same concurrency, so that a table can show what Next.js alone costs per request.
 */
export function getLive(baseURL: string, count: number, concurrency: number): Promise<WriteRun> {
  return runConcurrently(Array.from({ length: count }, (_, i) => i), concurrency, async () => {
    const response = await fetch(`${baseURL}/api/health/live`)
    const body = await response.text()
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`)
  })
}

/** The same rows as single-row INSERTs through a pool of `concurrency` connections. */
export function insertTagsPlain(pool: pg.Pool, projectId: string, documentId: string, authorId: string, specs: TagSpec[], concurrency: number): Promise<WriteRun> {
  return runConcurrently(specs, concurrency, async (spec) => {
    await pool.query(
      `INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", status, source, version, "updatedAt")
       VALUES ($1, $10, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', 'manual', 1, now())`,
      [`bench-insert-${randomUUID()}`, documentId, spec.labelId, spec.start, spec.end, spec.quote, spec.prefix, spec.suffix, authorId, projectId],
    )
  })
}

export async function tagCount(sql: pg.Pool, documentId: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "Tag" WHERE "documentId" = $1', [documentId])
  return rows[0].n
}
