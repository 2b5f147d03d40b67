// HTML → plain text with cheerio (parse5: entities decoded, broken markup repaired as browsers do).
// Markup is never kept. While writing the text we note where each element's text lies, so that the
// body finder can work on the DOM (the element holding most long Chinese paragraphs) and still answer
// in offsets of the very text that is stored.
import * as cheerio from 'cheerio'
import type { AnyNode, Element } from 'domhandler'
import { hanCount } from '../han'
import type { ExtractedFile } from '../types'

const dropped = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'svg', 'math', 'object', 'embed', 'canvas', 'audio', 'video',
  'select', 'option', 'optgroup', 'button', 'input', 'textarea', 'datalist', 'head', 'map', 'area',
])
/** Elements whose end closes a paragraph (a blank line follows). */
const paragraphs = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'figure', 'hr', 'address'])
/** Elements whose end closes a line. */
const blocks = new Set([
  'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'nav', 'li', 'dt', 'dd', 'tr', 'caption', 'form', 'fieldset',
  'legend', 'center', 'body', 'html', 'tbody', 'thead', 'tfoot', 'figcaption', 'details', 'summary', 'menu', 'frameset',
])
const cells = new Set(['td', 'th'])

export interface ElementSpan {
  element: Element
  /** UTF-16 offsets into the normalised text. */
  start: number
  end: number
  /** Han characters in this element's text outside links, in runs of ≥ 20 (paragraph text). */
  paragraphHan: number
  /** Han characters inside links. */
  linkHan: number
  depth: number
}

export interface HtmlText {
  text: string
  page: NonNullable<ExtractedFile['page']>
  spans: ElementSpan[]
}

/** East Asian wide characters (Han, kana, CJK and full-width punctuation): no space between them at a source line break. */
const WIDE = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff01-\\uff60\\uffe0-\\uffe6'
const segmentBreakBetweenWide = new RegExp(`([${WIDE}])[ \\t\\r\\f]*\\n[ \\t\\n\\r\\f]*(?=[${WIDE}])`, 'gu')
const wideEnd = new RegExp(`[${WIDE}]$`, 'u')
const wideStart = new RegExp(`^[${WIDE}]`, 'u')

// Invisible and never content; removed as normaliseText removes them (ADR 0018).
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g

function hidden(el: Element): boolean {
  if (el.attribs.hidden !== undefined || el.attribs['aria-hidden'] === 'true') return true
  const style = el.attribs.style
  return !!style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)
}

/** The one <p> (or <div>) that is a table cell's whole content, if that is what the cell holds. */
function soleParagraph(cell: Element): Element | null {
  const significant = cell.children.filter((c) => !(c.type === 'text' && !/[^ \t\n\r\f]/.test((c as unknown as { data: string }).data)))
  if (significant.length !== 1) return null
  const only = significant[0]
  if (only.type !== 'tag') return null
  const el = only as Element
  return /^(?:p|div)$/i.test(el.name) && !el.children.some((c) => c.type === 'tag' && (paragraphs.has((c as Element).name) || blocks.has((c as Element).name))) ? el : null
}

/** The text of a node and its descendants, as cheerio's .text() gives it. */
function textContent(node: AnyNode): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data
  const children = (node as unknown as { children?: AnyNode[] }).children
  return children ? children.map(textContent).join('') : ''
}

/**
 * The page's meta tags (first of each name wins), its first <title> and its first canonical link, in
 * one pass over the tree, in document order, as the selectors $('meta'), $('title') and
 * $('link[rel~="canonical" i]') would find them; three selector queries cost more than the walk.
 */
function headFacts(root: AnyNode): { meta: Record<string, string>; title: string | null; canonical: string | null } {
  const meta: Record<string, string> = {}
  let title: string | null = null
  let titleSeen = false
  let canonical: string | null = null
  let canonicalSeen = false
  const stack: AnyNode[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const el = node as Element
      if (el.name === 'meta') {
        const key = (el.attribs.name ?? el.attribs.property ?? el.attribs['http-equiv'] ?? '').trim().toLowerCase()
        const content = el.attribs.content
        if (key && content !== undefined && !(key in meta)) meta[key] = content.trim()
      } else if (el.name === 'title' && !titleSeen) {
        titleSeen = true
        title = textContent(el).replace(/\s+/g, ' ').trim() || null
      } else if (el.name === 'link' && !canonicalSeen && el.attribs.rel !== undefined && el.attribs.rel.toLowerCase().split(/[ \t\n\r\f]+/).includes('canonical')) {
        canonicalSeen = true
        canonical = el.attribs.href?.trim() || null
      }
    }
    const children = (node as unknown as { children?: AnyNode[] }).children
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
  }
  return { meta, title, canonical }
}

/**
 * Writes the text as a string with line breaks already normalised (the same rules as normaliseText:
 * trailing spaces dropped, at most one blank line), so element offsets need no remapping.
 */
