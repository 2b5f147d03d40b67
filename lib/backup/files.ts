// Small file helpers shared by backup and restore: hashing while streaming, walking a folder.
import { createHash } from 'node:crypto'
import { createWriteStream, existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { once } from 'node:events'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { dataDir } from '../config/data-dir'

/** Where export zips are stored; the same rule as exportFolder() in lib/export/jobs.ts (not imported: that module opens the database client). */
export function exportFolder(): string {
  return path.resolve(process.env.TAGBENCH_EXPORT_DIR || path.join(dataDir(), 'exports'))
}

/** A file written line by line (or chunk by chunk) that knows its SHA-256 and size when closed. */
export function hashingWriter(file: string) {
  const out = createWriteStream(file, { mode: 0o600 })
  const hash = createHash('sha256')
  let bytes = 0
  return {
    async write(chunk: string | Buffer) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      hash.update(buffer)
      bytes += buffer.length
      if (!out.write(buffer)) await once(out, 'drain')
    },
    async close(): Promise<{ bytes: number; sha256: string }> {
      out.end()
      await once(out, 'close')
      return { bytes, sha256: hash.digest('hex') }
    },
    destroy() {
      out.destroy()
    },
  }
}

/** Reads a stream to its end, returning its SHA-256 and size. */
export async function hashStream(stream: Readable): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of stream) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
  }
  return { bytes, sha256: hash.digest('hex') }
}

/** Regular files under `root`, as paths relative to it with forward slashes, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return []
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort()
}
