// An uploaded file (the raw request body) saved to disk with a size limit: an import reads it
// twice and a zip needs random access, and memory stays flat whatever the size.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
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
  const out = createWriteStream(file)
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
