// Workarounds that apply to the Prisma CLI process only (it loads prisma.config.ts), never to the app.
import { randomUUID } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import type { ConnectionFields } from './connection'

const NAME_OID = 19
const CHAR_OID = 18
const TEXT_OID = 25

type QueryResultLike = { fields?: { dataTypeID: number }[] }

function asText(result: unknown): unknown {
  for (const field of (result as QueryResultLike | undefined)?.fields ?? []) {
    if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID
  }
  return result
}

let installed = false

export function installMigrationWorkarounds(): void {
  if (installed) return
  installed = true

  // prisma/orm#27403: the Wasm schema engine cannot read `name` and `"char"` columns of the
  // catalogue. Report them as text, which is what their values are.
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown
  pg.Client.prototype.query = function patchedQuery(this: pg.Client, ...args: unknown[]) {
    const last = args[args.length - 1]
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, res: unknown) => (last as (e: unknown, r: unknown) => void)(err, asText(res))
      return query.apply(this, args)
    }
    const out = query.apply(this, args)
    return out instanceof Promise ? out.then(asText) : out
  } as typeof pg.Client.prototype.query

  // The Wasm engine leaves long timers behind, which keep a finished command alive for up to a
  // minute. Long timers in this process never need to hold it open.
  const setTimeoutOriginal = globalThis.setTimeout
  const patched = ((handler: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    const timer = setTimeoutOriginal(handler, ms, ...rest)
    if ((ms ?? 0) >= 5000 && typeof timer?.unref === 'function') timer.unref()
    return timer
  }) as typeof globalThis.setTimeout
  globalThis.setTimeout = Object.assign(patched, setTimeoutOriginal)
}

type ScriptRunner = { client: pg.Pool; onError(error: unknown): never; executeScript(script: string): Promise<void> }

/**
 * PrismaPg for the migration engine, with two fixes to the stock adapter:
 * - it runs a migration script as one multi-statement query instead of splitting it on every `;`,
 *   which broke hand-written SQL (a `;` in a comment or a PL/pgSQL body) and ran statements outside
 *   one transaction;
 * - it closes the shadow database's pool before dropping that database, so `migrate dev` does not
 *   fail with "being accessed by other users".
 */
export class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly fields: ConnectionFields) {
    // The CLI never closes its pool: let the process exit once the pool's connections are idle.
    super({ ...fields, allowExitOnIdle: true })
  }

  override async connect() {
    const adapter = await super.connect()
    const runner = adapter as unknown as ScriptRunner
    runner.executeScript = async (script: string) => {
      try {
        await runner.client.query(script)
      } catch (error) {
        runner.onError(error)
      }
    }
    return adapter
  }

  override async connectToShadowDb() {
    const main = await this.connect()
    const database = `prisma_migrate_shadow_db_${randomUUID()}`
    await main.executeScript(`CREATE DATABASE "${database}"`)
    const shadow = await new MigrationAdapterFactory({ ...this.fields, database }).connect()
    const disposeShadow = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await disposeShadow()
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`)
      await main.dispose()
    }
    return shadow
  }
}
