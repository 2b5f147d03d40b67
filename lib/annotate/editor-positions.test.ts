import { describe, expect, it } from 'vitest'
import { EditorPositions } from './editor-positions'

// The editor holds one paragraph per line: position 0 is before the first paragraph, its text starts
// at 1, and each line break costs two positions (closing and opening token) instead of one unit.
describe('EditorPositions', () => {
  it('maps code points to editor positions across lines and astral characters, and back', () => {
    const text = '𠮷a\r\nb🙂\n\u3000c'
    const p = new EditorPositions(text)
    // code points:     𠮷=0 a=1 \r=2 \n=3 | b=4 🙂=5 \n=6 | \u3000=7 c=8, length 9
    // UTF-16 units:    𠮷=0,1 a=2 \r=3 \n=4 | b=5 🙂=6,7 \n=8 | \u3000=9 c=10
    // editor positions: line 0 text starts at 1; line 1 at 5+1+1=7; line 2 at 9+2+1=12
    const expected: [number, number][] = [
      [0, 1],
      [1, 3],
      [2, 4],
      [3, 5], // the line break: end of line 0's paragraph
      [4, 7],
      [5, 8],
      [6, 10],
      [7, 12],
      [8, 13],
      [9, 14], // end of text
    ]
    for (const [cp, pos] of expected) {
      expect(p.codePointToPos(cp), `code point ${cp}`).toBe(pos)
      expect(p.posToCodePoint(pos), `position ${pos}`).toBe(cp)
    }
    expect(p.length).toBe(9)
  })

  it('clamps positions on paragraph boundaries into the neighbouring text', () => {
    const p = new EditorPositions('ab\ncd')
    // Paragraph 0 holds positions 1..3 (a, b, end); 4 lies between the paragraphs; 5 is c.
    expect(p.posToCodePoint(0)).toBe(0) // before the first paragraph
    expect(p.posToCodePoint(3)).toBe(2) // end of line 0, where its line break starts
    expect(p.posToCodePoint(4)).toBe(3) // between the paragraphs: the start of line 1
    expect(p.posToCodePoint(5)).toBe(3)
    expect(p.posToCodePoint(99)).toBe(5)
  })

  it('slices in code points, so a span across a line break keeps it', () => {
    const text = '第一行的结尾。\n第二行的开头，“全角”标点'
    const p = new EditorPositions(text)
    const start = p.posToCodePoint(p.codePointToPos(4))
    const end = p.posToCodePoint(p.codePointToPos(12))
    expect(p.slice(start, end)).toBe(Array.from(text).slice(4, 12).join(''))
    expect(p.slice(start, end)).toContain('\n')
  })

  it('handles the first and the last character, an empty line and U+00A0', () => {
    const text = '🙂\n\n\u00a0尾𡈼'
    const p = new EditorPositions(text)
    expect(p.slice(0, 1)).toBe('🙂')
    expect(p.slice(p.length - 1, p.length)).toBe('𡈼')
    expect(p.slice(3, 4)).toBe('\u00a0')
    for (let cp = 0; cp <= p.length; cp++) expect(p.posToCodePoint(p.codePointToPos(cp))).toBe(cp)
  })
})
