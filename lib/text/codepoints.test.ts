import { describe, expect, it } from 'vitest'
import { CodePointIndex, codePointLength } from './codepoints'

// Python's len() and slicing are the reference: these expectations are what Python gives.
describe('CodePointIndex', () => {
  it('counts astral characters (𠮷, 𡈼, emoji) as one code point each', () => {
    const text = '𠮷野家在𡈼路🙂旁'
    expect(text.length).toBe(11) // UTF-16 units
    expect(codePointLength(text)).toBe(8) // len(text) in Python
    const index = new CodePointIndex(text)
    expect(index.length).toBe(8)
    expect(index.slice(0, 1)).toBe('𠮷')
    expect(index.slice(4, 5)).toBe('𡈼')
    expect(index.slice(6, 7)).toBe('🙂')
    expect(index.slice(7, 8)).toBe('旁')
  })

  it('maps code points to UTF-16 and back across astral characters', () => {
    const index = new CodePointIndex('a𠮷b🙂c')
    expect([0, 1, 2, 3, 4, 5].map((cp) => index.toUtf16(cp))).toEqual([0, 1, 3, 4, 6, 7])
    expect([0, 1, 3, 4, 6, 7].map((u) => index.toCodePoint(u))).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('rounds an index inside a surrogate pair down to its character', () => {
    const index = new CodePointIndex('a𠮷b')
    expect(index.toCodePoint(2)).toBe(1)
  })

  it('keeps \\r\\n as two code points, and U+00A0, U+3000 and full-width punctuation as one', () => {
    const text = '第一行\r\n第二行\u00a0\u3000“决策”，（一）。'
    const index = new CodePointIndex(text)
    expect(index.length).toBe(text.length) // no astral characters here
    expect(index.slice(3, 5)).toBe('\r\n')
    expect(index.slice(8, 10)).toBe('\u00a0\u3000')
    expect(index.slice(10, 14)).toBe('“决策”')
  })

  it('slices the very first and very last character', () => {
    const text = '🙂开头与结尾𠮷'
    const index = new CodePointIndex(text)
    expect(index.slice(0, 1)).toBe('🙂')
    expect(index.slice(index.length - 1, index.length)).toBe('𠮷')
    expect(index.toUtf16(index.length)).toBe(text.length)
    expect(index.toCodePoint(text.length)).toBe(index.length)
  })

  it('refuses offsets outside the text', () => {
    const index = new CodePointIndex('abc')
    expect(() => index.toUtf16(4)).toThrow(RangeError)
    expect(() => index.toUtf16(-1)).toThrow(RangeError)
    expect(() => index.toCodePoint(1.5)).toThrow(RangeError)
  })

  it('agrees with Array.from on a long mixed text', () => {
    const pieces = ['法治', '𠮷', '\r\n', '🙂', '\u3000', 'a', '𡈼𡈼']
    let text = ''
    for (let i = 0; i < 5000; i++) text += pieces[(i * 7) % pieces.length]
    const chars = Array.from(text)
    const index = new CodePointIndex(text)
    expect(index.length).toBe(chars.length)
    for (const cp of [0, 1, 17, 999, 4321, chars.length - 1]) {
      expect(index.slice(cp, cp + 1)).toBe(chars[cp])
      expect(index.toCodePoint(index.toUtf16(cp))).toBe(cp)
    }
  })
})
