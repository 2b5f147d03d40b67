// CPU time used by each side of a measurement (the app server, Postgres, the benchmark itself),
// from /proc, so that a slow phase can be split into "whose CPU" before anyone reads a profile.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const TICK_MS = 10 // USER_HZ is 100 on Linux

export interface CpuSnapshot {
  server: number
  postgres: number
  bench: number
}

/** utime + stime (+ the reaped children's, when `withChildren`) of a process, in ms. */
function processCpuMs(pid: number, withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]))
    return (utime + stime + (withChildren ? cutime + cstime : 0)) * TICK_MS
  } catch {
    return 0 // the process has exited
  }
}

function childrenOf(ppid: number): number[] {
  const out: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return out
}

/**
 * Postgres CPU: the postmaster, its reaped backends (cutime/cstime) and the live ones; a backend
 * that exits between two snapshots moves its time into the postmaster's, so differences hold.
 */
function postgresCpuMs(clusterDir: string): number {
  const pidFile = path.join(clusterDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return Number.NaN
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  return processCpuMs(postmaster, true) + childrenOf(postmaster).reduce((sum, pid) => sum + processCpuMs(pid), 0)
}

export function cpuSnapshot(serverPid: number | undefined, clusterDir: string): CpuSnapshot | null {
  if (!existsSync('/proc/self/stat')) return null
  const usage = process.cpuUsage()
  return {
    server: serverPid ? processCpuMs(serverPid, true) : Number.NaN,
    postgres: postgresCpuMs(clusterDir),
    bench: (usage.user + usage.system) / 1000,
  }
}

export function cpuDelta(from: CpuSnapshot | null, to: CpuSnapshot | null): CpuSnapshot | null {
  if (!from || !to) return null
  return { server: to.server - from.server, postgres: to.postgres - from.postgres, bench: to.bench - from.bench }
}

/**
 * Runs `work` and returns what it returned with the CPU time the server, Postgres and this script
 * used per unit of that work (null where /proc is not there).
 */
export async function cpuPerUnit<T>(serverPid: number | undefined, clusterDir: string, units: number, work: () => Promise<T>): Promise<{ value: T; perUnit: CpuSnapshot | null }> {
  const before = cpuSnapshot(serverPid, clusterDir)
  const value = await work()
  const used = cpuDelta(before, cpuSnapshot(serverPid, clusterDir))
  return { value, perUnit: used && { server: used.server / units, postgres: used.postgres / units, bench: used.bench / units } }
}
