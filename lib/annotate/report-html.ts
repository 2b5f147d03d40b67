// The report with its tags as static HTML, for the server render: the annotator sees the text with
// every tag drawn at first paint, before the scripts have loaded and the editor has started. It
// mirrors what ProseMirror renders for the same drawing (one <p> per line, each inline decoration
// its own nested <span>, innermost first in (from, to) order as prosemirror-view nests them, node
// decorations as classes on the <p>), so that layout is identical and the editor can replace it
// without a visible change. See docs/decisions/0009-first-paint-from-the-server.md.
import type { EditorPositions } from './editor-positions'
import { BLANK_PARAGRAPH_CLASS, headingParagraphClass, headingTextClass, tagClass, tagStyle, type Drawing } from './drawing'

/** The browser reports when the static report's paragraphs were painted (Element Timing); bench:annotate reads it. */
export const FIRST_PAINT_TIMING = 'report-text'

const escapeText = (s: string) => (!/[&<>\r]/.test(s) ? s : s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;')))
const escapeAttribute = (s: string) => s.replace(/[&"<]/g, (c) => (c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&lt;'))

interface Inline {
  from: number
  to: number
  /** A span of its own (a tag), or a class merged into the innermost span (a heading's words). */
  wrap: boolean
  className: string
  style?: string
  tagId?: string
}

export interface ReportHtmlOptions {
  /** Attributes for every <p>, e.g. an `elementtiming` name so the browser reports when the text was painted. */
  paragraphAttributes?: string
}

const byPos = (a: Inline, b: Inline) => a.from - b.from || a.to - b.to

function insertAhead(array: Inline[], i: number, piece: Inline) {
  while (i < array.length && byPos(piece, array[i]) > 0) i++
  array.splice(i, 0, piece)
}

/**
 * prosemirror-view's removeOverlap (MIT), ported as is: splits partially overlapping spans so that
 * only nested or equal ones are left. Its output order is the nesting order of the wrappers.
 */
function removeOverlap(spans: Inline[]): Inline[] {
  let working = spans
  for (let i = 0; i < working.length - 1; i++) {
    const span = working[i]
    if (span.from === span.to) continue
    for (let j = i + 1; j < working.length; j++) {
      const next = working[j]
      if (next.from === span.from) {
        if (next.to !== span.to) {
          if (working === spans) working = spans.slice()
          working[j] = { ...next, to: span.to }
          insertAhead(working, j + 1, { ...next, from: span.to })
        }
        continue
      }
      if (next.from < span.to) {
        if (working === spans) working = spans.slice()
        working[i] = { ...span, to: next.from }
        insertAhead(working, j, { ...span, from: next.from })
      }
      break
    }
  }
  return working
}

export function reportHtml(positions: Pick<EditorPositions, 'lines' | 'lineStarts' | 'lineOfPos'>, drawing: Drawing, options: ReportHtmlOptions = {}): string {
  const { lines, lineStarts } = positions
  const opens = lines.map((_, i) => lineStarts[i] + i) // each paragraph's opening token
  // The order the editor hands its decorations over in: tags, then headings' words.
  const inlines: Inline[] = [
    ...drawing.tags.map((t) => ({ from: t.from, to: t.to, wrap: true, className: tagClass(t), style: tagStyle(t), tagId: t.id })),
    ...drawing.headings.map((h) => ({ from: h.from, to: h.to, wrap: false, className: headingTextClass(h.level) })),
  ].filter((d) => d.to > d.from)
  // As in prosemirror-view's DecorationSet: a decoration inside one paragraph belongs to that
  // paragraph; one that crosses a line break stays with the document and is cut per paragraph.
  const inside = new Map<number, Inline[]>()
  const crossing: Inline[] = []
  for (const d of inlines) {
    const i = positions.lineOfPos(d.from)
    if (d.to <= opens[i] + 1 + lines[i].length) {
      const list = inside.get(i)
      if (list) list.push(d)
      else inside.set(i, [d])
    } else crossing.push(d)
  }
  crossing.sort(byPos)
  const paragraphClass = new Map<number, string[]>()
  const addClass = (pos: number, name: string) => paragraphClass.set(pos, [...(paragraphClass.get(pos) ?? []), name])
  for (const h of drawing.headings) if (h.paragraph !== null) addClass(h.paragraph, headingParagraphClass(h.level))
  for (const pos of drawing.blankParagraphs) addClass(pos, BLANK_PARAGRAPH_CLASS)
  const extra = options.paragraphAttributes ? ` ${options.paragraphAttributes}` : ''

  const out: string[] = []
  let nextCrossing = 0
  let live: Inline[] = [] // crossing decorations that may reach into the current paragraph, in byPos order
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const from = opens[i] + 1
    const to = from + line.length
    const classes = paragraphClass.get(opens[i])
    out.push(classes ? `<p class="${classes.join(' ')}"${extra}>` : `<p${extra}>`)
    if (line.length === 0) {
      out.push('<br class="ProseMirror-trailingBreak"></p>')
      continue
    }
    while (nextCrossing < crossing.length && crossing[nextCrossing].from < to) live.push(crossing[nextCrossing++])
    live = live.filter((d) => d.to > from)
    const cut = live.filter((d) => d.from < to).map((d) => ({ ...d, from: Math.max(d.from, from), to: Math.min(d.to, to) })).filter((d) => d.from < d.to).sort(byPos)
    const own = (inside.get(i) ?? []).sort(byPos)
    const pieces = removeOverlap(cut.length && own.length ? [...cut, ...own].sort(byPos) : cut.length ? cut : own)

    if (pieces.length === 0) {
      out.push(escapeText(line), '</p>')
      continue
    }
    const points = [...new Set([from, to, ...pieces.flatMap((d) => [d.from, d.to])])].sort((a, b) => a - b)
    for (let c = 0; c + 1 < points.length; c++) {
      const a = points[c]
      const b = points[c + 1]
      const text = escapeText(line.slice(a - from, b - from))
      const covering = pieces.filter((d) => d.from <= a && d.to >= b)
      if (covering.length === 0) {
        out.push(text)
        continue
      }
      // prosemirror-view: the first decoration is the innermost wrapper; a class-only decoration
      // merges into the innermost wrapper made so far, or makes a plain <span> when there is none.
      const levels: { className: string[]; style: string[]; tagId?: string }[] = []
      for (const d of covering) {
        if (d.wrap || levels.length === 0) levels.push({ className: [], style: [] })
        const top = levels[levels.length - 1]
        top.className.push(d.className)
        if (d.style) top.style.push(d.style)
        if (d.tagId) top.tagId = d.tagId
      }
      let html = text
      for (const level of levels) {
        const style = level.style.length ? ` style="${escapeAttribute(level.style.join(';'))}"` : ''
        const tag = level.tagId ? ` data-preview-tag="${escapeAttribute(level.tagId)}"` : ''
        html = `<span class="${escapeAttribute(level.className.join(' '))}"${style}${tag}>${html}</span>`
      }
      out.push(html)
    }
    out.push('</p>')
  }
  return out.join('')
}
