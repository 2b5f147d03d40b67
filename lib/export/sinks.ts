// Where an export's files go: one zip (the web and API jobs) or a folder (the CLI). Files are
// written one after another, each as a stream with backpressure, and hashed as they are written,
// so memory stays flat however large the corpus.
import { createHash } from 'node:crypto'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import path from 'node:path'
import { PassThrough, type Writable } from 'node:stream'
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
export function zipSink(file: string, options: { compressionLevel?: number } = {}): ExportSink {
  const zip = new ZipFile()
  const output: WriteStream = createWriteStream(file)
  const closed = once(output, 'close')
  zip.outputStream.pipe(output)
  const mtime = new Date()
  let failure: Error | null = null
  zip.on('error', (error: Error) => (failure = error))
  output.on('error', (error: Error) => (failure = error))
  return {
    entry(name) {
      const pass = new PassThrough({ highWaterMark: 1 << 20 })
      zip.addReadStream(pass, name, { mtime, compress: true, compressionLevel: options.compressionLevel ?? 6 })
      // yazl reads an entry's stream only when its turn comes; entries here are written in order.
      return hashingEntry(name, pass, async () => {
        if (failure) throw failure
      })
    },
    async close() {
      zip.end()
      await closed
      if (failure) throw failure
    },
    abort() {
      output.destroy()
    },
  }
}

/** Plain files in a folder (the CLI's --out). */
export function folderSink(folder: string): ExportSink {
  mkdirSync(folder, { recursive: true })
  const open: WriteStream[] = []
  return {
    entry(name) {
      const stream = createWriteStream(path.join(folder, name))
      open.push(stream)
      return hashingEntry(name, stream, async () => {
        if (!stream.closed) await once(stream, 'close')
      })
    },
    async close() {},
    abort() {
      for (const stream of open) stream.destroy()
    },
  }
}
