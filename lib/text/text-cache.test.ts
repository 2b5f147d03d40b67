import { describe, expect, it } from 'vitest'
import { TextCache } from './text-cache'

describe('TextCache', () => {
  it('keeps texts up to its capacity in UTF-16 units and drops the least recently used first', () => {
    const cache = new TextCache(10)
    cache.set('a', 'sha-a', '甲乙丙丁')
    cache.set('b', 'sha-b', '𠮷🙂') // two astral characters: 4 units
    expect(cache.size).toEqual({ texts: 2, units: 8 })
    expect(cache.get('a')?.index.slice(1, 3)).toBe('乙丙') // a is now the most recent
    cache.set('c', 'sha-c', '一二三')
    expect(cache.get('b')).toBeUndefined()
    expect(cache.size).toEqual({ texts: 2, units: 7 })
    expect(cache.get('c')?.index.length).toBe(3)
  })

  it('converts code points to UTF-16 across astral characters and \\r\\n', () => {
    const cache = new TextCache(100)
    const { index } = cache.set('d', 'sha', '𠮷野\r\n家🙂开业')
    expect(index.length).toBe(8)
    expect(index.slice(0, 1)).toBe('𠮷')
    expect(index.slice(2, 4)).toBe('\r\n')
    expect(index.slice(5, 8)).toBe('🙂开业')
  })

  it('replaces a text held under another hash', () => {
    const cache = new TextCache(100)
    cache.set('d', 'old', '旧文本旧文本')
    cache.set('d', 'new', '新')
    expect(cache.get('d')?.sha).toBe('new')
    expect(cache.size).toEqual({ texts: 1, units: 1 })
  })

  it('holds nothing at capacity 0, and nothing longer than its capacity', () => {
    const none = new TextCache(0)
    expect(none.set('a', 'sha', '甲').index.text).toBe('甲')
    expect(none.size).toEqual({ texts: 0, units: 0 })
    expect(none.cacheableLength).toBe(0)
    const small = new TextCache(4)
    small.set('a', 'sha', '甲乙')
    small.set('b', 'sha', '甲乙丙丁戊')
    expect(small.size).toEqual({ texts: 1, units: 2 })
  })

  it('asks for a text only when it is at most an eighth of the capacity (2 units a code point)', () => {
    expect(new TextCache(16_000_000).cacheableLength).toBe(1_000_000)
  })
})
