import { describe, expect, it } from 'vitest'
import { disagreements, type ComparedTag } from './disagreements'

// Two top labels with children: A (a1, a2) and B (b1).
const tops: Record<string, string> = { A: 'A', a1: 'A', a2: 'A', B: 'B', b1: 'B' }
const topOf = (id: string) => tops[id]

let n = 0
const tag = (authorId: string, labelId: string, start: number, end: number, id = `t${++n}`): ComparedTag => ({ id, authorId, labelId, start, end })
const flags = (tags: ComparedTag[]) => Object.fromEntries(disagreements(tags, topOf))

describe('disagreements', () => {
  it('flags nothing while only one annotator has tagged the document, overlaps or not', () => {
    expect(flags([tag('ann1', 'a1', 0, 10), tag('ann1', 'b1', 0, 10), tag('ann1', 'a2', 5, 20)])).toEqual({})
    expect(flags([])).toEqual({})
  })

  it('calls the same span with another label a conflict, on both sides', () => {
    expect(flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann2', 'a2', 0, 10, 'y')])).toEqual({ x: 'conflict', y: 'conflict' })
    // Another top label on the same span is a conflict too.
    expect(flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann2', 'b1', 0, 10, 'y')])).toEqual({ x: 'conflict', y: 'conflict' })
  })

  it('leaves the same span with the same label unflagged (agreement)', () => {
    expect(flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann2', 'a1', 0, 10, 'y')])).toEqual({})
  })

  it('calls the same label on an overlapping but different span partial', () => {
    expect(flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann2', 'a1', 5, 15, 'y')])).toEqual({ x: 'partial', y: 'partial' })
    // A nested span, and a sibling label under the same top label, are partial as well.
    expect(flags([tag('ann1', 'a1', 0, 20, 'x'), tag('ann2', 'a2', 5, 10, 'y')])).toEqual({ x: 'partial', y: 'partial' })
  })

  it('calls a tag unique when nobody else overlaps it with its top label', () => {
    // Overlapping, but under another top label.
    expect(flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann2', 'b1', 5, 15, 'y')])).toEqual({ x: 'unique', y: 'unique' })
    // Touching is not overlapping: [0,10) and [10,20).
    expect(flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann2', 'a1', 10, 20, 'y')])).toEqual({ x: 'unique', y: 'unique' })
  })

  it("does not compare a tag with its own author's tags", () => {
    // ann1's two tags on one span with two labels are not a conflict; ann2's tag elsewhere makes two annotators.
    expect(flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann1', 'a2', 0, 10, 'y'), tag('ann2', 'b1', 50, 60, 'z')])).toEqual({ x: 'unique', y: 'unique', z: 'unique' })
  })

  it('sees a long earlier tag that reaches into a later one, whatever the input order', () => {
    const long = tag('ann1', 'a1', 0, 100, 'long')
    const between = tag('ann1', 'b1', 20, 30, 'between')
    const late = tag('ann2', 'a2', 80, 90, 'late')
    expect(flags([late, between, long])).toEqual({ long: 'partial', between: 'unique', late: 'partial' })
  })

  it('with several annotators, a conflict with anyone outweighs an agreement with someone else', () => {
    const result = flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann2', 'a1', 0, 10, 'y'), tag('ann3', 'a2', 0, 10, 'z')])
    expect(result).toEqual({ x: 'conflict', y: 'conflict', z: 'conflict' })
    // An agreement outweighs a partial overlap: ann3 only overlaps.
    expect(flags([tag('ann1', 'a1', 0, 10, 'x'), tag('ann2', 'a1', 0, 10, 'y'), tag('ann3', 'a1', 5, 15, 'z')])).toEqual({ z: 'partial' })
  })
})
