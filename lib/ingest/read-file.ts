// Reading one file's bytes into what its staging row holds: extraction, then metadata, then the
// body's hash and sentence fingerprints. Pure CPU work with no database: it runs in a reading thread
// (lib/ingest/read-pool.ts) or, with no pool, in the job's own thread; both give the same answer.
import { createHash } from 'node:crypto'
import { extractFile } from './extract'
import { readMetadata } from './metadata'
import { sentenceFingerprints } from './near-duplicates'
import { bodyTextOf } from './staged-text'
import type { ExtractedFile, IngestProblem, ReadMetadata } from './types'

export interface FileToRead {
  bytes: Uint8Array
  /** Its path in the batch (the metadata reader falls back on its name). */
  path: string
  /** The manifest row that names this file, if any. */
  manifest?: Record<string, string>
}

export type ReadOutcome =
  | { kind: 'archive' }
  | { kind: 'refused'; problem: IngestProblem }
  | {
      kind: 'read'
      file: ExtractedFile
      meta: ReadMetadata
      /** SHA-256 of the trimmed body (what a document's textSha256 will be); null without a body. */
      textSha256: string | null
      /** The body's sentence fingerprints, for the near-duplicate check (lib/ingest/near-duplicate-index.ts). */
      fingerprints: string[]
    }

export async function readFileContent(input: FileToRead): Promise<ReadOutcome> {
  const result = await extractFile(input.bytes, input.path)
  if (!result.ok) return result.problem.code === 'archive_inside' ? { kind: 'archive' } : { kind: 'refused', problem: result.problem }
  const file = result.file
  const meta = readMetadata({ text: file.text, body: file.body, page: file.page, fileName: input.path, manifest: input.manifest })
  if (!file.body) return { kind: 'read', file, meta, textSha256: null, fingerprints: [] }
  const body = bodyTextOf(file.text, file.body.start, file.body.end)
  return { kind: 'read', file, meta, textSha256: createHash('sha256').update(body).digest('hex'), fingerprints: [...new Set(sentenceFingerprints(body))] }
}

/**
 * Reads a small page once, so that what loads on first use (the parser, the division list, OpenCC's
 * tables, the Han table) is loaded before a thread says it is ready: its first real file is then read
 * as fast as the rest, and a file's time limit measures the file, not the thread's start.
 */
export async function warmUp(): Promise<void> {
  const paragraph = '<p>2023年，某县人民政府坚持依法行政，推进法治政府建设，落实行政执法三项制度。</p>'
  const page = `<html><head><meta charset="utf-8"><title>某县人民政府关于2023年法治政府建设情况的报告</title></head><body><div>来源：北京市海淀区人民政府</div>${paragraph.repeat(5)}</body></html>`
  await readFileContent({ bytes: new TextEncoder().encode(page), path: 'warm-up.html' })
}
