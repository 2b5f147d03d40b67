// Sampling-profiler figures: self and total time per JavaScript function, and time per script or
// package. Used for the V8 samples inside a Chromium trace and for a Node .cpuprofile of the server.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

export interface ProfileNode {
  parent?: string
  frame: CallFrame
}

export interface JsRow {
  fn: string
  ms: number
  where: string
}

export interface JsSummary {
  sampledMs: number
  selfJs: JsRow[]
  totalJs: JsRow[]
  /** Self time per script file (browser) or npm package (server). */
  byScript: [string, number][]
}

const label = (f: CallFrame) => f.functionName || '(anonymous)'
const where = (f: CallFrame) => (f.url ? `${f.url}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '')

/** The npm package a script belongs to, or its file name. */
function scriptGroup(f: CallFrame): string {
  if (!f.url) return label(f)
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)
  if (inPackage) return inPackage[1]
  return path.basename(f.url.split('?')[0]) || f.url
}

/** Aggregates samples (each with the time it stands for) over the call tree. */
export function summarizeSamples(nodes: Map<string, ProfileNode>, samples: { node: string; us: number }[], buildDir = '.next'): JsSummary {
  const key = (f: CallFrame) => `${label(f)}\u0000${where(f)}`
  const selfMs = new Map<string, number>()
  const totalMs = new Map<string, number>()
  const scriptMs = new Map<string, number>()
  let sampledMs = 0
  for (const s of samples) {
    const node = nodes.get(s.node)
    if (!node) continue
    const ms = s.us / 1000
    if (node.frame.functionName !== '(idle)') sampledMs += ms
    selfMs.set(key(node.frame), (selfMs.get(key(node.frame)) ?? 0) + ms)
    scriptMs.set(scriptGroup(node.frame), (scriptMs.get(scriptGroup(node.frame)) ?? 0) + ms)
    // Total time: every function on the stack once, however deep the recursion.
    const seen = new Set<string>()
    for (let n: ProfileNode | undefined = node; n; n = n.parent ? nodes.get(n.parent) : undefined) {
      const k = key(n.frame)
      if (seen.has(k) || n.frame.functionName === '(root)') continue
      seen.add(k)
      totalMs.set(k, (totalMs.get(k) ?? 0) + ms)
    }
  }
  const files = new Map<string, string | null>()
  const rows = (m: Map<string, number>, n: number): JsRow[] =>
    [...m]
      .filter(([k]) => !/^\((idle|program|root)\)/.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => {
        const [fn, at] = k.split('\u0000')
        return { fn, ms, where: at ? `${shortWhere(at)} ${snippetAt(at, buildDir, files)}`.trim() : '' }
      })
  return {
    sampledMs,
    selfJs: rows(selfMs, 15),
    totalJs: rows(totalMs, 15),
    byScript: [...scriptMs]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10),
  }
}

/**
 * A Node --cpu-prof file (the server's profile), only the samples taken between `fromUs` and `toUs`
 * (microseconds of the monotonic clock: V8's profile timestamps and process.hrtime share it).
 */
export function summarizeCpuProfile(file: string, window: { fromUs: number; toUs: number }, buildDir = '.next'): JsSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: CallFrame; children?: number[] }[]
    startTime: number
    samples: number[]
    timeDeltas: number[]
  }
  const nodes = new Map<string, ProfileNode>()
  for (const n of profile.nodes) nodes.set(String(n.id), { frame: n.callFrame })
  for (const n of profile.nodes) for (const c of n.children ?? []) nodes.get(String(c))!.parent = String(n.id)
  const samples: { node: string; us: number }[] = []
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i]
    if (at >= window.fromUs && at <= window.toUs) samples.push({ node: String(id), us: Math.max(0, profile.timeDeltas[i + 1] ?? 0) })
  })
  return summarizeSamples(nodes, samples, buildDir)
}

/** node_modules/pkg/dist/x.js:1:2 or the file name, instead of a long URL. */
function shortWhere(at: string): string {
  const inPackage = /node_modules\/(.+)$/.exec(at)
  if (inPackage) return inPackage[1]
  return at.replace(/^.*\//, '')
}

/**
 * The production bundles are minified, so a function's name often says little; a few characters of
 * the code where it starts usually tell what it is (ProseMirror, React, Next, the app).
 */
function snippetAt(at: string, buildDir: string, files: Map<string, string | null>): string {
  const match = /^(.+):(\d+):(\d+)$/.exec(at)
  if (!match) return ''
  const [, url, line, column] = match
  if (!files.has(url)) files.set(url, readLocal(url, buildDir))
  const text = files.get(url)?.split('\n')[Number(line) - 1]
  if (!text || !/\.next\/|\/_next\//.test(url)) return ''
  const c = Number(column) - 1
  return `«${text.slice(c, c + 80).replace(/\s+/g, ' ')}»`
}

function readLocal(url: string, buildDir: string): string | null {
  let file: string | null = null
  if (url.startsWith('file://')) file = fileURLToPath(url)
  else if (/^https?:\/\/[^/]+\/_next\//.test(url)) file = path.join(buildDir, decodeURIComponent(new URL(url).pathname.replace(/^\/_next\//, '')))
  else if (url.startsWith('/')) file = url
  return file && existsSync(file) ? readFileSync(file, 'utf8') : null
}

/** Now, on the clock of V8's profiles. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)
