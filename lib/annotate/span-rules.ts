// The rules a tag's span must keep, in one place for the workbench and the API (issue 16, bug 4).
//
// Chosen: the client trims. The workbench leaves out whitespace at both ends of a selection before
// it sends anything (trimSpan); the server never trims, it refuses a quote that starts or ends with
// whitespace, or that is whitespace only, or that is longer than the project's limit, with a
// sentence. So what is stored is exactly what was sent, and an API script learns why, not a
// silently different span.
import type { Translatable } from '../errors'

/** The limit a project starts with (Project.maxSpanLength), in code points. */
export const DEFAULT_MAX_SPAN_LENGTH = 2000

const isWhitespace = (ch: string) => /\s/u.test(ch)

export interface Span {
  start: number
  end: number
}

/**
 * Leaves out whitespace at both ends of a span: nobody means to tag a line break.
 * `slice(a, b)` is the text at code points [a, b). Null when nothing but whitespace is left.
 */
export function trimSpan(slice: (start: number, end: number) => string, span: Span): Span | null {
  let { start, end } = span
  while (start < end && isWhitespace(slice(start, start + 1))) start++
  while (end > start && isWhitespace(slice(end - 1, end))) end--
  return end > start ? { start, end } : null
}

export interface SpanProblem extends Translatable {
  /** The English sentence (the API's message). */
  message: string
}

/** Why a tag with this quote may not be stored, or null when it may. Lengths count code points. */
export function spanProblem(quote: string, maxSpanLength: number): SpanProblem | null {
  const chars = Array.from(quote)
  if (chars.length === 0 || chars.every(isWhitespace)) {
    return { message: 'A tag must cover some text, not only whitespace or line breaks; nothing was stored.', key: 'tag.whitespaceOnly' }
  }
  if (isWhitespace(chars[0]) || isWhitespace(chars[chars.length - 1])) {
    return {
      message: 'A tag must not start or end with whitespace or a line break; leave them out of the span (the workbench does so) and send it again. Nothing was stored.',
      key: 'tag.surroundingWhitespace',
    }
  }
  if (chars.length > maxSpanLength) {
    return {
      message: `This span is ${chars.length} characters long; this project allows at most ${maxSpanLength} in one tag (a manager can change that on the project page). Nothing was stored.`,
      key: 'tag.spanTooLong',
      values: { length: chars.length, max: maxSpanLength },
    }
  }
  return null
}
