// Where an export's files go: one zip (the web and API jobs) or a folder (the CLI). Files are
// written one after another (a deferred one beside them), each as a stream with backpressure, and
// hashed as they are written, so memory stays flat however large the corpus.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, openSync, unlinkSync, type ReadStream, type WriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { PassThrough, type Readable, type Writable } from 'node:stream'
import { once } from 'node:events'
import { ZipFile } from 'yazl'

export interface WrittenFile {
  name: string
  bytes: number
  sha256: string
}

export interface SinkEntry {
  write(chunk: string): Promise<void>
  end(): Promise<WrittenFile>
}

export interface ExportSink {
  entry(name: string): SinkEntry
  /**
   * An entry that can be written while another one is still open (the engine writes spans.csv in
   * the same pass as the data file). It lands in the output as if `entry(name)` had been called
   * when it is ended. Optional: without it the engine writes such a file in a pass of its own.
   */
  deferred?(name: string): SinkEntry
  /** Flushes and closes; the result is complete only when this resolves. */
  close(): Promise<void>
  /** Gives up: closes what is open so the caller can delete the partial output. */
  abort(): void
}

function hashingEntry(name: string, target: Writable, finish: () => Promise<void>): SinkEntry {
  const hash = createHash('sha256')
  let bytes = 0
  return {
    async write(chunk) {
      if (!chunk) return
      const buffer = Buffer.from(chunk, 'utf8')
      hash.update(buffer)
      bytes += buffer.length
      if (!target.write(buffer)) await once(target, 'drain')
    },
    async end() {
      target.end()
      await finish()
      return { name, bytes, sha256: hash.digest('hex') }
    },
  }
}

/** A zip archive written to `file`. Deflate runs on libuv's thread pool, beside the JavaScript that builds the lines. */
export function zipSink(file: string, options: { compressionLevel?: number } = {}): ExportSink & { archive(): { bytes: number; sha256: string } } {
  const zip = new ZipFile()
  // 0600: an export holds the project's data; other accounts on the server must not read it.
  const output: WriteStream = createWriteStream(file, { mode: 0o600 })
  // The zip's own size and SHA-256, taken as it is written (the download's checksum) rather than by reading it back.
  const archiveHash = createHash('sha256')
  let archiveBytes = 0
  zip.outputStream.on('data', (chunk: Buffer) => {
    archiveHash.update(chunk)
    archiveBytes += chunk.length
  })
  const closed = once(output, 'close')
  // An output error (disk full) rejects this before close() awaits it; `failure` keeps the error, so mark it handled.
  closed.catch(() => undefined)
  zip.outputStream.pipe(output)
  const mtime = new Date()
  let failure: Error | null = null
  zip.on('error', (error: Error) => (failure = error))
  output.on('error', (error: Error) => (failure = error))
  const entryOptions = { mtime, compress: true, compressionLevel: options.compressionLevel ?? 6 }
  const spools: Spool[] = []
  return {
    entry(name) {
      const pass = new PassThrough({ highWaterMark: 1 << 20 })
      zip.addReadStream(pass, name, { ...entryOptions })
      // yazl reads an entry's stream only when its turn comes; entries here are written in order.
      return hashingEntry(name, pass, async () => {
        if (failure) throw failure
      })
    },
    deferred(name) {
      // A zip holds one entry after the other, so this one waits in a spool file beside the zip (the
      // export's disk, not a tmpfs /tmp in memory) until it is ended, then is added like any entry.
      const spool = openSpool(`${file}.${spools.length}.spool`)
      spools.push(spool)
      spool.writer.on('error', (error: Error) => (failure = error))
      return hashingEntry(name, spool.writer, async () => {
        if (!spool.writer.writableFinished) await once(spool.writer, 'finish')
        if (failure) throw failure
        // From here the reader owns the descriptor and closes it once yazl has read it all.
        spool.reader = createReadStream(spool.path, { fd: spool.fd, start: 0 })
        zip.addReadStream(spool.reader, name, { ...entryOptions })
      })
    },
    async close() {
      zip.end()
      await closed
      closeSpools(spools)
      if (failure) throw failure
    },
    abort() {
      output.destroy()
      closeSpools(spools)
    },
    /** After close(): the archive's size and SHA-256. */
    archive: () => ({ bytes: archiveBytes, sha256: archiveHash.digest('hex') }),
  }
}

interface Spool {
  path: string
  fd: number
  /** Still there under its name (unlinking an open file failed on this platform). */
  linked: boolean
  writer: WriteStream
  reader: ReadStream | null
}

/**
 * A scratch file, unlinked as soon as it is open so that nothing is left behind if the process
 * dies; it is written and then read through the one descriptor. The writer does not close it
 * (autoClose: false), the reader made from it later does.
 */
function openSpool(file: string): Spool {
  const fd = openSync(file, 'w+')
  let linked = true
  try {
    unlinkSync(file)
    linked = false
  } catch {
    // removed in closeSpools instead
  }
  return { path: file, fd, linked, writer: createWriteStream(file, { fd, autoClose: false }), reader: null }
}

/** Closes each descriptor once, through the stream that owns it (destroy waits for I/O in flight). */
function closeSpools(spools: Spool[]) {
  for (const spool of spools.splice(0)) {
    const owner: Readable | Writable = spool.reader ?? spool.writer
    const remove = () => void rm(spool.path, { force: true }).catch(() => undefined)
    if (!owner.closed) {
      if (spool.linked) owner.once('close', remove)
      owner.destroy()
    } else if (spool.linked) remove()
  }
}

/** Plain files in a folder (the CLI's --out). */
export function folderSink(folder: string): ExportSink {
  mkdirSync(folder, { recursive: true })
  const open: WriteStream[] = []
  const entry = (name: string) => {
    const stream = createWriteStream(path.join(folder, name))
    open.push(stream)
    return hashingEntry(name, stream, async () => {
      if (!stream.closed) await once(stream, 'close')
    })
  }
  return {
    entry,
    // Files in a folder are independent: a deferred entry is written beside the others at once.
    deferred: entry,
    async close() {},
    abort() {
      for (const stream of open) stream.destroy()
    },
  }
}
