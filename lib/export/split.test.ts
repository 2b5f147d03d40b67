import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { assignParts, partSizes } from './split'
import type { SplitPart } from './types'

const sha = (s: string) => createHash('sha256').update(s).digest('hex')
const docs = Array.from({ length: 40 }, (_, i) => ({ id: `doc-${i}`, textSha256: sha(`报告正文 ${i}`) }))
const members = (parts: Map<string, SplitPart>, part: SplitPart) => [...parts].filter(([, p]) => p === part).map(([id]) => id).sort()

describe('partSizes', () => {
  it('hands out the exact shares when they are whole numbers', () => {
    expect(partSizes(10, [8, 1, 1])).toEqual([8, 1, 1])
    expect(partSizes(10, [0.8, 0.1, 0.1])).toEqual([8, 1, 1])
    expect(partSizes(7, [1, 0, 0])).toEqual([7, 0, 0])
    expect(partSizes(0, [8, 1, 1])).toEqual([0, 0, 0])
  })

  it('gives the leftover documents to the largest remainders, ties to the earlier part', () => {
    expect(partSizes(9, [7, 2, 1])).toEqual([6, 2, 1]) // 6.3, 1.8, 0.9: the two largest remainders get one each
    expect(partSizes(6, [4, 4, 2])).toEqual([3, 2, 1]) // 2.4, 2.4, 1.2: floors 2, 2, 1, the tie goes to train
    expect(partSizes(1, [1, 1, 1])).toEqual([1, 0, 0])
    expect(partSizes(2, [1, 1, 1])).toEqual([1, 1, 0])
  })

  it('always sums to n, with each part within one of its exact share', () => {
    const ratios: [number, number, number][] = [[0.8, 0.1, 0.1], [0.7, 0.15, 0.15], [1, 1, 1], [3, 0, 7], [0.6, 0.2, 0.2], [5, 3, 2]]
    for (const r of ratios) {
      for (let n = 0; n <= 101; n++) {
        const sizes = partSizes(n, r)
        expect(sizes[0] + sizes[1] + sizes[2]).toBe(n)
        sizes.forEach((size, i) => expect(Math.abs(size - (n * r[i]) / (r[0] + r[1] + r[2]))).toBeLessThan(1))
      }
    }
  })
})

describe('assignParts', () => {
  const split = { ratios: [0.8, 0.1, 0.1] as [number, number, number], seed: 42 }

  it('puts each document in exactly one part, in the asked sizes', () => {
    const parts = assignParts(docs, split)
    expect([...parts.keys()].sort()).toEqual(docs.map((d) => d.id).sort())
    expect([members(parts, 'train').length, members(parts, 'dev').length, members(parts, 'test').length]).toEqual([32, 4, 4])
  })

  it('is the same for the same seed, whatever the input order', () => {
    const a = assignParts(docs, split)
    const b = assignParts([...docs].reverse(), split)
    expect([...b].sort()).toEqual([...a].sort())
  })

  it('differs for another seed', () => {
    const a = assignParts(docs, split)
    const b = assignParts(docs, { ...split, seed: 43 })
    expect(members(b, 'train')).not.toEqual(members(a, 'train'))
  })

  it('follows the text, not the id: renamed documents keep their parts', () => {
    const a = assignParts(docs, split)
    const renamed = assignParts(docs.map((d) => ({ ...d, id: `elsewhere-${d.id}` })), split)
    for (const d of docs) expect(renamed.get(`elsewhere-${d.id}`)).toBe(a.get(d.id))
  })

  it('orders documents by sha256("<seed>:<text_sha256>")', () => {
    const few = docs.slice(0, 10)
    const parts = assignParts(few, { ratios: [8, 1, 1], seed: 7 })
    const order = [...few].sort((x, y) => (sha(`7:${x.textSha256}`) < sha(`7:${y.textSha256}`) ? -1 : 1)).map((d) => d.id)
    expect(order.map((id) => parts.get(id))).toEqual([...Array(8).fill('train'), 'dev', 'test'])
  })
})
