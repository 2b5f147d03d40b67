import path from 'node:path'

/** Where the embedded database and generated demo secrets live; survives restarts. */
export function dataDir(): string {
  return path.resolve(process.env.TAGBENCH_DATA_DIR || '.data')
}
