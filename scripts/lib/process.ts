import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import path from 'node:path'

export const bin = (name: string) => path.resolve('node_modules', '.bin', name)

/** Runs a command to completion, streaming its output; rejects with its exit code. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options })
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    )
  })
}

/** Stops children and runs cleanups once, on Ctrl-C, SIGTERM or normal exit. */
export function onShutdown(cleanup: () => Promise<void>, children: () => ChildProcess[]): void {
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    for (const child of children()) if (child.exitCode === null) child.kill('SIGTERM')
    await cleanup().catch((error) => console.error(error))
    process.exit(code)
  }
  process.on('SIGINT', () => void stop(130))
  process.on('SIGTERM', () => void stop(143))
  process.on('uncaughtException', (error) => {
    console.error(error)
    void stop(1)
  })
}
