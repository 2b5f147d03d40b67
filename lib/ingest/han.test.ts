import { describe, expect, it } from 'vitest'
import { firstHan, hanCount, isHan } from './han'

describe('Han characters, counted without a regex per call', () => {
  it('agrees with \\p{Script=Han} on every code point', () => {
    const han = /^\p{Script=Han}$/u
    const disagree: number[] = []
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      if (isHan(cp) !== han.test(String.fromCodePoint(cp))) disagree.push(cp)
    }
    expect(disagree).toEqual([])
  })

  it('counts code points, astral ideographs once, and nothing else', () => {
    expect(hanCount('')).toBe(0)
    expect(hanCount('2023年，法治政府 abc 〇')).toBe(6)
    expect(hanCount('𠀀𪚥a⺠')).toBe(3)
    expect(hanCount('\ud840')).toBe(0)
    const text = '一、坚持依法行政。Ｈello 𠀀！'
    expect(hanCount(text)).toBe((text.match(/\p{Script=Han}/gu) ?? []).length)
  })

  it('takes the first Han characters in order', () => {
    expect(firstHan('a一b二𠀀三', 3)).toEqual(['一', '二', '𠀀'])
    expect(firstHan('abc', 5)).toEqual([])
  })
})
