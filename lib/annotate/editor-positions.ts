// Converts between the editor's positions and code-point offsets. The editor (ProseMirror, under
// Tiptap) holds the text as one paragraph per line: the document node opens at 0, each paragraph
// adds an opening and a closing token, and text inside counts UTF-16 units. A line break in the
// text is the boundary between two paragraphs. So for a UTF-16 index u on line i:
//   editor position = u + i + 1
// and code points come from CodePointIndex. This module is the only place that knows this.
import { CodePointIndex } from '../text/codepoints'

export class EditorPositions {
  private readonly index: CodePointIndex
  /** UTF-16 index where each line starts. */
  readonly lineStarts: number[]
  readonly lines: string[]

  constructor(readonly text: string) {
    this.index = new CodePointIndex(text)
    this.lines = text.split('\n')
    this.lineStarts = []
    let offset = 0
    for (const line of this.lines) {
      this.lineStarts.push(offset)
      offset += line.length + 1
    }
  }

  get length(): number {
    return this.index.length
  }

  /** Line that holds UTF-16 index u (a line break belongs to the line it ends). */
  private lineOfUtf16(u: number): number {
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (this.lineStarts[mid] <= u) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** Line whose paragraph contains editor position `pos` (between its opening and closing token). */
  lineOfPos(pos: number): number {
    // Paragraph i spans editor positions [lineStarts[i] + i, lineStarts[i] + i + len_i + 2).
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (this.lineStarts[mid] + mid <= pos) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  codePointToPos(cp: number): number {
    const u = this.index.toUtf16(cp)
    return u + this.lineOfUtf16(u) + 1
  }

  /**
   * Editor position → code point. Positions on a paragraph's boundary tokens clamp into its text:
   * before the first character, or after the last (which is where its line break starts).
   */
  posToCodePoint(pos: number): number {
    const line = this.lineOfPos(pos)
    const start = this.lineStarts[line]
    const inLine = Math.max(0, Math.min(pos - start - line - 1, this.lines[line].length))
    return this.index.toCodePoint(start + inLine)
  }

  /** text[start:end] in code points. */
  slice(start: number, end: number): string {
    return this.index.slice(start, end)
  }

  toUtf16(cp: number): number {
    return this.index.toUtf16(cp)
  }

  toCodePoint(u: number): number {
    return this.index.toCodePoint(u)
  }
}
