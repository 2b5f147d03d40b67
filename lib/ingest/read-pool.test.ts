// The import's reading threads (lib/ingest/read-pool.ts): the same answer as reading in the job's
// thread, for every fixture; a file that makes its thread throw, exit or hang fails alone, with a
// sentence, and the pool reads the next file; without a thread to start, files are read in-thread.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { fixturePath, loadExpectations } from '../../tests/fixtures/import/fixture-set'
import { readFileContent } from './read-file'
import { autoThreadCount, defaultThreadEntry, ReadPool, ReadThreadError, readThreadCount, MAX_AUTO_THREADS } from './read-pool'

const fixtures = loadExpectations().map((e) => ({ path: e.file, bytes: new Uint8Array(readFileSync(fixturePath(e.file))) }))
const misbehaving = {
  file: path.join(import.meta.dirname, 'read-thread-tsx.mjs'),
  workerData: { module: pathToFileURL(path.join(import.meta.dirname, 'test-threads/misbehaving-read-thread.ts')).href },
}
const page = (n: number) => ({
  path: `page-${n}.html`,
  bytes: new TextEncoder().encode(
    `<html><head><meta charset="utf-8"><title>某县2023年法治政府建设情况的报告</title></head><body><h1>某县2023年法治政府建设情况的报告</h1>${'<p>2023年，某县坚持依法行政，推进法治政府建设，落实行政执法三项制度，完善重大行政决策程序。</p>'.repeat(20)}</body></html>`,
  ),
})
const pools: ReadPool[] = []
const poolOf = (...args: ConstructorParameters<typeof ReadPool>) => {
  const pool = new ReadPool(...args)
  pools.push(pool)
  return pool
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()))
})

describe('reading threads', () => {
  it('read every fixture exactly as the job thread does: text, body, metadata, warnings, refusals, hash, fingerprints', async () => {
    const pool = poolOf(2)
    await pool.warm()
    const inThread = await Promise.all(fixtures.map((f) => readFileContent(f)))
    const threaded = await Promise.all(fixtures.map((f) => pool.read(f)))
    expect(pool.running).toBe(2)
    expect(pool.counts).toEqual({ threads: fixtures.length, caller: 0 })
    for (const [i, f] of fixtures.entries()) expect(threaded[i], f.path).toEqual(inThread[i])
    expect(threaded.filter((o) => o.kind === 'read').length).toBeGreaterThan(50)
    expect(threaded.some((o) => o.kind === 'refused' && o.problem.code === 'pdf_no_text_layer')).toBe(true)
  }, 120_000)

  it('fail a file whose reading throws with a sentence, and read the next one', async () => {
    const pool = poolOf(1)
    await pool.warm()
    const failed = await pool.read({ path: 'null-bytes.html', bytes: null as unknown as Uint8Array }).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(ReadThreadError)
    expect((failed as Error).message).toMatch(/^Reading it failed: .*byteLength.*\.$/)
    expect((await pool.read(page(1))).kind).toBe('read')
    expect(pool.counts).toEqual({ threads: 2, caller: 0 })
  }, 60_000)

  it('fail only the file whose thread throws, exits or hangs; a new thread reads the rest', async () => {
    // Long enough for a page on a loaded machine, short enough for a test.
    const pool = poolOf(2, misbehaving, { timeoutMs: 8000 })
    await pool.warm()
    const results = await Promise.allSettled([pool.read({ ...page(1), path: 'throws.html' }), pool.read(page(2)), pool.read({ ...page(3), path: 'exits.html' }), pool.read({ ...page(4), path: 'hangs.html' }), pool.read(page(5))])
    const [throws, second, exits, hangs, fifth] = results
    expect(throws.status === 'rejected' && throws.reason).toEqual(new ReadThreadError('The thread reading it stopped: the parser fell over.'))
    expect(exits.status === 'rejected' && exits.reason).toEqual(new ReadThreadError('The thread reading it exited (code 3).'))
    expect(hangs.status === 'rejected' && hangs.reason).toEqual(new ReadThreadError('Reading it took longer than 8 seconds and was stopped.'))
    expect(second.status === 'fulfilled' && second.value).toEqual(await readFileContent(page(2)))
    expect(fifth.status === 'fulfilled' && fifth.value).toEqual(await readFileContent(page(5)))
    expect((await pool.read(page(6))).kind).toBe('read')
    expect(pool.counts.caller).toBe(0)
  }, 60_000)

  it('read in the calling thread while the threads start, then in the threads', async () => {
    const pool = poolOf(1)
    expect(await pool.read(page(10))).toEqual(await readFileContent(page(10)))
    expect(pool.counts).toEqual({ threads: 0, caller: 1 })
    await pool.warm()
    expect(await pool.read(page(11))).toEqual(await readFileContent(page(11)))
    expect(pool.counts).toEqual({ threads: 1, caller: 1 })
  }, 60_000)

  it('read in the calling thread when a thread cannot start, and when the pool has none', async () => {
    const broken = poolOf(2, { file: path.join(import.meta.dirname, 'no-such-thread.mjs') })
    await broken.warm()
    expect(await broken.read(page(7))).toEqual(await readFileContent(page(7)))
    expect(await broken.read(page(8))).toEqual(await readFileContent(page(8)))
    expect(broken.running).toBe(0)
    expect(broken.counts).toEqual({ threads: 0, caller: 2 })
    const none = poolOf(0)
    expect(await none.read(page(9))).toEqual(await readFileContent(page(9)))
    expect(none.running).toBe(0)
  }, 60_000)

  it('start from the sources under tsx, sized from TAGBENCH_IMPORT_THREADS', () => {
    expect(defaultThreadEntry()?.file).toMatch(/read-thread-tsx\.mjs$/)
    expect(readThreadCount({ TAGBENCH_IMPORT_THREADS: '3' })).toBe(3)
    expect(readThreadCount({ TAGBENCH_IMPORT_THREADS: '0' })).toBe(0)
    const auto = readThreadCount({})
    expect(auto).toBeGreaterThanOrEqual(1)
    expect(auto).toBeLessThanOrEqual(MAX_AUTO_THREADS)
    expect(() => readThreadCount({ TAGBENCH_IMPORT_THREADS: 'many' })).toThrow('TAGBENCH_IMPORT_THREADS must be auto or a number of threads (0 to 64).')
  })

  it('auto leaves one core to the job thread, with at least one and at most MAX_AUTO_THREADS threads', () => {
    expect([1, 2, 3, 4, 8, 64].map(autoThreadCount)).toEqual([1, 1, 2, 3, MAX_AUTO_THREADS, MAX_AUTO_THREADS])
  })
})
