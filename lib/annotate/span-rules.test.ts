import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_SPAN_LENGTH, spanProblem, trimSpan } from './span-rules'

const sliceOf = (text: string) => {
  const chars = Array.from(text)
  return (a: number, b: number) => chars.slice(a, b).join('')
}

describe('trimSpan (what the workbench sends)', () => {
  it('leaves out whitespace at both ends, counting code points', () => {
    expect(trimSpan(sliceOf('\n 𠮷野家\u3000\n'), { start: 0, end: 7 })).toEqual({ start: 2, end: 5 })
  })
  it('gives null for a selection of whitespace only', () => {
    expect(trimSpan(sliceOf('a \n\u00a0b'), { start: 1, end: 4 })).toBeNull()
  })
})

describe('spanProblem (what the server refuses)', () => {
  it('accepts what trimSpan leaves', () => {
    const text = '  依法行政 '
    const span = trimSpan(sliceOf(text), { start: 0, end: Array.from(text).length })!
    expect(spanProblem(sliceOf(text)(span.start, span.end), DEFAULT_MAX_SPAN_LENGTH)).toBeNull()
  })
  it.each([' ', '\n', '\r\n', '\u3000', '\u00a0\t'])('refuses whitespace only (%j)', (quote) => {
    expect(spanProblem(quote, DEFAULT_MAX_SPAN_LENGTH)?.key).toBe('tag.whitespaceOnly')
  })
  it.each([' 依法', '依法\n', '\u3000依法'])('refuses surrounding whitespace (%j)', (quote) => {
    expect(spanProblem(quote, DEFAULT_MAX_SPAN_LENGTH)?.key).toBe('tag.surroundingWhitespace')
  })
  it('counts the limit in code points, not UTF-16 units', () => {
    expect(spanProblem('𠮷𠮷', 2)).toBeNull()
    expect(spanProblem('𠮷𠮷𠮷', 2)).toMatchObject({ key: 'tag.spanTooLong', values: { length: 3, max: 2 } })
  })
})
