// What the workbench makes of a mouse selection, on the editor's code point offsets.
import type { EditorPositions } from './editor-positions'
import type { Span } from './workbench-state'

const isWhitespace = (ch: string) => /\s/u.test(ch)

/** Whitespace characters between the start of the line and `offset`. */
export function leadingSpace(positions: EditorPositions, offset: number): number {
  let n = 0
  while (offset - n - 1 >= 0 && /[^\S\n]/u.test(positions.slice(offset - n - 1, offset - n))) n++
  return n
}

/** Leaves out whitespace at both ends of a selection: nobody means to tag a line break. */
export function trimSpan(positions: EditorPositions, span: Span): Span | null {
  let { start, end } = span
  while (start < end && isWhitespace(positions.slice(start, start + 1))) start++
  while (end > start && isWhitespace(positions.slice(end - 1, end))) end--
  return end > start ? { start, end } : null
}
