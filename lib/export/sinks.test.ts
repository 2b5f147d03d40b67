import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { zipSink } from './sinks'

describe('zipSink', () => {
  let folder: string
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'tagbench-sink-'))
  })
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('writes the export zip readable by its owner only (0600), whatever the umask', async () => {
    const file = path.join(folder, 'export.zip')
    const previous = process.umask(0o022)
    try {
      const sink = zipSink(file)
      const entry = sink.entry('corpus.jsonl')
      await entry.write('{"a":1}\n')
      await entry.end()
      await sink.close()
    } finally {
      process.umask(previous)
    }
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })
})
