import { describe, expect, it } from 'vitest'
import { compareCodePoints, compareSiblings, LabelTree, pathString, type TreeLabel } from './tree'

const label = (id: string, name: string, parentId: string | null = null, order = 0): TreeLabel => ({ id, name, parentId, order })

// Inserted out of order on purpose; three top labels share order 0 and are ordered by name.
const labels = [
  label('c2', '执法全过程记录制度', 'top1', 1),
  label('top2', '重大行政决策'),
  label('c1', '行政执法公示制度', 'top1', 0),
  label('top1', '三项制度'),
  label('g1', '公示内容', 'c1'),
  label('top3', '依法行政', null, 2),
  label('top0', '法治政府'),
]
const tree = new LabelTree(labels)

describe('compareCodePoints', () => {
  it('orders by code point, as UTF-8 bytes and Postgres\' "C" collation do', () => {
    const names = ['重大行政决策', '三项制度', '法治政府', 'Zeta', 'alpha', '𠮷野家', '\uffee']
    // 三 U+4E09 < 法 U+6CD5 < 重 U+91CD; ASCII first; U+FFEE before U+20BB7 (UTF-16 code units would put the astral first)
    expect([...names].sort(compareCodePoints)).toEqual(['Zeta', 'alpha', '三项制度', '法治政府', '重大行政决策', '\uffee', '𠮷野家'])
    expect(compareCodePoints('三项', '三项制度')).toBe(-1)
    expect(compareCodePoints('三项制度', '三项制度')).toBe(0)
    expect(compareCodePoints('𠮷a', '𠮷b')).toBe(-1)
  })

  it('differs from localeCompare on Chinese names (which is why localeCompare is not used)', () => {
    // In the zh collation 法 (fǎ) comes before 三 (sān); by code point 三 comes first.
    expect('法治政府'.localeCompare('三项制度', 'zh')).toBe(-1)
    expect(compareCodePoints('法治政府', '三项制度')).toBe(1)
  })
})

describe('compareSiblings', () => {
  it('takes order first, then name, then id, so that it is total', () => {
    expect(compareSiblings(label('a', '重', null, 0), label('b', '三', null, 1))).toBeLessThan(0)
    expect(compareSiblings(label('a', '重'), label('b', '三'))).toBeGreaterThan(0)
    expect(compareSiblings(label('a', '同名'), label('b', '同名'))).toBeLessThan(0)
  })
})

describe('LabelTree', () => {
  it('lists every label depth first, siblings in order', () => {
    expect(tree.labels.map((l) => l.id)).toEqual(['top1', 'c1', 'g1', 'c2', 'top0', 'top2', 'top3'])
    expect(tree.size).toBe(7)
    expect(tree.roots().map((l) => l.name)).toEqual(['三项制度', '法治政府', '重大行政决策', '依法行政'])
  })

  it('gives paths, ancestors and the top label', () => {
    expect(tree.path('g1')).toEqual(['三项制度', '行政执法公示制度', '公示内容'])
    expect(pathString(tree.path('c2'))).toBe('三项制度/执法全过程记录制度')
    expect(tree.ancestors('g1').map((l) => l.id)).toEqual(['top1', 'c1'])
    expect(tree.ancestors('top1')).toEqual([])
    expect(tree.top('g1')?.id).toBe('top1')
    expect(tree.top('top3')?.id).toBe('top3')
    expect(tree.path('unknown')).toEqual([])
    expect(tree.top('unknown')).toBeUndefined()
  })

  it('gives children in order and a subtree with the label first', () => {
    expect(tree.children('top1').map((l) => l.id)).toEqual(['c1', 'c2'])
    expect(tree.children('g1')).toEqual([])
    expect(tree.subtreeIds('top1')).toEqual(['top1', 'c1', 'g1', 'c2'])
    expect(tree.subtreeIds('c2')).toEqual(['c2'])
    expect(tree.subtreeIds('unknown')).toEqual([])
  })

  it('finds a label by its path, as a string or as parts', () => {
    expect(tree.find('三项制度/行政执法公示制度/公示内容')?.id).toBe('g1')
    expect(tree.find(['重大行政决策'])?.id).toBe('top2')
    expect(tree.find('三项制度/不存在')).toBeUndefined()
    expect(tree.find('行政执法公示制度')).toBeUndefined() // a path starts at the top
  })

  it('nests, bottom up, in order', () => {
    type Node = { id: string; path: string; children: Node[] }
    const nested = tree.nest<Node>((l, children, path) => ({ id: l.id, path: pathString(path), children }))
    expect(nested.map((n) => n.id)).toEqual(['top1', 'top0', 'top2', 'top3'])
    expect(nested[0].children.map((n) => n.path)).toEqual(['三项制度/行政执法公示制度', '三项制度/执法全过程记录制度'])
    expect(nested[0].children[0].children[0].id).toBe('g1')
  })

  it('leaves out a label whose parent was left out (an archived one), and survives a cycle', () => {
    const odd = new LabelTree([label('orphan', '孤儿', 'archived'), label('x', 'X', 'y'), label('y', 'Y', 'x'), label('ok', '好')])
    expect(odd.roots().map((l) => l.id)).toEqual(['ok'])
    expect(odd.get('x')).toBeUndefined()
    expect(odd.get('orphan')).toBeUndefined()
    expect(odd.children('archived')).toEqual([])
    expect(odd.labels.map((l) => l.id)).toEqual(['ok'])
  })

  it('keeps the richer label type', () => {
    const rich = new LabelTree([{ ...label('a', '甲'), color: '#123456' }])
    expect(rich.get('a')?.color).toBe('#123456')
  })
})
