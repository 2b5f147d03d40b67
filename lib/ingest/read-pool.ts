// The import's reading threads (docs/decisions/0021-import-worker-threads.md). Extraction and the
// metadata reader are CPU work of several milliseconds per page; on the job's own thread they leave the
// other cores idle and hold up the database round trips of the jobs beside them. A small pool of
// node:worker_threads runs them instead: the job sends a file's bytes, a thread answers with what
// lib/ingest/read-file.ts read. A thread that throws or dies fails that one file; another takes its place.
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { readEnv } from '../config/env'
import { readFileContent, type FileToRead, type ReadOutcome } from './read-file'
import type { ReadReply, ReadTask } from './read-thread'

/** `auto` never starts more threads than this: each holds its own parser, PDF reader and division list (~40 MB). */
export const MAX_AUTO_THREADS = 4
/** A thread that has read nothing for this long is stopped; the next file starts one again. */
const IDLE_MS = 60_000
/** A file that keeps a thread busy this long is refused and its thread replaced (a parser caught in a loop). */
export const READ_TIMEOUT_MS = 120_000
/** A thread's own heap limit: a file that needs more fails alone instead of taking the process down. */
const THREAD_HEAP_MB = 1024
/**
 * A thread's young generation: V8's default (three 16 MB semi-spaces) is sized for long-lived servers;
 * a thread reading one 30 KB page at a time fills a smaller one just as well, and each thread is a
 * process-worth of heap on top of the worker's own.
 */
const THREAD_YOUNG_MB = 16

/**
 * `auto`'s thread count on a machine of `cores`: one core is left to the job thread (unzip, hashing,
 * the database), at least one thread, at most MAX_AUTO_THREADS. On two cores a second reading thread
 * gained nothing and cost 120 MB and the first row's time (ADR 0021, "Sizing").
 */
export function autoThreadCount(cores: number): number {
  return Math.max(1, Math.min(cores - 1, MAX_AUTO_THREADS))
}

/** Threads to read with, from TAGBENCH_IMPORT_THREADS: `auto` is autoThreadCount(os.availableParallelism()); 0 reads in the job's thread. */
export function readThreadCount(env: Record<string, string | undefined> = process.env): number {
  const setting = readEnv('TAGBENCH_IMPORT_THREADS', env)
  return setting === 'auto' ? autoThreadCount(os.availableParallelism()) : setting
}

/** What a thread runs: a built file (the bundled worker), or the TypeScript module through tsx (sources). */
export interface ThreadEntry {
  file: string
  workerData?: unknown
}

/**
 * The thread file beside this module: `import-read-thread.mjs` next to the bundle (scripts/run-worker.mjs
 * builds it), else read-thread.ts through tsx when running from the sources; null when neither exists.
 */
export function defaultThreadEntry(): ThreadEntry | null {
  const here = fileURLToPath(import.meta.url)
  const folder = path.dirname(here)
  if (here.endsWith('.ts')) {
    const source = path.join(folder, 'read-thread.ts')
    return existsSync(source) ? { file: path.join(folder, 'read-thread-tsx.mjs'), workerData: { module: pathToFileURL(source).href } } : null
  }
  const built = path.join(folder, 'import-read-thread.mjs')
  return existsSync(built) ? { file: built } : null
}

