// What the workbench makes of a mouse selection, on the editor's code point offsets.
import type { EditorPositions } from './editor-positions'
import { trimSpan as trimSpanOf } from './span-rules'
import type { Span } from './workbench-state'

/** Whitespace characters between the start of the line and `offset`. */
export function leadingSpace(positions: EditorPositions, offset: number): number {
  let n = 0
  while (offset - n - 1 >= 0 && /[^\S\n]/u.test(positions.slice(offset - n - 1, offset - n))) n++
  return n
}

/**
 * Leaves out whitespace at both ends of a selection: nobody means to tag a line break. The rule
 * is the API's (lib/annotate/span-rules.ts), so the workbench never sends what the server refuses.
 */
export function trimSpan(positions: EditorPositions, span: Span): Span | null {
  return trimSpanOf((a, b) => positions.slice(a, b), span)
}
