import { describe, expect, it } from 'vitest'
import { cosine, documentProfile, orderByUncertainty } from './active'
import type { SuggestModel } from './model'

// A stand-in model whose uncertainty is read from the text, so that the order is known in advance.
const model = { uncertainty: (text: string) => Number(/U=([\d.]+)/.exec(text)?.[1] ?? 0) } as unknown as SuggestModel

const A = '市政府开展重大行政决策合法性审查，建立决策目录管理制度，推进法律顾问全覆盖。'
const B = '法院与政府建立府院联动机制，共同化解行政争议，推动行政机关负责人出庭应诉。'

describe('orderByUncertainty', () => {
  it('puts the most uncertain first but moves near-copies of a pick down', () => {
    const docs = [
      { id: 'a1', text: `U=0.9 ${A}` },
      { id: 'a2', text: `U=0.85 ${A}` }, // a near-copy of a1
      { id: 'b1', text: `U=0.6 ${B}` },
      { id: 'c', text: 'U=0.1 营商环境持续优化。' },
    ]
    expect(orderByUncertainty(model, docs).map((d) => d.id)).toEqual(['a1', 'b1', 'c', 'a2'])
  })

  it('counts the documents just worked on as picked', () => {
    const docs = [
      { id: 'a1', text: `U=0.9 ${A}` },
      { id: 'b1', text: `U=0.6 ${B}` },
    ]
    expect(orderByUncertainty(model, docs, [A]).map((d) => d.id)).toEqual(['b1', 'a1'])
  })

  it('compares documents by their character profiles', () => {
    expect(cosine(documentProfile(A), documentProfile(`（2020）${A}`))).toBeCloseTo(1, 5)
    expect(cosine(documentProfile(A), documentProfile(B))).toBeLessThan(0.3)
  })
})
