// Reads a Chromium performance trace and says where the renderer's main thread spent its time
// (scripting, style, layout, paint, GC …, like the DevTools summary) and which JavaScript functions
// took the most (from the V8 sampling profiler recorded inside the trace), optionally only within
// a window, e.g. from navigation start to the workbench's first render.
import { summarizeSamples, type CallFrame, type JsSummary, type ProfileNode } from './profile'

interface TraceEvent {
  name: string
  cat: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  id?: string
  args?: { name?: string; data?: ProfileData & { type?: string; documentLoaderURL?: string; startTime?: number }; frame?: string }
}

interface ProfileData {
  cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: CallFrame }[]; samples?: number[] }
  timeDeltas?: number[]
}

export interface TraceSummary extends JsSummary {
  mainThreadMs: number
  categories: [string, number][]
  topEvents: [string, number][]
}

/** Trace timestamps, in microseconds. */
export interface Window {
  fromUs: number
  toUs: number
}

// Trace event names → the DevTools summary categories.
const CATEGORY: [RegExp, string][] = [
  [/GC|Scavenge|Sweep|Mark|BlinkGC/i, 'garbage collection'],
  [
    /^(EvaluateScript|v8\.evaluateModule|FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks|v8\.compile|v8\.compileModule|v8\.produceCache|V8\.CompileCode|v8\.run|V8\.Execute|v8\.callFunction|FireIdleCallback|XHRLoad|XHRReadyStateChange|CompileScript|CompileCode|CacheScript|v8\.deserializeOnBackground|v8\.parseOnBackground)$/,
    'scripting',
  ],
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|ScheduleStyleRecalculation|InvalidateLayout)$/, 'style'],
  [/^(Layout|UpdateLayerTree|HitTest|PrePaint|Layerize|ComputeIntersections|IntersectionObserverController::computeIntersections)$/, 'layout (incl. intersection observers)'],
  [/^(Paint|PaintImage|PaintSetup|CompositeLayers|Commit|UpdateLayer|RasterTask|Decode Image|ImageDecodeTask)$/, 'paint'],
  [/^ParseHTML$/, 'HTML parsing'],
]
const categoryOf = (name: string) => CATEGORY.find(([re]) => re.test(name))?.[1] ?? 'other'

export function parseTrace(raw: Buffer | string): TraceEvent[] {
  const parsed = JSON.parse(raw.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[]
  return Array.isArray(parsed) ? parsed : parsed.traceEvents
}

/** The navigation start of the page whose URL contains `urlPart` (the origin of its performance.now()). */
export function navigationStartUs(events: TraceEvent[], urlPart: string): number | null {
  const starts = events.filter((e) => e.name === 'navigationStart' && (e.args?.data?.documentLoaderURL ?? '').includes(urlPart))
  return starts.length ? starts[starts.length - 1].ts : null
}

/** Start of the last dispatch of a DOM event of this type (e.g. 'keydown'). */
export function lastEventDispatchUs(events: TraceEvent[], type: string): number | null {
  const hits = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === type)
  return hits.length ? hits[hits.length - 1].ts : null
}

export function summarizeTrace(events: TraceEvent[], window?: Window, buildDir = '.next'): TraceSummary {
  const main = rendererMainThread(events)
  const inWindow = (ts: number) => !window || (ts >= window.fromUs && ts < window.toUs)
  const slices = completeSlices(events.filter((e) => e.pid === main.pid && e.tid === main.tid))
  const categories = new Map<string, number>()
  const byName = new Map<string, number>()
  for (const [event, us] of selfTimes(slices)) {
    if (!inWindow(event.ts)) continue
    const cat = categoryOf(event.name)
    categories.set(cat, (categories.get(cat) ?? 0) + us / 1000)
    byName.set(event.name, (byName.get(event.name) ?? 0) + us / 1000)
  }
  return {
    mainThreadMs: [...categories.values()].reduce((a, b) => a + b, 0),
    categories: [...categories].sort((a, b) => b[1] - a[1]),
    topEvents: [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12),
    ...jsProfile(
      events.filter((e) => e.pid === main.pid),
      inWindow,
      buildDir,
    ),
  }
}

/** The renderer main thread that did the most work: the page's, not about:blank's. */
function rendererMainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  let best = { pid: -1, tid: -1, busy: -1 }
  for (const m of mains) {
    const busy = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X').reduce((sum, e) => sum + (e.dur ?? 0), 0)
    if (busy > best.busy) best = { pid: m.pid, tid: m.tid, busy }
  }
  if (best.pid < 0) throw new Error('The trace has no renderer main thread.')
  return best
}

/** Complete ('X') events plus begin/end ('B'/'E') pairs turned into complete ones. */
function completeSlices(events: TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = []
  const open: TraceEvent[] = []
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X' && e.dur !== undefined) out.push(e)
    else if (e.ph === 'B') open.push(e)
    else if (e.ph === 'E') {
      const begin = open.pop()
      if (begin) out.push({ ...begin, ph: 'X', dur: e.ts - begin.ts })
    }
  }
  return out
}

/** Each slice's time minus the time of the slices nested in it (microseconds). */
function selfTimes(slices: TraceEvent[]): Map<TraceEvent, number> {
  const sorted = [...slices].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const self = new Map<TraceEvent, number>()
  const stack: TraceEvent[] = []
  for (const e of sorted) {
    while (stack.length && stack[stack.length - 1].ts + (stack[stack.length - 1].dur ?? 0) <= e.ts) stack.pop()
    const parent = stack[stack.length - 1]
    self.set(e, e.dur ?? 0)
    if (parent) self.set(parent, (self.get(parent) ?? 0) - Math.min(e.dur ?? 0, parent.ts + (parent.dur ?? 0) - e.ts))
    stack.push(e)
  }
  return self
}

/** Self and total time per JavaScript function from the Profile/ProfileChunk events of the renderer. */
function jsProfile(events: TraceEvent[], inWindow: (ts: number) => boolean, buildDir: string): JsSummary {
  const nodes = new Map<string, ProfileNode>()
  const samples: { node: string; us: number }[] = []
  // Sample times: the profile's start time plus the running sum of the deltas, chunk after chunk.
  const clock = new Map<string, number>()
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.name === 'Profile' && e.args?.data?.startTime !== undefined) clock.set(String(e.id), e.args.data.startTime)
    if (e.name !== 'ProfileChunk' || !e.args?.data) continue
    const key = (id: number) => `${e.id}:${id}`
    const data = e.args.data
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(key(n.id), { parent: n.parent === undefined ? undefined : key(n.parent), frame: n.callFrame })
    const ids = data.cpuProfile?.samples ?? []
    const deltas = data.timeDeltas ?? []
    let t = clock.get(String(e.id)) ?? e.ts
    ids.forEach((id, i) => {
      t += deltas[i] ?? 0
      // A sample stands for the time until the next one.
      if (inWindow(t)) samples.push({ node: key(id), us: Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0) })
    })
    clock.set(String(e.id), t)
  }
  return summarizeSamples(nodes, samples, buildDir)
}
