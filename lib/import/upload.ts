// An uploaded file (the raw request body) saved to disk with a size limit: an import reads it
// twice and a zip needs random access, and memory stays flat whatever the size.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { dataDir } from '../config/data-dir'
import { invalid } from '../errors'

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024

const tooLarge = () =>
  invalid(`The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB, the most an upload may be; import it with the command line (npm run import), or export and import fewer documents at a time.`, undefined, {
    key: 'import.tooLarge',
    values: { megabytes: MAX_UPLOAD_BYTES / 1024 / 1024 },
  })

export async function saveUpload(body: ReadableStream<Uint8Array> | null, contentLength: string | null, file: string): Promise<number> {
  const declared = contentLength === null ? null : Number(contentLength)
  if (declared !== null && declared > MAX_UPLOAD_BYTES) throw tooLarge()
  if (!body || declared === 0) throw invalid('The request has no body: send the export (its zip, or corpus.jsonl) as the request body.', undefined, { key: 'import.noBody' })
  const out = createWriteStream(file, { mode: 0o600 })
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error))
  failed.catch(() => undefined)
  let bytes = 0
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
      if (bytes > MAX_UPLOAD_BYTES) {
        await reader.cancel().catch(() => undefined)
        throw tooLarge()
      }
      if (!out.write(value)) await Promise.race([once(out, 'drain'), failed])
    }
    out.end()
    await Promise.race([once(out, 'finish'), failed])
  } finally {
    out.destroy()
  }
  if (bytes === 0) throw invalid('The request has no body: send the export (its zip, or corpus.jsonl) as the request body.', undefined, { key: 'import.noBody' })
  if (declared !== null && bytes !== declared) throw invalid(`The upload stopped after ${bytes} of ${declared} bytes; send the file again.`, undefined, { key: 'import.truncated', values: { bytes, declared } })
  return bytes
}

/**
 * Where uploads wait while they are imported: under the data folder (not the shared /tmp, where
 * other servers' uploads live too), so that the server may empty it when it starts.
 */
export function uploadFolder(): string {
  return path.join(dataDir(), 'uploads')
}

/** A fresh folder for one upload, in uploadFolder(). */
export async function newUploadFolder(): Promise<string> {
  await mkdir(uploadFolder(), { recursive: true, mode: 0o700 })
  return mkdtemp(path.join(uploadFolder(), 'import-'))
}

/**
 * Removes uploads a crashed or killed server left behind (run at start). Only folders untouched
 * for `olderThanMs` go: another server process on the same data folder may be importing one now.
 * Returns how many were removed.
 */
export async function removeLeftoverUploads(folder = uploadFolder(), olderThanMs = 60 * 60 * 1000, now = Date.now()): Promise<number> {
  let entries: string[]
  try {
    entries = await readdir(folder)
  } catch {
    return 0 // no upload was ever made
  }
  let removed = 0
  for (const entry of entries) {
    const full = path.join(folder, entry)
    const info = await stat(full).catch(() => null)
    if (!info || now - info.mtimeMs < olderThanMs) continue
    await rm(full, { recursive: true, force: true })
    removed++
  }
  return removed
}
