// Reads an export back for an import, line by line in constant memory: a plain .jsonl file, the
// export's zip (corpus.jsonl or train/dev/test.jsonl beside manifest.json), or the folder the CLI
// export writes. A source can be read more than once: the import checks every line, then writes.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { openPromise, type Entry, type ZipFile } from 'yauzl'
import { DomainError, invalid } from '../errors'
import { manifestSchema, type ManifestLabel } from './corpus-jsonl'

/** One document's line may hold a 5,000,000-character text and its spans. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024
/** What the data files of one zip may unpack to: a guard against zip bombs. */
const MAX_UNZIPPED_BYTES = 4 * 1024 * 1024 * 1024

/** The data files of a jsonl export, in the order the export writes them. */
export const dataFileNames = ['corpus.jsonl', 'train.jsonl', 'dev.jsonl', 'test.jsonl'] as const

/** A line to parse, or a problem found before parsing (not UTF-8, too long, a file's checksum). */
export type SourceLine = { where: string; raw: string } | { where: string; problem: string }

export interface CorpusSource {
  /** The file's name, as history and messages show it. */
  name: string
  files: string[]
  /** manifest.json's taxonomy, when the source has one. */
  taxonomy: ManifestLabel[] | null
  lines(): AsyncGenerator<SourceLine>
  close(): Promise<void>
}

interface Container {
  names: string[]
  size(name: string): number
  read(name: string): Promise<Readable>
  close(): void
}

/** Splits a byte stream at "\n"; each line is decoded as strict UTF-8 (a leading BOM is dropped). */
async function* splitLines(stream: AsyncIterable<Buffer>, file: string | null, onChunk?: (chunk: Buffer) => void): AsyncGenerator<SourceLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let pending: Buffer[] = []
  let pendingBytes = 0
  let tooLong = false
  let number = 0
  const emit = (bytes: Buffer | null): SourceLine | null => {
    number++
    const where = file ? `${file} line ${number}` : `line ${number}`
    if (tooLong || !bytes) return { where, problem: `is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB` }
    let raw: string
    try {
      raw = decoder.decode(bytes)
    } catch {
      return { where, problem: 'is not valid UTF-8' }
    }
    return raw.trim() === '' ? null : { where, raw }
  }
  for await (const chunk of stream) {
    onChunk?.(chunk)
    let from = 0
    for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      const piece = chunk.subarray(from, nl)
      const overflow = tooLong || pendingBytes + piece.length > MAX_LINE_BYTES
      const out = emit(overflow ? null : pending.length ? Buffer.concat([...pending, piece]) : piece)
      pending = []
      pendingBytes = 0
      tooLong = false
      if (out) yield out
      from = nl + 1
    }
    if (from < chunk.length && !tooLong) {
      const rest = chunk.subarray(from)
      pending.push(rest)
      pendingBytes += rest.length
      // Keep counting the line, not its bytes: it is reported once its end arrives.
      if (pendingBytes > MAX_LINE_BYTES) {
        tooLong = true
        pending = []
        pendingBytes = 0
      }
    }
  }
  if (pending.length || tooLong) {
    const out = emit(tooLong ? null : Buffer.concat(pending))
    if (out) yield out
  }
}

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const head = Buffer.alloc(4)
    const { bytesRead } = await handle.read(head, 0, 4, 0)
    // A zip starts with a local file header, or (empty) the end-of-central-directory record.
    return bytesRead === 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
  } finally {
    await handle.close()
  }
}

async function zipContainer(file: string, shown: string): Promise<Container> {
  let zip: ZipFile
  const entries = new Map<string, Entry>()
  try {
    zip = await openPromise(file, { autoClose: false, strictFileNames: false, validateEntrySizes: true })
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue
      // A zip of the export's folder holds its files one folder down: they are found by name.
      const name = path.posix.basename(entry.fileName)
      if (name !== 'manifest.json' && !name.endsWith('.jsonl')) continue
      if (entries.has(name)) {
        zip.close()
        throw invalid(`${shown} holds two files named ${name}; import one export at a time.`, undefined, { key: 'import.duplicateEntry', values: { file: shown, name } })
      }
      entries.set(name, entry)
    }
  } catch (error) {
    if (error instanceof DomainError) throw error
    throw invalid(`${shown} is not a zip that can be read (${error instanceof Error ? error.message : String(error)}); upload the zip as Tagbench wrote it, or its corpus.jsonl.`, undefined, {
      key: 'import.unreadableZip',
      values: { file: shown },
    })
  }
  return {
    names: [...entries.keys()],
    size: (name) => entries.get(name)!.uncompressedSize,
    async read(name) {
      try {
        return await zip.openReadStreamPromise(entries.get(name)!)
      } catch (error) {
        throw invalid(`${name} in ${shown} cannot be unpacked (${error instanceof Error ? error.message : String(error)}).`, undefined, {
          key: 'import.cannotUnpack',
          values: { file: shown, name },
        })
      }
    },
    close: () => zip.close(),
  }
}

