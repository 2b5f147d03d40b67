import { describe, expect, it } from 'vitest'
import { curationRows, type CurationInputTag } from './rows'

const tag = (id: string, authorId: string, start: number, end: number, labelId = 'L1', version = 1): CurationInputTag => ({ id, version, authorId, labelId, start, end })

describe('curation rows', () => {
  it('proposes a tag both annotators made alike as an agreement', () => {
    const rows = curationRows([tag('a1', 'A', 0, 4), tag('b1', 'B', 0, 4)], 2)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'agreement', start: 0, end: 4 })
  })

  it('makes the same span with two labels, or two different spans, a disagreement', () => {
    expect(curationRows([tag('a1', 'A', 0, 4, 'L1'), tag('b1', 'B', 0, 4, 'L2')], 2)[0].kind).toBe('disagreement')
    expect(curationRows([tag('a1', 'A', 0, 4), tag('b1', 'B', 1, 4)], 2)[0].kind).toBe('disagreement')
  })

  it('makes a tag only one annotator made a disagreement of its own', () => {
    const rows = curationRows([tag('a1', 'A', 0, 4), tag('b1', 'B', 0, 4), tag('a2', 'A', 10, 12)], 2)
    expect(rows.map((r) => [r.kind, r.start, r.end, r.tags.length])).toEqual([
      ['agreement', 0, 4, 2],
      ['disagreement', 10, 12, 1],
    ])
  })

  it('joins a chain of overlapping tags into one row, and keeps touching spans apart', () => {
    const rows = curationRows([tag('a1', 'A', 0, 5), tag('b1', 'B', 4, 9), tag('a2', 'A', 8, 12), tag('b2', 'B', 12, 14)], 2)
    expect(rows.map((r) => [r.start, r.end, r.tags.map((t) => t.id)])).toEqual([
      [0, 12, ['a1', 'b1', 'a2']],
      [12, 14, ['b2']],
    ])
  })

  it('needs every annotator of the document for an agreement', () => {
    expect(curationRows([tag('a1', 'A', 0, 4), tag('b1', 'B', 0, 4)], 3)[0].kind).toBe('disagreement')
  })

  it('gives a row a new key when one of its tags is moved or relabelled, not when it is reviewed (a new version only)', () => {
    const before = curationRows([tag('a1', 'A', 0, 4), tag('b1', 'B', 0, 4)], 2)[0].keyText
    expect(curationRows([tag('a1', 'A', 0, 4, 'L1', 2), tag('b1', 'B', 0, 4)], 2)[0].keyText).toBe(before)
    expect(curationRows([tag('a1', 'A', 0, 3), tag('b1', 'B', 0, 4)], 2)[0].keyText).not.toBe(before)
    expect(curationRows([tag('a1', 'A', 0, 4, 'L2'), tag('b1', 'B', 0, 4)], 2)[0].keyText).not.toBe(before)
    expect(curationRows([tag('b1', 'B', 0, 4), tag('a1', 'A', 0, 4)], 2)[0].keyText).toBe(before)
  })
})
