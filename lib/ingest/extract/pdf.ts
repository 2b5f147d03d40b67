// PDF → text with pdfjs-dist (legacy build for Node 20, no worker thread, no eval). Text items are
// joined into lines by their positions; pages are separated by a blank line.
import type { IngestProblem } from '../types'
import { problem } from './problems'
import { replaceRadicals } from './radicals'

type PdfItem = { str: string; transform: number[]; width: number; height: number; hasEOL?: boolean }

export async function pdfToText(bytes: Uint8Array): Promise<{ ok: true; text: string } | { ok: false; problem: IngestProblem }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  // pdfjs may transfer (detach) the buffer it is given; the caller's bytes stay intact.
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 })
  let doc
  try {
    doc = await task.promise
  } catch (error) {
    const name = (error as { name?: string }).name
    if (name === 'PasswordException')
      return { ok: false, problem: problem('encrypted_pdf', 'The PDF is password-protected; remove the password (print or save it again without protection) and import it again.') }
    return { ok: false, problem: problem('broken_pdf', 'The PDF cannot be opened: it is damaged or not a complete PDF file.', { detail: String((error as Error).message ?? error).slice(0, 200) }) }
  }
  try {
    const pages: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const content = await page.getTextContent()
      const lines: { text: string; left: number; right: number; size: number }[] = []
      let line = ''
      let lastY: number | null = null
      let lastRight: number | null = null
      let left = Infinity
      let right = 0
      let lineSize = 0
      const endLine = () => {
        if (line.trim()) lines.push({ text: line.replace(/\s+$/, ''), left, right, size: lineSize })
        line = ''
        lastY = null
        lastRight = null
        left = Infinity
        right = 0
        lineSize = 0
      }
      for (const raw of content.items) {
        if (!('str' in raw)) continue
        const item = raw as PdfItem
        const x = item.transform[4]
        const y = item.transform[5]
        const size = Math.max(1, Math.abs(item.transform[3]) || item.height || 10)
        if (lastY !== null && Math.abs(y - lastY) > size * 0.5) endLine()
        // A visible gap between two items on one line is a space (Latin words, spaced-out titles).
        if (lastRight !== null && item.str && x - lastRight > size * 0.6 && !line.endsWith(' ')) line += ' '
        line += item.str
        if (item.str) {
          lastY = y
          lastRight = x + item.width
          if (item.str.trim()) left = Math.min(left, x)
          right = Math.max(right, lastRight)
          lineSize = Math.max(lineSize, size)
        }
        if (item.hasEOL) endLine()
      }
      endLine()
      // A line that runs from the left margin (or a paragraph indent) to the right margin and does not end
      // a sentence wraps: it continues on the next line. A short right-aligned or centred line (a signature,
      // a date) also reaches the right margin but starts far from the left one: it is a line of its own.
      const margin = Math.max(0, ...lines.map((l) => l.right))
      const leftMargin = Math.min(Infinity, ...lines.map((l) => l.left))
      let pageText = ''
      lines.forEach((l, i) => {
        pageText += l.text
        if (i === lines.length - 1) return
        const fromLeft = l.left - leftMargin <= l.size * 4.5
        const wraps = fromLeft && l.right >= margin * 0.92 && !/[。：:！？!?；;]$/.test(l.text)
        pageText += wraps ? '' : '\n'
      })
      // Radical code points a CJK font put in place of the ideographs it draws (⼊ → 入, ⺠ → 民); nothing else is touched (ADR 0018).
      pages.push(replaceRadicals(pageText))
      page.cleanup()
    }
    return { ok: true, text: pages.join('\n\n') }
  } finally {
    await doc.destroy()
  }
}
