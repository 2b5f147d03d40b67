// The review benchmark's data: 200 reports of ~10,000 code points cut from the demo reports, and
// 50,000 tags by three annotators who tag the same sentences most of the time (so that agreement
// has something to measure), in every review state, created over 30 days. Inserted in bulk with
// SQL, each tag with its 'created' history row: the services write one tag per request, which
// would make the setup slower than the benchmark.
import { createHash, randomUUID } from 'node:crypto'
import type pg from 'pg'
import { splitSentences, type Sentence } from '../../../lib/text/sentences'
import { chooseSpans, spanText, syntheticReport } from './corpus'

export interface BenchDocument {
  id: string
  title: string
  text: string
  length: number
}

export interface LabelTree {
  /** Top-level labels in order, each with its leaves in order. */
  tops: { id: string; name: string; leafIds: string[] }[]
  leafIds: string[]
}

type Status = 'pending' | 'approved' | 'rejected' | 'needs_revision'

export interface TagRow {
  id: string
  documentId: string
  labelId: string
  start: number
  end: number
  quote: string
  prefix: string
  suffix: string
  authorId: string
  reviewerId: string | null
  status: Status
  source: 'manual' | 'suggestion' | 'import'
  version: number
  createdAt: string
  updatedAt: string
}

/** A small deterministic PRNG (mulberry32), so that every run has the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `count` reports, each a window of 9,000–11,000 code points (mean ~10,000) of the synthetic text
 * made of the five demo bodies (line breaks and astral characters kept, see syntheticReport), each
 * starting somewhere else and headed by its number, so that no two texts are alike.
 */
export function reviewDocuments(bodies: string[], count: number): BenchDocument[] {
  const base = Array.from(syntheticReport(bodies, 80_000))
  return Array.from({ length: count }, (_, i) => {
    const length = 10_000 + ((i * 379) % 2001) - 1000
    const offset = Math.floor((i * 40_000) / count)
    const body = base.slice(offset, offset + length).join('').trim()
    const text = `基准测试报告第${i + 1}号\n${body}`
    return { id: `bench-doc-${String(i + 1).padStart(3, '0')}`, title: `基准测试：审核用合成报告第${i + 1}号`, text, length: Array.from(text).length }
  })
}

export async function insertDocuments(sql: pg.Pool, projectId: string, importedById: string, documents: BenchDocument[]): Promise<void> {
  const col = <K extends keyof BenchDocument>(key: K) => documents.map((d) => d[key])
  await sql.query(
    `INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length, "originalFileName", "importedById")
     SELECT u.id, $1, u.title, u.text, u.sha, u.len, u.id || '.txt', $2
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[]) AS u(id, title, text, sha, len)`,
    [projectId, importedById, col('id'), col('title'), col('text'), documents.map((d) => createHash('sha256').update(d.text, 'utf8').digest('hex')), col('length')],
  )
}

