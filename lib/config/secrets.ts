import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dataDir } from './data-dir'

/** Demo mode only: an AUTH_SECRET generated once and kept under the data folder. */
export async function demoAuthSecret(): Promise<string> {
  const file = path.join(dataDir(), 'auth-secret')
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  await mkdir(dataDir(), { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  await writeFile(file, secret, { mode: 0o600 })
  return secret
}
