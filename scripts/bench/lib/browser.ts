// What a user of the workbench waits for, measured in headless Chromium: the load of a document
// until every tag is drawn, the memory it keeps, the paint of a new tag, and scrolling.
import { existsSync } from 'node:fs'
import { chromium, devices, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { FIRST_PAINT_TIMING } from '../../../lib/annotate/report-html'

// The same browser and flags as playwright.config.ts (Debian's Chromium; no GPU on this machine).
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function launch(baseURL: string): Promise<{ browser: Browser; context: BrowserContext }> {
  const browser = await chromium.launch({ executablePath, args })
  const context = await browser.newContext({ ...devices['Desktop Chrome'], baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return { browser, context }
}

/** Signs in through the real form; the session cookie then serves every page of the context. */
export async function signIn(context: BrowserContext, email: string, password: string): Promise<void> {
  const page = await context.newPage()
  try {
    await page.goto('/sign-in')
    await page.locator('input[name="email"]').fill(email)
    await page.locator('input[name="password"]').fill(password)
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 }), page.locator('button[type="submit"]').click()])
  } finally {
    await page.close()
  }
}

/** Opens the workbench on a document and waits until the editor has drawn every tag. */
async function openDocument(context: BrowserContext, documentId: string, before?: (page: Page) => void | Promise<void>): Promise<Page> {
  const page = await context.newPage()
  await before?.(page)
  await page.goto(`/documents/${documentId}`, { waitUntil: 'commit' })
  await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined, undefined, { timeout: 120_000, polling: 50 })
  return page
}

export interface ScriptLoad {
  file: string
  bytes: number
  decodedBytes: number
  responseEnd: number
}

export interface LoadRun {
  /** paintedAt − dataAt: from the workbench's first render with the data to the frame with every tag. */
  dataToPainted: number
  /** paintedAt: from navigation start (performance.now() origin) to that frame: the editor is ready. */
  navToPainted: number
  /**
   * From navigation start to the paint of the report as the server drew it, text and tags: the
   * latest Element Timing renderTime of its paragraphs painted before the editor took over (the
   * browser paints only the visible ones).
   */
  navToFirstPaint: number
  /** Distinct tags drawn in the server's HTML (data-preview-tag). */
  tagsInHtml: number
  /** From navigation start to the frame in which React had hydrated the page (before the editor starts). */
  navToHydrated: number
  /** The page's scripts (Next.js chunks): file, bytes on the wire and unzipped, when each had arrived. */
  scripts: ScriptLoad[]
  /** Time to the first byte of the HTML (server rendering of the page). */
  ttfb: number
  /** When the whole HTML (with the inline React payload: text and tags) had arrived. */
  responseEnd: number
  /** Size of the HTML as sent (compressed) and as parsed. */
  htmlBytes: number
  htmlDecodedBytes: number
  /** JS heap in use after a forced garbage collection. */
  heapBytes: number
  /** Distinct tag ids drawn in the DOM, and how many tags the page received. */
  tagsInDom: number
  tagsReceived: number
}

export async function measureLoad(context: BrowserContext, documentId: string): Promise<LoadRun> {
  let html: Promise<string> | null = null
  const page = await openDocument(context, documentId, async (p) => {
    p.on('response', (response) => {
      if (response.request().resourceType() === 'document') html = response.text()
    })
    await p.addInitScript(HYDRATION_PROBE)
  })
  try {
    const tagsInHtml = new Set([...((await html) ?? '').matchAll(/data-preview-tag="([^"]+)"/g)].map((m) => m[1])).size
    const firstPaints = await page.evaluate(
      (name) =>
        new Promise<number[]>((resolve) => {
          new PerformanceObserver((list) => resolve(list.getEntries().filter((e) => (e as PerformanceEntry & { identifier: string }).identifier === name).map((e) => (e as PerformanceEntry & { renderTime: number }).renderTime))).observe({ type: 'element', buffered: true })
          setTimeout(() => resolve([]), 2_000)
        }),
      FIRST_PAINT_TIMING,
    )
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      const tb = window.__tagbench!
      const ids = new Set<string>()
      for (const el of document.querySelectorAll('[data-tag]')) {
        const id = el.getAttribute('data-tag')
        if (id && !id.startsWith('tmp-')) ids.add(id)
      }
      return {
        dataAt: tb.dataAt,
        paintedAt: tb.paintedAt!,
        tagCount: tb.tagCount,
        ttfb: nav.responseStart,
        responseEnd: nav.responseEnd,
        htmlBytes: nav.encodedBodySize,
        htmlDecodedBytes: nav.decodedBodySize,
        tagsInDom: ids.size,
        hydratedAt: (window as unknown as { __hydratedAt?: number }).__hydratedAt ?? Number.NaN,
        scripts: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          .filter((e) => e.initiatorType === 'script' || /\.js(\?|$)/.test(e.name))
          .map((e) => ({ file: new URL(e.name).pathname.split('/').pop() ?? e.name, bytes: e.encodedBodySize, decodedBytes: e.decodedBodySize, responseEnd: e.responseEnd })),
      }
    })
    return {
      dataToPainted: timing.paintedAt - timing.dataAt,
      navToPainted: timing.paintedAt,
      navToFirstPaint: firstPaints.length ? Math.max(...firstPaints.filter((t) => t <= timing.paintedAt)) : Number.NaN,
      tagsInHtml,
      ttfb: timing.ttfb,
      responseEnd: timing.responseEnd,
      htmlBytes: timing.htmlBytes,
      htmlDecodedBytes: timing.htmlDecodedBytes,
      heapBytes: await heapAfterGc(page),
      tagsInDom: timing.tagsInDom,
      tagsReceived: timing.tagCount,
      scripts: timing.scripts,
      navToHydrated: timing.hydratedAt,
    }
  } finally {
    await page.close()
  }
}

