import path from 'node:path'
import { readEnv } from './env'

/** Where the embedded database and generated demo secrets live; survives restarts. */
export function dataDir(): string {
  return path.resolve(readEnv('TAGBENCH_DATA_DIR'))
}
