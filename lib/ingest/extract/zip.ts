// Unpacks an uploaded zip entry by entry, in constant memory per entry (yauzl reads the central
// directory, then each entry on demand). Guards: paths that climb out, too many entries, too much
// unpacked data, zip bombs. Names made on Chinese Windows are GBK without the UTF-8 flag, so names are
// read as bytes (`decodeStrings: false`) and decoded like any other text.
import path from 'node:path'
import { openPromise, type Entry } from 'yauzl'
import { invalid } from '@/lib/errors'
import type { IngestProblem } from '../types'
import { tryDecode } from './encoding'
import { MAX_FILE_BYTES } from './index'
import { problem } from './problems'

export interface ZipLimits {
  maxEntries: number
  maxTotalBytes: number
  /** An entry compressed more than this ratio and larger than `bombMinBytes` is a zip bomb. */
  maxRatio: number
  bombMinBytes: number
  maxEntryBytes: number
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
  bombMinBytes: 10 * 1024 * 1024,
  maxEntryBytes: MAX_FILE_BYTES,
}

export type ZipItem = { path: string; bytes: Uint8Array } | { path: string; problem: IngestProblem }

/** Entries the user never meant to import: macOS resource forks and Finder/Explorer caches. */
const junk = (name: string) => /(^|\/)__MACOSX\//.test(name) || /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/i.test(name) || /(^|\/)\._[^/]*$/.test(name)

/** The entry's name: the Info-ZIP Unicode path field, else UTF-8 if it decodes strictly, else GB18030. */
export function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer
  for (const field of entry.extraFields ?? []) {
    if (field.id === 0x7075 && field.data.length > 5 && field.data[0] === 1) {
      const name = tryDecode(field.data.subarray(5), 'utf-8')
      if (name !== null) return name
    }
  }
  // With or without the UTF-8 flag (some tools set it over GBK bytes): strict UTF-8 first, then GB18030.
  return tryDecode(raw, 'utf-8') ?? tryDecode(raw, 'gb18030') ?? raw.toString('latin1')
}

/** A relative path that stays inside the archive, with forward slashes; null when it climbs out. */
export function safeEntryPath(name: string): string | null {
  const slashed = name.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed) || slashed.includes('\0')) return null
  const normal = path.posix.normalize(slashed)
  if (normal === '..' || normal.startsWith('../') || slashed.split('/').includes('..')) return null
  return normal.replace(/^\.\//, '')
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return Buffer.concat(chunks)
}

const mb = (n: number) => Math.round(n / 1024 / 1024)

/**
 * Every file entry of the zip at `file`, in archive order. Per-entry refusals are yielded as problems;
 * archive-wide refusals (too many entries, too large unpacked, a zip bomb, not a zip) throw a DomainError
 * with a sentence before or while reading.
 */
export async function* unpackZip(file: string, limits: Partial<ZipLimits> = {}): AsyncGenerator<ZipItem> {
  const l = { ...defaultZipLimits, ...limits }
  let zip
  try {
    zip = await openPromise(file, { autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false })
  } catch (error) {
    throw invalid(`The zip cannot be opened: ${(error as Error).message}.`, undefined, { key: 'ingest.broken_zip' })
  }
  try {
    if (zip.entryCount > l.maxEntries) {
      throw invalid(`The zip holds ${zip.entryCount} entries; at most ${l.maxEntries} are read from one archive. Split it into smaller zips.`, undefined, {
        key: 'ingest.zip_too_many_entries',
        values: { entries: zip.entryCount, limit: l.maxEntries },
      })
    }
    let total = 0
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry)
      if (name.endsWith('/') || name.endsWith('\\') || junk(name.replace(/\\/g, '/'))) continue
      const safe = safeEntryPath(name)
      if (safe === null) {
        yield { path: name, problem: problem('unsafe_path', `The zip entry "${name}" points outside the archive (../, an absolute path or a drive letter); it was not unpacked.`, { path: name }) }
        continue
      }
      const size = entry.uncompressedSize
      if (size > l.bombMinBytes && size > Math.max(1, entry.compressedSize) * l.maxRatio) {
        throw invalid(`The zip entry "${safe}" unpacks ${Math.round(size / Math.max(1, entry.compressedSize))} times larger than it is stored (${mb(size)} MB): this looks like a zip bomb, and the archive was not read.`, undefined, {
          key: 'ingest.zip_bomb',
          values: { path: safe, sizeMb: mb(size) },
        })
      }
      total += size
      if (total > l.maxTotalBytes) {
        throw invalid(`The zip unpacks to more than ${mb(l.maxTotalBytes)} MB; split it into smaller zips.`, undefined, { key: 'ingest.zip_too_large', values: { limitMb: mb(l.maxTotalBytes) } })
      }
      if (size > l.maxEntryBytes) {
        yield { path: safe, problem: problem('too_large', `${safe} is ${mb(size)} MB; files over ${mb(l.maxEntryBytes)} MB are not read.`, { file: safe, sizeMb: mb(size), limitMb: mb(l.maxEntryBytes) }) }
        continue
      }
      try {
        yield { path: safe, bytes: await readAll(await zip.openReadStreamPromise(entry)) }
      } catch (error) {
        yield { path: safe, problem: problem('broken_zip_entry', `The zip entry "${safe}" cannot be unpacked: ${(error as Error).message}.`, { path: safe }) }
      }
    }
  } finally {
    zip.close()
  }
}
