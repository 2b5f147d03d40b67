// The benchmark's data: a synthetic 200,000-code-point report made of the demo reports, and
// thousands of tags on it, inserted in bulk with SQL (the services write one tag per request,
// which would make the setup slower than the benchmark).
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type pg from 'pg'
import { CONTEXT_LENGTH } from '../../../lib/services/tags'
import { splitSentences, type Sentence } from '../../../lib/text/sentences'
import { extractBody } from '../../../seeds/demo'

const corpusDir = path.resolve('seeds', 'corpus')

/** The bodies of the five demo reports, in file order, exactly as the seed imports them. */
export async function demoBodies(): Promise<{ file: string; title: string; text: string }[]> {
  const metadata = JSON.parse(await readFile(path.join(corpusDir, 'metadata.json'), 'utf8')) as {
    reports: { file: string; title: string; body_starts_with: string; body_ends_with: string }[]
  }
  const bodies = []
  for (const r of metadata.reports) {
    const file = await readFile(path.join(corpusDir, 'reports', r.file), 'utf8')
    bodies.push({ file: r.file, title: r.title, text: extractBody(file, r.body_starts_with, r.body_ends_with) })
  }
  return bodies
}

// Astral characters (two UTF-16 units each) so that code-point and UTF-16 offsets drift apart
// along the text, as they do in real reports with rare characters or emoji.
const ASTRAL = ['𠮷', '🙂', '𡈼', '😀']
const ASTRAL_EVERY = 611

/**
 * Exactly `length` code points: the demo bodies one after another, line breaks kept, repeated
 * until long enough, with an astral character after every ASTRAL_EVERY-th ordinary character.
 */
export function syntheticReport(bodies: string[], length: number): string {
  const out: string[] = []
  let sinceAstral = 0
  let astralIndex = 0
  while (out.length < length) {
    for (const body of bodies) {
      for (const ch of body) {
        if (out.length >= length) break
        out.push(ch)
        if (++sinceAstral >= ASTRAL_EVERY && ch !== '\n' && out.length < length) {
          out.push(ASTRAL[astralIndex++ % ASTRAL.length])
          sinceAstral = 0
        }
      }
      if (out.length < length) out.push('\n')
    }
  }
  // A report ends on a character, not on a line break or a space.
  while (/\s/u.test(out[out.length - 1])) out[out.length - 1] = '。'
  return out.join('')
}

/**
 * `count` spans, about 10 % of them overlapping another: 95 % are whole sentences spread evenly
 * over the text (when a report has too few sentences, its longest ones are cut at a comma), and
 * 5 % are extra spans, each inside one of those (nested) or running from the middle of one into
 * the next (crossing). Each extra span overlaps one or two others, so ~10 % of tags overlap.
 */
export function chooseSpans(text: string, count: number, share = 0.1): Sentence[] {
  const extra = Math.round((count * share) / 2)
  const units = enoughUnits(text, count - extra)
  const picked = evenly(units.length, count - extra)
  const spans: Sentence[] = picked.map((i) => units[i])
  evenly(picked.length, extra).forEach((k, n) => {
    const a = units[picked[k]]
    const b = units[Math.min(picked[k] + 1, units.length - 1)]
    const quarter = Math.floor((a.end - a.start) / 4)
    if (n % 2 === 0 || b === a) spans.push({ start: a.start + quarter, end: Math.max(a.end - quarter, a.start + quarter + 1) })
    else spans.push({ start: a.start + 2 * quarter, end: b.start + Math.max(1, Math.floor((b.end - b.start) / 2)) })
  })
  return spans.sort((x, y) => x.start - y.start || x.end - y.end)
}

/** The sentences of the text; if fewer than `needed`, the longest are cut after a comma until there are enough. */
function enoughUnits(text: string, needed: number): Sentence[] {
  const codePoints = Array.from(text)
  const units = splitSentences(text)
  while (units.length < needed) {
    let best = -1
    let cut = -1
    units.forEach((u, i) => {
      if (best >= 0 && u.end - u.start <= units[best].end - units[best].start) return
      const middle = u.start + Math.floor((u.end - u.start) / 2)
      // The comma nearest the middle, leaving something on both sides.
      let at = -1
      for (let d = 0; d < (u.end - u.start) / 2 && at < 0; d++) {
        for (const p of [middle - d, middle + d]) if (p > u.start && p < u.end - 2 && /[，,、：]/.test(codePoints[p])) at = p
      }
      if (at >= 0) {
        best = i
        cut = at
      }
    })
    if (best < 0) break
    const u = units[best]
    units.splice(best, 1, { start: u.start, end: cut + 1 }, { start: cut + 1, end: u.end })
  }
  return units
}

/** `n` indexes spread evenly over 0..total-1 (repeating when n > total). */
function evenly(total: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => Math.floor((k * total) / n) % total)
}

/** Share of spans that overlap at least one other span. */
export function overlapShare(spans: Sentence[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  const overlapping = new Set<number>()
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j].start < sorted[i].end; j++) {
      overlapping.add(i)
      overlapping.add(j)
    }
  }
  return spans.length ? overlapping.size / spans.length : 0
}

