// The peer in bench:annotate: Recogito's text annotator (@recogito/text-annotator, a pinned dev
// dependency) given the same text and the same tags on a static page in the same Chromium, so that
// "navigation → usable" is compared in one run on one machine. The page is served by the browser
// context itself (context.route), with the text and the annotations inline as Tagbench's page
// carries them, the library's own UMD bundle and stylesheet, and its default renderer (SPANS:
// every highlight positioned in a spatial index, the visible ones drawn as spans). The UMD bundle
// reads process.env.NODE_ENV, which a bundler would have replaced: the page defines it first.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { BrowserContext } from '@playwright/test'

export const PEER_PACKAGE = '@recogito/text-annotator'
export const PEER_VERSION = '4.1.1'
const ORIGIN = 'http://peer.bench.invalid'

export interface PeerRun {
  /** From navigation start to the frame after the first highlights were drawn. */
  navToDrawn: number
  /** From navigation start to the paint of the text (first contentful paint; no highlights yet). */
  navToFirstPaint: number
  /** From navigation start to setAnnotations returning (every highlight positioned). */
  navToPositioned: number
  /** Highlight spans drawn in that frame (the visible ones). */
  drawn: number
  annotations: number
}

/** The library's files, or a sentence saying how to install it. */
export function peerFiles(): { js: string; css: string; version: string } {
  const require = createRequire(import.meta.url)
  let main: string
  try {
    main = require.resolve(PEER_PACKAGE)
  } catch {
    throw new Error(`${PEER_PACKAGE} is not installed: npm install --save-dev --save-exact ${PEER_PACKAGE}@${PEER_VERSION}`)
  }
  const dist = path.dirname(main)
  const js = path.join(dist, 'text-annotator.umd.js')
  const css = path.join(dist, 'text-annotator.css')
  if (!existsSync(js) || !existsSync(css)) throw new Error(`${PEER_PACKAGE} has no text-annotator.umd.js / text-annotator.css in ${dist}`)
  const version = (JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string }).version
  return { js, css, version }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Code-point spans → the UTF-16 offsets Recogito counts in its container's text. */
function utf16Annotations(text: string, spans: { start: number; end: number }[]): [string, string, number, number][] {
  const at: number[] = []
  let unit = 0
  for (const ch of text) {
    at.push(unit)
    unit += ch.length
  }
  at.push(unit)
  return spans.map((s, i) => [`a${i}`, text.slice(at[s.start], at[s.end]), at[s.start], at[s.end]])
}

function pageHtml(text: string, spans: { start: number; end: number }[]): string {
  const data = JSON.stringify(utf16Annotations(text, spans)).replace(/</g, '\\u003c')
  // The same measure and type as the workbench's report (app/globals.css, .tb-report).
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>peer</title>
<link rel="stylesheet" href="${ORIGIN}/text-annotator.css">
<style>body{margin:0;background:#f8f9fa}#content{max-width:720px;margin:24px auto;padding:24px 48px;background:#fff;font-size:17px;line-height:2.05;letter-spacing:.02em;white-space:pre-wrap;overflow-wrap:break-word}</style>
</head><body><div id="content">${escapeHtml(text)}</div>
<script type="application/json" id="data">${data}</script>
<script>window.process = { env: { NODE_ENV: 'production' } }</script>
<script src="${ORIGIN}/text-annotator.umd.js"></script>
<script>
(() => {
  const el = document.getElementById('content')
  const rows = JSON.parse(document.getElementById('data').textContent)
  window.__peer = { annotations: rows.length }
  const anno = RecogitoJS.createTextAnnotator(el, { renderer: 'SPANS' })
  const layer = el.querySelector('.r6o-span-highlight-layer')
  const seen = () => {
    if (!layer || layer.childElementCount === 0) return false
    observer.disconnect()
    requestAnimationFrame(() => { window.__peer.drawnAt = performance.now(); window.__peer.drawn = layer.childElementCount })
    return true
  }
  const observer = new MutationObserver(seen)
  if (layer) observer.observe(layer, { childList: true })
  anno.setAnnotations(rows.map(([id, quote, start, end]) => ({ id, bodies: [], target: { annotation: id, selector: [{ quote, start, end }] } })))
  window.__peer.positionedAt = performance.now()
  seen()
})()
</script></body></html>`
}

/** Serves the peer's page for these spans on the context; returns the URL. */
export async function servePeer(context: BrowserContext, text: string, spans: { start: number; end: number }[], key: string): Promise<string> {
  const files = peerFiles()
  const html = pageHtml(text, spans)
  await context.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url())
    if (url.pathname === `/${key}`) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
    if (url.pathname === '/text-annotator.umd.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: readFileSync(files.js) })
    if (url.pathname === '/text-annotator.css') return route.fulfill({ status: 200, contentType: 'text/css', body: readFileSync(files.css) })
    return route.fallback()
  })
  return `${ORIGIN}/${key}`
}

/** One load of the peer's page on a fresh tab. */
export async function measurePeer(context: BrowserContext, url: string): Promise<PeerRun> {
  const page = await context.newPage()
  page.on('console', () => undefined)
  try {
    await page.goto(url, { waitUntil: 'commit' })
    await page.waitForFunction(() => (window as unknown as { __peer?: { drawnAt?: number } }).__peer?.drawnAt !== undefined, undefined, { timeout: 120_000, polling: 50 })
    return await page.evaluate(() => {
      const p = (window as unknown as { __peer: { drawnAt: number; positionedAt: number; drawn: number; annotations: number } }).__peer
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN
      return { navToDrawn: p.drawnAt, navToFirstPaint: fcp, navToPositioned: p.positionedAt, drawn: p.drawn, annotations: p.annotations }
    })
  } finally {
    await page.close()
  }
}
