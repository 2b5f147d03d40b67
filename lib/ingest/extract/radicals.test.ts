import { describe, expect, it } from 'vitest'
import { replaceRadicals } from './radicals'

describe('replaceRadicals', () => {
  it('gives the ideographs a CJK font drew for radical code points, from both radical blocks, and nothing else', () => {
    expect(replaceRadicals('嘉兴市人⺠政府⻓期⼊⼝')).toBe('嘉兴市人民政府长期入口')
    // U+2E80 has no equivalent ideograph; full-width punctuation and ordinary text are kept.
    expect(replaceRadicals('\u2e80，１２３ abc')).toBe('\u2e80，１２３ abc')
  })
})