/** quote, prefix and suffix of a span, in code points (docs/architecture.md, "The offset contract"). */
export function spanText(codePoints: string[], span: Sentence) {
  return {
    quote: codePoints.slice(span.start, span.end).join(''),
    prefix: codePoints.slice(Math.max(0, span.start - CONTEXT_LENGTH), span.start).join(''),
    suffix: codePoints.slice(span.end, span.end + CONTEXT_LENGTH).join(''),
  }
}

export interface DemoIds {
  projectId: string
  annotatorId: string
  reviewerId: string
  managerId: string
  /** Leaf labels of the demo taxonomy, in tree order. */
  leafLabelIds: string[]
}

export async function demoIds(sql: pg.Pool): Promise<DemoIds> {
  const user = async (email: string) => (await sql.query<{ id: string }>('SELECT id FROM "User" WHERE email = $1', [email])).rows[0].id
  const { rows: projects } = await sql.query<{ id: string }>('SELECT id FROM "Project" ORDER BY "createdAt" LIMIT 1')
  const projectId = projects[0].id
  const { rows: labels } = await sql.query<{ id: string }>(
    `SELECT c.id FROM "Label" c JOIN "Label" p ON p.id = c."parentId" WHERE c."projectId" = $1 ORDER BY p."order", c."order"`,
    [projectId],
  )
  return {
    projectId,
    annotatorId: await user('annotator1@tagbench.test'),
    reviewerId: await user('reviewer@tagbench.test'),
    managerId: await user('manager@tagbench.test'),
    leafLabelIds: labels.map((l) => l.id),
  }
}

/**
 * Inserts tags authored by annotator1 (blind mode shows an annotator only their own tags) in one
 * statement, plus their "created" history rows. Every third tag is approved by the reviewer.
 */
export async function insertTags(sql: pg.Pool, ids: DemoIds, documentId: string, text: string, spans: Sentence[]): Promise<number> {
  const codePoints = Array.from(text)
  const rows = spans.map((span, i) => ({ id: randomUUID(), labelId: ids.leafLabelIds[i % ids.leafLabelIds.length], approved: i % 3 === 0, ...span, ...spanText(codePoints, span) }))
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((r) => r[key])
  await sql.query(
    `INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", "reviewerId", status, source, version, "updatedAt")
     SELECT u.id, (SELECT "projectId" FROM "Document" WHERE id = $1), $1, u.label, u.s, u.e, u.q, u.p, u.x, $2, CASE WHEN u.approved THEN $3 END,
            (CASE WHEN u.approved THEN 'approved' ELSE 'pending' END)::"TagStatus", 'manual', 1, now()
     FROM unnest($4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[], $11::bool[]) AS u(id, label, s, e, q, p, x, approved)`,
    [documentId, ids.annotatorId, ids.reviewerId, column('id'), column('labelId'), column('start'), column('end'), column('quote'), column('prefix'), column('suffix'), column('approved')],
  )
  await sql.query(
    `INSERT INTO "TagEvent" (id, "tagId", "actorId", action, after)
     SELECT gen_random_uuid()::text, t.id, t."authorId", 'created', jsonb_build_object('labelId', t."labelId", 'start', t.start, 'end', t."end", 'quote', t.quote, 'status', 'pending')
     FROM "Tag" t WHERE t.id = ANY($1)`,
    [column('id')],
  )
  return rows.length
}

/**
 * Checks every tag of a document against the stored text with Postgres' own idea of a character
 * (a code point in a UTF-8 database). substr() at a large offset walks the text from its start,
 * so the text is split into an indexed table of characters once, and each span is read from it.
 */
export async function countBadQuotes(sql: pg.Pool, documentId: string): Promise<number> {
  const client = await sql.connect()
  try {
    await client.query('BEGIN')
    await client.query(
      `CREATE TEMP TABLE bench_chars ON COMMIT DROP AS
       SELECT x.i::int - 1 AS i, x.c FROM "Document" d, regexp_split_to_table(d.text, '') WITH ORDINALITY AS x(c, i) WHERE d.id = $1`,
      [documentId],
    )
    await client.query('CREATE INDEX ON bench_chars (i)')
    await client.query('ANALYZE bench_chars')
    const text = (from: string, to: string) => `coalesce((SELECT string_agg(c, '' ORDER BY i) FROM bench_chars WHERE i >= ${from} AND i < ${to}), '')`
    const { rows } = await client.query<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM "Tag" t WHERE t."documentId" = $1 AND (
         ${text('t.start', 't."end"')} <> t.quote OR
         ${text(`t.start - ${CONTEXT_LENGTH}`, 't.start')} <> t.prefix OR
         ${text('t."end"', `t."end" + ${CONTEXT_LENGTH}`)} <> t.suffix)`,
      [documentId],
    )
    await client.query('COMMIT')
    return rows[0].bad
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** Tags of a document annotator1 sees in the workbench (their own, not deleted). */
export async function visibleTagCount(sql: pg.Pool, documentId: string, authorId: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "Tag" WHERE "documentId" = $1 AND "authorId" = $2 AND "deletedAt" IS NULL', [documentId, authorId])
  return rows[0].n
}
