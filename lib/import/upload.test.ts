import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_UPLOAD_BYTES, removeLeftoverUploads, saveUpload } from './upload'

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

  it('writes the upload readable by its owner only (0600)', async () => {
    const file = path.join(folder, 'private')
    await saveUpload(body('x'), '1', file)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })
})

describe('removeLeftoverUploads', () => {
  it('removes uploads a crash left behind, and keeps ones another process may be importing now', async () => {
    const uploads = await mkdtemp(path.join(tmpdir(), 'tagbench-uploads-'))
    try {
      const hourAgo = (Date.now() - 2 * 60 * 60 * 1000) / 1000
      await mkdir(path.join(uploads, 'import-old'))
      await writeFile(path.join(uploads, 'import-old', 'upload'), 'left behind')
      await utimes(path.join(uploads, 'import-old'), hourAgo, hourAgo)
      await mkdir(path.join(uploads, 'import-fresh'))
      expect(await removeLeftoverUploads(uploads)).toBe(1)
      await expect(stat(path.join(uploads, 'import-old'))).rejects.toThrow(/ENOENT/)
      expect((await stat(path.join(uploads, 'import-fresh'))).isDirectory()).toBe(true)
      expect(await removeLeftoverUploads(path.join(uploads, 'never-made'))).toBe(0)
    } finally {
      await rm(uploads, { recursive: true, force: true })
    }
  })
})
