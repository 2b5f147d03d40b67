// Which document of a project already holds most of a new body's sentences. The project's sentence
// fingerprints are built once per process and extended as documents arrive (documents are never
// edited in their text), so reading a thousand files does not re-read the corpus a thousand times.
import { db } from '../db/client'
import { sentenceFingerprints } from './near-duplicates'

/** A near duplicate: at least this share of the new body's sentences are in one document. */
export const NEAR_DUPLICATE_SHARE = 0.6

interface ProjectIndex {
  /** fingerprint → the documents holding it */
  documentsOf: Map<string, string[]>
  known: Set<string>
  checkedAt: number
}

const indexes = new Map<string, ProjectIndex>()

async function indexOf(projectId: string): Promise<ProjectIndex> {
  let index = indexes.get(projectId)
  if (!index) {
    index = { documentsOf: new Map(), known: new Set(), checkedAt: 0 }
    indexes.set(projectId, index)
  }
  // Only documents not indexed yet are read, a page at a time; the count is asked at most once a
  // second (a thousand files read in a row need not ask a thousand times).
  const now = Date.now()
  if (now - index.checkedAt < 1000) return index
  index.checkedAt = now
  const count = await db.document.count({ where: { projectId, archivedAt: null } })
  if (count !== index.known.size) {
    let cursor: string | undefined
    for (;;) {
      const page = await db.document.findMany({
        where: { projectId, archivedAt: null },
        select: { id: true, text: true },
        orderBy: { id: 'asc' },
        take: 200,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      })
      if (page.length === 0) break
      for (const doc of page) {
        if (index.known.has(doc.id)) continue
        index.known.add(doc.id)
        for (const print of new Set(sentenceFingerprints(doc.text))) {
          const docs = index.documentsOf.get(print)
          if (docs) docs.push(doc.id)
          else index.documentsOf.set(print, [doc.id])
        }
      }
      cursor = page[page.length - 1].id
    }
  }
  return index
}

/**
 * The document holding the largest share (≥ NEAR_DUPLICATE_SHARE) of the body's sentences, or null.
 * `body` is the text, or its fingerprints already taken (a reading thread takes them: lib/ingest/read-file.ts).
 */
export async function nearDuplicateOf(projectId: string, body: string | string[]): Promise<{ documentId: string; share: number } | null> {
  const prints = [...new Set(typeof body === 'string' ? sentenceFingerprints(body) : body)]
  if (prints.length === 0) return null
  const index = await indexOf(projectId)
  const hits = new Map<string, number>()
  for (const print of prints) for (const doc of index.documentsOf.get(print) ?? []) hits.set(doc, (hits.get(doc) ?? 0) + 1)
  let best: { documentId: string; share: number } | null = null
  for (const [documentId, n] of hits) {
    const share = n / prints.length
    if (share >= NEAR_DUPLICATE_SHARE && (!best || share > best.share)) best = { documentId, share }
  }
  return best
}

/** After documents arrive in this process (a commit), the next read looks again at once. */
export function documentsArrived(projectId: string): void {
  const index = indexes.get(projectId)
  if (index) index.checkedAt = 0
}