async function folderContainer(folder: string): Promise<Container> {
  const names = (await readdir(folder, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name)
  const sizes = new Map(await Promise.all(names.map(async (n) => [n, (await stat(path.join(folder, n))).size] as const)))
  return { names, size: (n) => sizes.get(n) ?? 0, read: async (n) => createReadStream(path.join(folder, n)), close: () => undefined }
}

async function readSmall(stream: Readable, limit: number, what: string): Promise<string> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length
    if (bytes > limit) {
      stream.destroy()
      throw invalid(`${what} is larger than ${limit / 1024 / 1024} MB; it is not a Tagbench manifest.`, undefined, { key: 'import.manifestTooLarge', values: { file: what, megabytes: limit / 1024 / 1024 } })
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The export's data files and taxonomy, from a zip or a folder. */
async function containerSource(container: Container, shown: string): Promise<CorpusSource> {
  let taxonomy: ManifestLabel[] | null = null
  const checksums = new Map<string, string>()
  try {
    if (container.names.includes('manifest.json')) {
      const text = await readSmall(await container.read('manifest.json'), MAX_MANIFEST_BYTES, 'manifest.json')
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        throw invalid(`manifest.json in ${shown} is not valid JSON.`, undefined, { key: 'import.manifestNotJson', values: { file: shown } })
      }
      const manifest = manifestSchema.safeParse(json)
      if (!manifest.success) {
        const issues = manifest.error.issues.map((i) => ({ path: `manifest.json: ${i.path.map(String).join('.')}`, message: i.message }))
        throw invalid(`The file cannot be imported, nothing was written: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, issues, {
          key: 'import.manifestInvalid',
          values: { problems: issues.map((i) => `${i.path}: ${i.message}`).join('; ') },
        })
      }
      if (manifest.data.format && manifest.data.format !== 'jsonl') {
        throw invalid(`${shown} is a ${manifest.data.format} export; only Tagbench's own jsonl export can be imported. Export the project as jsonl and import that.`, undefined, {
          key: 'import.notJsonlExport',
          values: { file: shown, format: manifest.data.format },
        })
      }
      taxonomy = manifest.data.taxonomy?.labels ?? null
      for (const f of manifest.data.files ?? []) if (f.sha256) checksums.set(f.name, f.sha256)
    }
    const files = dataFileNames.filter((n) => container.names.includes(n))
    if (files.length === 0) {
      throw invalid(`${shown} holds no corpus.jsonl (nor train.jsonl, dev.jsonl, test.jsonl): is it a Tagbench jsonl export?`, undefined, { key: 'import.noCorpus', values: { file: shown } })
    }
    const unpacked = files.reduce((sum, f) => sum + container.size(f), 0)
    if (unpacked > MAX_UNZIPPED_BYTES) throw invalid(`${shown} unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 ** 3} GB; import it in parts.`, undefined, {
        key: 'import.unpacksTooLarge',
        values: { file: shown, gigabytes: MAX_UNZIPPED_BYTES / 1024 ** 3 },
      })
    return {
      name: shown,
      files,
      taxonomy,
      async *lines() {
        for (const file of files) {
          const hash = createHash('sha256')
          const stream = await container.read(file)
          try {
            yield* splitLines(stream as AsyncIterable<Buffer>, file, (chunk) => hash.update(chunk))
          } finally {
            stream.destroy()
          }
          const expected = checksums.get(file)
          if (expected && hash.digest('hex') !== expected) {
            yield { where: file, problem: 'does not match the SHA-256 that manifest.json gives for it: it was changed or damaged after export' }
          }
        }
      },
      close: async () => container.close(),
    }
  } catch (error) {
    container.close()
    throw error
  }
}

/**
 * Opens an export for reading: a zip (recognised by its first bytes, whatever its name), a folder
 * holding manifest.json and the data files, or anything else as one jsonl file.
 * `name` is what messages and history call it (an upload's own file name; by default the path's).
 */
export async function openCorpus(file: string, name = path.basename(file)): Promise<CorpusSource> {
  const info = await stat(file).catch(() => null)
  if (!info) throw invalid(`There is no file ${file}.`, undefined, { key: 'import.noFile', values: { file } })
  if (info.isDirectory()) return containerSource(await folderContainer(file), name)
  if (await isZip(file)) return containerSource(await zipContainer(file, name), name)
  return {
    name,
    files: [name],
    taxonomy: null,
    async *lines() {
      const stream = createReadStream(file, { highWaterMark: 1 << 20 })
      try {
        yield* splitLines(stream as AsyncIterable<Buffer>, null)
      } finally {
        stream.destroy()
      }
    },
    close: async () => undefined,
  }
}