/** JSHeapUsedSize after a forced GC, through the DevTools protocol. */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.enable')
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('Performance.enable')
    const { metrics } = await cdp.send('Performance.getMetrics')
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN
  } finally {
    await cdp.detach()
  }
}

/**
 * Tags `times` sentences from the keyboard (j selects a sentence, 2 then 1 applies 三项制度 /
 * 行政执法公示制度) and reads the workbench's own figure: keystroke → next animation frame.
 */
export async function measureNewTags(context: BrowserContext, documentId: string, times: number): Promise<number[]> {
  const page = await openDocument(context, documentId)
  const results: number[] = []
  try {
    for (let i = 0; i < times; i++) {
      await page.evaluate(() => {
        delete window.__tagbench!.lastTagPaintMs
      })
      // A short pause between keys, as a person types, lets React commit each step.
      await page.keyboard.press('j')
      await sleep(60)
      await page.keyboard.press('2')
      await sleep(60)
      await page.keyboard.press('1')
      await page.waitForFunction(() => window.__tagbench?.lastTagPaintMs !== undefined, undefined, { timeout: 10_000, polling: 10 })
      results.push(await page.evaluate(() => window.__tagbench!.lastTagPaintMs!))
      // Let the POST and the confirmed redraw finish before the next tag.
      await sleep(300)
    }
    await page.waitForLoadState('networkidle').catch(() => undefined)
  } finally {
    await page.close()
  }
  return results
}

export interface ScrollRun {
  /** Time between consecutive animation frames while scrolling. */
  frameIntervals: number[]
  steps: number
  pixels: number
  durationMs: number
}

/** Scrolls a report from top to bottom with 600 px wheel steps while counting animation frames. */
export async function measureScroll(context: BrowserContext, documentId: string, pointer: 'text' | 'margin' = 'text'): Promise<ScrollRun> {
  const page = await openDocument(context, documentId)
  try {
    return await scrollDown(page, 2000, pointer)
  } finally {
    await page.close()
  }
}

/**
 * The wheel turns with the pointer over the report's text (as a reader scrolls), or over the
 * page's left margin, where no tag passes under it (to tell hover work from scrolling work).
 */
