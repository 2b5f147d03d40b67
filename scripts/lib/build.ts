import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { bin, run } from './process'

/** Newest modification time of what a production build is made from. */
function newestSource(): number {
  let newest = 0
  const walk = (dir: string) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'generated' || entry.name.startsWith('.')) continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else newest = Math.max(newest, statSync(full).mtimeMs)
    }
  }
  for (const dir of ['app', 'components', 'lib', 'messages', 'prisma']) walk(dir)
  for (const file of ['next.config.js', 'package-lock.json', 'proxy.ts', 'instrumentation.ts', 'tsconfig.json']) {
    if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs)
  }
  return newest
}

/** Runs `next build` unless .next holds a build at least as new as every source file. */
export async function buildIfStale(env: NodeJS.ProcessEnv): Promise<void> {
  const buildId = path.join('.next', 'BUILD_ID')
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource()) return
  console.log('Building the app (first start, or the sources changed)…')
  const started = Date.now()
  await run(bin('next'), ['build'], { env })
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
