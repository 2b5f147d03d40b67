import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_UPLOAD_BYTES, saveUpload } from './upload'

const body = (text: string) => new Response(text).body

describe('saveUpload', () => {
  let folder: string
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'tagbench-upload-'))
  })
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('writes the body to the file', async () => {
    const file = path.join(folder, 'ok')
    expect(await saveUpload(body('{"a":1}\n'), '8', file)).toBe(8)
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n')
  })

  it('refuses a body larger than the limit before reading it, an empty one, and a cut-off one, with a sentence', async () => {
    await expect(saveUpload(body('x'), String(MAX_UPLOAD_BYTES + 1), path.join(folder, 'big'))).rejects.toThrow(/larger than 200 MB/)
    await expect(saveUpload(body(''), null, path.join(folder, 'empty'))).rejects.toThrow(/has no body/)
    await expect(saveUpload(null, null, path.join(folder, 'none'))).rejects.toThrow(/has no body/)
    await expect(saveUpload(body('12345'), '10', path.join(folder, 'cut'))).rejects.toThrow(/stopped after 5 of 10 bytes/)
  })
})