async function scrollDown(page: Page, maxSteps: number, pointer: 'text' | 'margin' = 'text'): Promise<ScrollRun> {
  const box = await page.locator('.tb-editor').boundingBox()
  if (!box) throw new Error('The report editor is not on the page.')
  await page.mouse.move(pointer === 'text' ? box.x + box.width / 2 : 3, 400)
  // A string, not a function: tsx would wrap a named inner function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = []
    window.__stopFrames = false
    const loop = (t) => {
      window.__frames.push(t)
      if (!window.__stopFrames) requestAnimationFrame(loop)
    }
    requestAnimationFrame(loop)
  })()`)
  const started = Date.now()
  let steps = 0
  // The page grows as content-visibility lays out paragraphs, so look for the bottom every few
  // steps rather than computing the number of steps up front.
  for (; steps < maxSteps; steps++) {
    if (steps % 10 === 0 && (await atBottom(page))) break
    await page.mouse.wheel(0, 600)
    await sleep(16)
  }
  await sleep(300)
  const frames = (await page.evaluate(`(() => {
    window.__stopFrames = true
    return { frames: window.__frames, pixels: window.scrollY }
  })()`)) as { frames: number[]; pixels: number }
  const intervals = frames.frames.slice(1).map((t, i) => t - frames.frames[i])
  return { frameIntervals: intervals, steps, pixels: frames.pixels, durationMs: Date.now() - started }
}

const atBottom = (page: Page) => page.evaluate(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2)

const TRACE_CATEGORIES = [
  '-*',
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'disabled-by-default-v8.cpu_profiler',
]

/** Loads a document while Chromium records a performance trace; returns it with the page's marks. */
export async function traceLoad(browser: Browser, context: BrowserContext, documentId: string): Promise<{ trace: Buffer; dataAt: number; paintedAt: number }> {
  const page = await context.newPage()
  try {
    await browser.startTracing(page, { categories: TRACE_CATEGORIES })
    await page.goto(`/documents/${documentId}`, { waitUntil: 'commit' })
    await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined, undefined, { timeout: 120_000, polling: 50 })
    await sleep(200)
    const trace = await browser.stopTracing()
    const marks = await page.evaluate(() => ({ dataAt: window.__tagbench!.dataAt, paintedAt: window.__tagbench!.paintedAt! }))
    return { trace, ...marks }
  } finally {
    await page.close()
  }
}

/** Scrolls part of a report (`steps` wheel steps) while Chromium records a performance trace. */
export async function traceScroll(browser: Browser, context: BrowserContext, documentId: string, steps: number): Promise<{ trace: Buffer; run: ScrollRun }> {
  const page = await openDocument(context, documentId)
  try {
    await browser.startTracing(page, { categories: TRACE_CATEGORIES })
    const run = await scrollDown(page, steps)
    return { trace: await browser.stopTracing(), run }
  } finally {
    await page.close()
  }
}

/**
 * Traces the keystroke that applies a label (the sentence and the top label are picked before
 * tracing starts), through the frame that shows the tag and the redraw when the API confirms it.
 */
export async function traceNewTag(browser: Browser, context: BrowserContext, documentId: string): Promise<{ trace: Buffer; paintMs: number }> {
  const page = await openDocument(context, documentId)
  try {
    await browser.startTracing(page, { categories: TRACE_CATEGORIES })
    // Starting V8's sampling profiler stops the page for a while (it logs every compiled function);
    // let that pass before the keystrokes.
    await sleep(1000)
    await page.keyboard.press('j')
    await sleep(60)
    await page.keyboard.press('2')
    await sleep(200)
    await page.evaluate(() => {
      delete window.__tagbench!.lastTagPaintMs
    })
    await page.keyboard.press('1')
    await page.waitForFunction(() => window.__tagbench?.lastTagPaintMs !== undefined, undefined, { timeout: 10_000, polling: 10 })
    await sleep(400)
    const trace = await browser.stopTracing()
    return { trace, paintMs: await page.evaluate(() => window.__tagbench!.lastTagPaintMs!) }
  } finally {
    await page.close()
  }
}

/**
 * When React had hydrated the page: the first frame in which the body's first element carries
 * React's fiber key (set while hydrating). An init script, so that it runs before the page's own.
 */
const HYDRATION_PROBE = `(() => {
  const probe = () => {
    const el = document.body && document.body.firstElementChild
    if (el && Object.keys(el).some((k) => k.startsWith('__reactFiber$'))) { window.__hydratedAt = performance.now(); return }
    requestAnimationFrame(probe)
  }
  requestAnimationFrame(probe)
})()`

/**
 * The floor of "navigation → interactive" for any page of this app: navigation → hydrated, on a
 * fresh page of a context (signed in or not). Measured on the app's smallest page it says what
 * Next.js and React cost before any of the workbench's own work.
 */
export async function measureHydration(context: BrowserContext, url: string): Promise<{ navToHydrated: number; navToFirstPaint: number; scripts: ScriptLoad[] }> {
  const page = await context.newPage()
  try {
    await page.addInitScript(HYDRATION_PROBE)
    await page.goto(url, { waitUntil: 'commit' })
    await page.waitForFunction(() => (window as unknown as { __hydratedAt?: number }).__hydratedAt !== undefined, undefined, { timeout: 60_000, polling: 50 })
    return await page.evaluate(() => ({
      navToHydrated: (window as unknown as { __hydratedAt: number }).__hydratedAt,
      navToFirstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      scripts: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.initiatorType === 'script' || /\.js(\?|$)/.test(e.name))
        .map((e) => ({ file: new URL(e.name).pathname.split('/').pop() ?? e.name, bytes: e.encodedBodySize, decodedBytes: e.decodedBodySize, responseEnd: e.responseEnd })),
    }))
  } finally {
    await page.close()
  }
}