export function htmlToText(html: string): HtmlText {
  const $ = cheerio.load(html)
  let out = ''
  /** Line breaks owed before the next text: 0, 1 ("\n") or 2 (a blank line). */
  let pendingBreaks = 0
  let pendingSpace = false
  /** The pending space came from white space holding a line break (a segment break, CSS Text 3). */
  let pendingBreakInSpace = false
  const spans: ElementSpan[] = []
  const open: ElementSpan[] = []

  const emit = (s: string, inLink: boolean) => {
    s = s.replace(controls, '')
    if (!s) return
    if (out.length > 0 && pendingBreaks > 0) {
      out += '\n'.repeat(pendingBreaks)
      pendingSpace = false
    } else if (pendingSpace && out.length > 0 && !out.endsWith('\n') && !out.endsWith(' ')) {
      if (!(pendingBreakInSpace && wideEnd.test(out) && wideStart.test(s))) out += ' '
    }
    pendingBreaks = 0
    pendingSpace = false
    pendingBreakInSpace = false
    for (const span of open) if (span.start < 0) span.start = out.length
    out += s
    const han = hanCount(s)
    for (const span of open) {
      if (inLink) span.linkHan += han
      else if (han >= 20) span.paragraphHan += han
    }
  }
  const lineBreak = (n: number) => {
    if (out.length > 0) pendingBreaks = Math.max(pendingBreaks, n)
  }

  const walk = (node: AnyNode, pre: boolean, inLink: boolean, depth: number) => {
    if (node.type === 'text') {
      let s = (node as unknown as { data: string }).data
      if (!pre) {
        // HTML white space (not NBSP, not U+3000) collapses to one space; at a line start it is dropped.
        const leading = /^[ \t\n\r\f]/.test(s)
        const trailing = /[ \t\n\r\f]$/.test(s)
        const leadingBreak = /^[ \t\r\f]*\n/.test(s)
        const trailingBreak = /\n[ \t\r\f]*$/.test(s)
        // A line break in the source between two East Asian wide characters is no space (CSS Text 3
        // segment break transformation): Word's HTML and many CMSs wrap Chinese sentences mid-word.
        s = (s.includes('\n') ? s.replace(segmentBreakBetweenWide, '$1') : s).replace(/[ \t\n\r\f]+/g, ' ').replace(/^ | $/g, '')
        if (leading) {
          pendingSpace = true
          pendingBreakInSpace = pendingBreakInSpace || leadingBreak
        }
        emit(s, inLink)
        if (trailing && s) {
          pendingSpace = true
          pendingBreakInSpace = trailingBreak
        }
      } else {
        const lines = s.replace(/\r\n?/g, '\n').split('\n')
        lines.forEach((line, i) => {
          if (i > 0) lineBreak(1)
          emit(line.replace(/[ \t]+$/, ''), inLink)
        })
      }
      return
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style' && node.type !== 'root') return
    if (node.type === 'root') {
      for (const child of (node as unknown as { children: AnyNode[] }).children) walk(child, pre, inLink, depth)
      return
    }
    const el = node as Element
    const name = el.name.toLowerCase()
    if (dropped.has(name) || hidden(el)) return
    if (name === 'br') {
      lineBreak(1)
      return
    }
    const isPara = paragraphs.has(name)
    const isBlock = isPara || blocks.has(name)
    if (isBlock) lineBreak(isPara ? 2 : 1)
    if (cells.has(name)) pendingSpace = true
    const span: ElementSpan | null = isBlock || cells.has(name) ? { element: el, start: -1, end: -1, paragraphHan: 0, linkHan: 0, depth } : null
    if (span) open.push(span)
    // A cell holding one paragraph (as Word and many editors write every table cell) is a cell: its
    // text joins the row's other cells on one line instead of standing as a paragraph of its own.
    const sole = cells.has(name) ? soleParagraph(el) : null
    for (const child of sole ? sole.children : el.children) walk(child, pre || name === 'pre', inLink || name === 'a', depth + 1)
    if (span) {
      open.pop()
      if (span.start >= 0) {
        span.end = out.length
        spans.push(span)
      }
    }
    if (isBlock) lineBreak(isPara ? 2 : 1)
    if (cells.has(name)) pendingSpace = true
  }
  walk($.root()[0] as unknown as AnyNode, false, false, 0)

  const { meta, title, canonical } = headFacts($.root()[0] as unknown as AnyNode)
  // A page saved by IE/Edge/Chrome "save as" carries its address in a comment before <html>.
  const saved = /<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->/i.exec(html)
  return {
    text: out,
    page: { title, meta, canonicalUrl: canonical ?? meta['og:url'] ?? null, savedFromUrl: saved ? saved[1] : null },
    spans,
  }
}