/** A third annotator: a user who cannot sign in (nobody knows a password for it), member of the project. */
export async function addAnnotator(sql: pg.Pool, projectId: string, email: string, name: string): Promise<string> {
  const id = `bench-user-${randomUUID()}`
  await sql.query(`INSERT INTO "User" (id, email, name, "passwordHash") VALUES ($1, $2, $3, '!bench-user-without-password')`, [id, email, name])
  await sql.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ($1, $2, $3, 'annotator')`, [`bench-member-${randomUUID()}`, projectId, id])
  return id
}

export async function labelTree(sql: pg.Pool, projectId: string): Promise<LabelTree> {
  const { rows } = await sql.query<{ id: string; name: string; parentId: string | null }>(
    `SELECT l.id, l.name, l."parentId" FROM "Label" l LEFT JOIN "Label" p ON p.id = l."parentId"
     WHERE l."projectId" = $1 AND NOT l.archived ORDER BY coalesce(p."order", l."order"), l."parentId" NULLS FIRST, l."order"`,
    [projectId],
  )
  const tops = rows.filter((r) => !r.parentId).map((t) => ({ id: t.id, name: t.name, leafIds: rows.filter((r) => r.parentId === t.id).map((r) => r.id) }))
  // A top label without children is a leaf itself.
  for (const t of tops) if (!t.leafIds.length) t.leafIds.push(t.id)
  return { tops, leafIds: tops.flatMap((t) => t.leafIds) }
}

const DAY_MS = 86_400_000

/**
 * `total` tags over the documents, spread evenly over (document, annotator). The first annotator
 * tags whole sentences (with ~10 % nested or crossing extra spans, see chooseSpans); each other
 * annotator takes the same spans and, per span: keeps span and label (60 %), keeps the span with
 * a sibling label (12 %), moves one boundary by 1–5 code points (15 %), or tags another sentence
 * instead (13 %). Status: ~70 % pending, 15 % approved, 8 % rejected, 7 % needs revision; a fifth
 * of the tags were edited once (version + 1), and a reviewed tag is one version further. Created at
 * random over the last 30 days.
 */
export function reviewTags(documents: BenchDocument[], annotatorIds: string[], reviewerId: string, labels: LabelTree, total: number, now = Date.now()): TagRow[] {
  const rng = random(20261121)
  const pick = <T>(list: T[]) => list[Math.floor(rng() * list.length)]
  const siblings = new Map(labels.tops.flatMap((t) => t.leafIds.map((id) => [id, t.leafIds.length > 1 ? t.leafIds.filter((x) => x !== id) : labels.leafIds.filter((x) => x !== id)] as const)))
  const pairs = documents.length * annotatorIds.length
  const rows: TagRow[] = []
  documents.forEach((doc, d) => {
    const codePoints = Array.from(doc.text)
    const sentences = splitSentences(doc.text)
    const countFor = (a: number) => Math.floor(((d * annotatorIds.length + a + 1) * total) / pairs) - Math.floor(((d * annotatorIds.length + a) * total) / pairs)
    const reference = chooseSpans(doc.text, countFor(0)).map((span) => ({ ...span, labelId: pick(labels.leafIds) }))
    const used = new Set(reference.map((s) => `${s.start}:${s.end}`))
    const spare = sentences.filter((s) => !used.has(`${s.start}:${s.end}`))
    annotatorIds.forEach((authorId, a) => {
      const n = countFor(a)
      const seen = new Set<string>()
      const mine: (Sentence & { labelId: string })[] = []
      const add = (span: Sentence & { labelId: string }) => {
        const key = `${span.start}:${span.end}:${span.labelId}`
        if (seen.has(key) || span.start >= span.end) return false
        seen.add(key)
        mine.push(span)
        return true
      }
      const another = () => {
        for (let tries = 0; tries < 20; tries++) if (add({ ...pick(spare.length ? spare : sentences), labelId: pick(labels.leafIds) })) return
      }
      for (const ref of reference) {
        if (mine.length >= n) break
        if (a === 0) {
          add(ref)
          continue
        }
        const r = rng()
        if (r < 0.6) add(ref)
        else if (r < 0.72) add({ ...ref, labelId: pick(siblings.get(ref.labelId) ?? labels.leafIds) })
        else if (r < 0.87) {
          const delta = 1 + Math.floor(rng() * 5)
          const moved = rng() < 0.5 ? { start: Math.min(ref.start + delta, ref.end - 1), end: ref.end } : { start: ref.start, end: Math.max(ref.end - delta, ref.start + 1) }
          add({ ...moved, labelId: ref.labelId })
        } else another()
      }
      while (mine.length < n) another()
      for (const span of mine) {
        const r = rng()
        const status: Status = r < 0.7 ? 'pending' : r < 0.85 ? 'approved' : r < 0.93 ? 'rejected' : 'needs_revision'
        const edited = rng() < 0.2
        const created = now - 60_000 - Math.floor(rng() * 30 * DAY_MS)
        const s = rng()
        rows.push({
          id: randomUUID(),
          documentId: doc.id,
          labelId: span.labelId,
          start: span.start,
          end: span.end,
          ...spanText(codePoints, span),
          authorId,
          reviewerId: status === 'pending' || status === 'needs_revision' ? null : reviewerId,
          status,
          source: s < 0.9 ? 'manual' : s < 0.97 ? 'suggestion' : 'import',
          version: 1 + (edited ? 1 : 0) + (status === 'pending' ? 0 : 1),
          createdAt: new Date(created).toISOString(),
          updatedAt: new Date(created + Math.floor(rng() * (now - created))).toISOString(),
        })
      }
    })
  })
  return rows
}

/** Inserts the tags and one 'created' TagEvent each (at the tag's createdAt), in statements of `chunk` rows. */
export async function insertReviewTags(sql: pg.Pool, projectId: string, rows: TagRow[], chunk = 5_000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk)
    const col = <K extends keyof TagRow>(key: K) => part.map((r) => r[key])
    await sql.query(
      `WITH t AS (
         INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", "reviewerId", status, source, version, "createdAt", "updatedAt")
         SELECT u.id, $1, u.doc, u.label, u.s, u.e, u.q, u.p, u.x, u.author, u.reviewer, u.status::"TagStatus", u.source::"TagSource", u.version,
                u.created::timestamptz, u.updated::timestamptz
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::text[], $16::text[])
              AS u(id, doc, label, s, e, q, p, x, author, reviewer, status, source, version, created, updated)
         RETURNING id, "authorId", "labelId", start, "end", quote, "createdAt"
       )
       INSERT INTO "TagEvent" (id, "tagId", "actorId", action, after, "createdAt")
       SELECT gen_random_uuid()::text, t.id, t."authorId", 'created',
              jsonb_build_object('labelId', t."labelId", 'start', t.start, 'end', t."end", 'quote', t.quote, 'status', 'pending'), t."createdAt"
       FROM t`,
      [
        projectId,
        col('id'),
        col('documentId'),
        col('labelId'),
        col('start'),
        col('end'),
        col('quote'),
        col('prefix'),
        col('suffix'),
        col('authorId'),
        col('reviewerId'),
        col('status'),
        col('source'),
        col('version'),
        col('createdAt'),
        col('updatedAt'),
      ],
    )
  }
}
