import { describe, expect, it } from 'vitest'
import { sentenceAt, snapToSentences, splitSentences } from './sentences'

const texts = (text: string) => splitSentences(text).map((s) => Array.from(text).slice(s.start, s.end).join(''))

describe('splitSentences', () => {
  it('splits after 。！？； and at line breaks, leaving out surrounding whitespace', () => {
    expect(texts('第一句。第二句！第三句？第四；\n  第五句\r\n\u3000第六句。 ')).toEqual(['第一句。', '第二句！', '第三句？', '第四；', '第五句', '第六句。'])
  })

  it('keeps closing quotes and brackets with the sentence they close', () => {
    expect(texts('他说：“要依法行政。”随后（附件。）结束。')).toEqual(['他说：“要依法行政。”', '随后（附件。）', '结束。'])
  })

  it('counts offsets in code points', () => {
    const text = '𠮷野家。🙂好。'
    expect(splitSentences(text)).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 7 },
    ])
  })
})

describe('sentenceAt and snapToSentences', () => {
  const text = '甲句。乙句。丙句。'
  const sentences = splitSentences(text)
  it('finds the sentence holding an offset', () => {
    expect([0, 2, 3, 8].map((o) => sentenceAt(sentences, o))).toEqual([0, 0, 1, 2])
    expect(sentenceAt(sentences, 9)).toBe(3) // past the last
  })
  it('widens a selection to the whole sentences it touches', () => {
    expect(snapToSentences(sentences, 1, 4)).toEqual({ start: 0, end: 6 })
    expect(snapToSentences(sentences, 3, 6)).toEqual({ start: 3, end: 6 })
  })
})