/** An error's message as the end of a sentence: with its full stop. */
const sentence = (message: string) => (/[.!?。]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`)

/** A file its thread could not read: it threw, died or took too long. The message is a sentence for the manager. */
export class ReadThreadError extends Error {}

interface Pending {
  task: ReadTask
  resolve(outcome: ReadOutcome): void
  reject(error: Error): void
}

interface Thread {
  worker: Worker
  ready: boolean
  busy: Pending | null
  timer: NodeJS.Timeout | null
  idle: NodeJS.Timeout | null
}

export class ReadPool {
  private readonly threads = new Set<Thread>()
  private readonly waiting: Pending[] = []
  private nextId = 1
  /** Set when a thread could not even start (no loader, no built file): files are then read in the caller's thread. */
  private broken: string | null = null

  constructor(
    readonly size: number,
    private readonly entry: ThreadEntry | null = defaultThreadEntry(),
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  /** Files read by the threads, and in the caller's thread (no pool, threads still starting, none can start). */
  readonly counts = { threads: 0, caller: 0 }

  /**
   * Reads one file in a thread. While no thread is ready yet (the first file of an import: a thread
   * takes 0.3 s to load its modules from the bundle, seconds under tsx on a busy machine) the file is
   * read here instead, so the first staged row and a job's time limit never wait for a thread to start.
   * Rejects only with a ReadThreadError.
   */
  read(input: FileToRead): Promise<ReadOutcome> {
    if (this.size <= 0 || !this.entry || this.broken || !this.anyReady()) {
      if (this.size > 0 && this.entry && !this.broken) this.startUpTo(this.size)
      this.counts.caller++
      return readFileContent(input).catch((error: unknown) => {
        throw new ReadThreadError(`Reading it failed: ${sentence(error instanceof Error ? error.message : String(error))}`)
      })
    }
    this.counts.threads++
    return new Promise<ReadOutcome>((resolve, reject) => {
      this.waiting.push({ task: { id: this.nextId++, bytes: input.bytes, path: input.path, manifest: input.manifest }, resolve, reject })
      this.dispatch()
    })
  }

  /** Starts every thread and waits until they are ready (or cannot start): the bench and tests measure threads, not their start. */
  async warm(): Promise<void> {
    if (this.size <= 0 || !this.entry) return
    this.startUpTo(this.size)
    const until = Date.now() + 60_000
    while (!this.broken && [...this.threads].some((t) => !t.ready) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
  }

  private anyReady(): boolean {
    for (const t of this.threads) if (t.ready) return true
    return false
  }

  private startUpTo(n: number): void {
    while (this.threads.size < n) this.start()
  }

  /** Threads running now (for tests and the bench). */
  get running(): number {
    return this.threads.size
  }

  /** Stops every thread; files still waiting are read in this thread. */
  async close(): Promise<void> {
    const threads = [...this.threads]
    this.threads.clear()
    await Promise.all(threads.map((t) => this.stop(t)))
    for (const p of this.waiting.splice(0)) readFileContent(p.task).then(p.resolve, (e: unknown) => p.reject(new ReadThreadError(`Reading it failed: ${sentence(e instanceof Error ? e.message : String(e))}`)))
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      if (this.waiting.length === 0) break
      if (thread.ready && !thread.busy) this.assign(thread, this.waiting.shift()!)
    }
    // Threads still starting take the next files when they are ready; more start only for the rest.
    let starting = [...this.threads].filter((t) => !t.ready).length
    while (this.waiting.length > starting && this.threads.size < this.size) {
      this.start()
      starting++
    }
  }

  private assign(thread: Thread, pending: Pending): void {
    if (thread.idle) clearTimeout(thread.idle)
    thread.idle = null
    thread.busy = pending
    thread.worker.ref()
    const timeoutMs = this.options.timeoutMs ?? READ_TIMEOUT_MS
    thread.timer = setTimeout(() => {
      this.fail(thread, new ReadThreadError(`Reading it took longer than ${Math.round(timeoutMs / 1000)} seconds and was stopped.`))
    }, timeoutMs)
    thread.worker.postMessage(pending.task)
  }

  private start(): void {
    const entry = this.entry!
    // A thread starting or with work keeps the process alive (a script awaiting its answer); an idle one does not.
    const worker = new Worker(entry.file, { workerData: entry.workerData, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: THREAD_YOUNG_MB } })
    const thread: Thread = { worker, ready: false, busy: null, timer: null, idle: null }
    this.threads.add(thread)
    worker.on('message', (message: ReadReply | { ready: true }) => {
      if ('ready' in message) {
        thread.ready = true
        this.dispatch()
        if (!thread.busy) worker.unref()
        this.idleLater(thread)
        return
      }
      const pending = thread.busy
      if (!pending || pending.task.id !== message.id) return
      this.release(thread)
      if (message.ok) pending.resolve(message.outcome)
      else pending.reject(new ReadThreadError(`Reading it failed: ${sentence(message.message)}`))
      this.dispatch()
      if (!thread.busy) worker.unref()
      this.idleLater(thread)
    })
    worker.on('error', (error: Error) => {
      if (!thread.ready) return this.cannotStart(thread, error.message)
      const memory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
      this.fail(thread, new ReadThreadError(memory ? `Reading it needed more than ${THREAD_HEAP_MB} MB of memory and was stopped.` : `The thread reading it stopped: ${sentence(error.message)}`))
    })
    worker.on('exit', (code) => {
      if (!this.threads.has(thread)) return
      if (!thread.ready) return this.cannotStart(thread, `the thread exited with code ${code} before it was ready`)
      this.fail(thread, new ReadThreadError(`The thread reading it exited (code ${code}).`))
    })
  }

  /** The thread failed the file it held: that file is refused; the thread is replaced by the next dispatch. */
  private fail(thread: Thread, error: ReadThreadError): void {
    const pending = thread.busy
    this.release(thread)
    this.threads.delete(thread)
    void this.stop(thread)
    pending?.reject(error)
    this.dispatch()
  }

  private cannotStart(thread: Thread, reason: string): void {
    if (!this.broken) console.error(`Import: reading threads cannot start (${reason}); files are read in the job's own thread.`)
    this.broken = reason
    // The others would fail alike: all stop. What they held or what waited is read here instead (a file
    // is not refused for a failure of ours).
    const held: Pending[] = []
    for (const t of [thread, ...this.threads]) {
      if (t.busy) held.push(t.busy)
      this.release(t)
      this.threads.delete(t)
      void this.stop(t)
    }
    for (const p of [...held, ...this.waiting.splice(0)]) readFileContent(p.task).then(p.resolve, (e: unknown) => p.reject(new ReadThreadError(`Reading it failed: ${sentence(e instanceof Error ? e.message : String(e))}`)))
  }

  private release(thread: Thread): void {
    if (thread.timer) clearTimeout(thread.timer)
    thread.timer = null
    thread.busy = null
  }

  private idleLater(thread: Thread): void {
    if (thread.busy || thread.idle) return
    thread.idle = setTimeout(() => {
      if (thread.busy || !this.threads.has(thread)) return
      this.threads.delete(thread)
      void this.stop(thread)
    }, IDLE_MS)
    thread.idle.unref()
  }

  private async stop(thread: Thread): Promise<void> {
    if (thread.timer) clearTimeout(thread.timer)
    if (thread.idle) clearTimeout(thread.idle)
    thread.worker.removeAllListeners('exit')
    thread.worker.removeAllListeners('message')
    // A thread that failed to start may not answer terminate(); it is not waited for long.
    await Promise.race([thread.worker.terminate().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000).unref())])
  }
}

const state = globalThis as unknown as { tagbenchReadPool?: ReadPool }

/** This process's pool, sized from TAGBENCH_IMPORT_THREADS on first use. */
export function readPool(): ReadPool {
  state.tagbenchReadPool ??= new ReadPool(readThreadCount())
  return state.tagbenchReadPool
}

/** Replaces this process's pool (tests, the bench); the one it replaces is closed. */
export async function useReadPool(pool: ReadPool): Promise<void> {
  const previous = state.tagbenchReadPool
  state.tagbenchReadPool = pool
  if (previous && previous !== pool) await previous.close()
}
