// Starting and stopping what the benchmark measures: a throw-away embedded Postgres with the demo
// seed, and the production build of the app under `next start`.
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { connectionFields } from '../../../lib/db/connection'
import { dataDir } from '../../../lib/config/data-dir'
import { portIsFree } from '../../../lib/db/embedded'
import { buildIfStale } from '../../lib/build'
import { migrate, openDatabase, recreateDatabase, type Database } from '../../lib/database'
import { bin } from '../../lib/process'

/** Where the server log and the trace of a run are written (under .data/, which git ignores). */
export const outputDir = () => path.join(dataDir(), 'bench')

/**
 * Starts the benchmark's own embedded Postgres (never DATABASE_URL: the run drops its database),
 * recreates the database empty, applies the migrations and seeds the demo with a known password.
 * With `preloadLibraries` (e.g. pg_stat_statements), the cluster is set to load them and restarted
 * once if it did not yet; the setting stays in the benchmark's own cluster folder.
 */
export async function startDatabase(opts: { name: string; folder: string; defaultPort: number; demoPassword: string; preloadLibraries?: string[] }): Promise<Database> {
  delete process.env.DATABASE_URL
  // Throw-away data: durability off, as for the test database, so disk flushes do not dominate.
  const open = () => openDatabase({ name: opts.name, folder: opts.folder, defaultPort: opts.defaultPort, ephemeral: true })
  let database = await open()
  try {
    if (opts.preloadLibraries?.length && (await setPreloadLibraries(database.url, opts.preloadLibraries))) {
      console.log(`Restarting Postgres to load ${opts.preloadLibraries.join(', ')}`)
      await database.stop()
      database = await open()
    }
    await recreateDatabase(database.url)
    process.env.DATABASE_URL = database.url
    await migrate(database.url)
    // Imported late: the Prisma client reads DATABASE_URL when it is first used.
    const { seedDemo } = await import('../../../seeds/demo')
    await seedDemo({ password: opts.demoPassword, log: (line) => console.log(line) })
  } catch (error) {
    await database.stop()
    throw error
  }
  return database
}

/** Adds the libraries to shared_preload_libraries; true when Postgres must restart to load them. */
async function setPreloadLibraries(url: string, libraries: string[]): Promise<boolean> {
  const client = new pg.Client({ ...connectionFields(url), database: 'postgres' })
  await client.connect()
  try {
    const { rows } = await client.query<{ shared_preload_libraries: string }>('SHOW shared_preload_libraries')
    const loaded = rows[0].shared_preload_libraries.split(',').map((l) => l.trim()).filter(Boolean)
    const missing = libraries.filter((l) => !loaded.includes(l))
    if (!missing.length) return false
    // ALTER SYSTEM takes no parameters; the names are the benchmark's own constants.
    await client.query(`ALTER SYSTEM SET shared_preload_libraries = ${[...loaded, ...missing].map((l) => `'${l.replace(/'/g, "''")}'`).join(', ')}`)
    return true
  } finally {
    await client.end()
  }
}


export interface Server {
  baseURL: string
  child: ChildProcess
  logFile: string
  stop: () => Promise<void>
}

/**
 * Builds the app if the sources changed, runs `next start` and waits for /api/health to answer ok.
 * With `cpuProfileDir`, every Node process of the server writes a V8 CPU profile there on exit.
 */
export async function startServer(port: number, env: NodeJS.ProcessEnv, cpuProfileDir?: string, logName = 'server.log'): Promise<Server> {
  if (!(await portIsFree(port))) throw new Error(`Port ${port} is taken; set BENCH_PORT to a free port.`)
  await buildIfStale(env)
  mkdirSync(outputDir(), { recursive: true })
  const logFile = path.join(outputDir(), logName)
  const log = createWriteStream(logFile)
  const nextArgs = ['start', '-p', String(port), '-H', '127.0.0.1']
  let command = bin('next')
  let args = nextArgs
  if (cpuProfileDir) {
    rmSync(cpuProfileDir, { recursive: true, force: true })
    mkdirSync(cpuProfileDir, { recursive: true })
    // Node refuses --cpu-prof in NODE_OPTIONS, so run Next's CLI under node with the flags. The
    // profile is written when the server exits (it exits cleanly on SIGTERM). A fine interval:
    // one request is a few milliseconds of work.
    command = process.execPath
    args = ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, '--cpu-prof-interval=250', path.resolve('node_modules/next/dist/bin/next'), ...nextArgs]
  }
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  // end: false, or the first of the two streams to close would close the log for the other.
  child.stdout?.pipe(log, { end: false })
  child.stderr?.pipe(log, { end: false })
  const baseURL = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      // Generous: with the CPU profiler on, the server writes its profile before it exits.
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      child.kill('SIGTERM')
    })
  try {
    await waitForHealth(`${baseURL}/api/health`, child, 90_000)
  } catch (error) {
    await stop()
    throw new Error(`${error instanceof Error ? error.message : String(error)} (server log: ${logFile})`)
  }
  return { baseURL, child, logFile, stop }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`)
    try {
      const response = await fetch(url)
      if (response.ok && ((await response.json()) as { ok?: boolean }).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`The app did not answer ${url} within ${timeoutMs / 1000} s`)
}
