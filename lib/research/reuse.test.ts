import { describe, expect, it } from 'vitest'
import { characterDiff, compareReports } from './reuse'

const previous = '一、全面推进依法行政。2019年办理行政复议案件120件。\n二、深化府院联动机制建设。加强行政执法监督。'
// Copies its predecessor: the figures changed (the same sentence), one sentence reworded, one added, one dropped.
const current = '一、全面推进依法行政。2020年办理行政复议案件135件。\n二、持续深化府院联动机制建设。建立合法性审查中心。'

describe('text reuse against the previous report', () => {
  it('counts identical, reworded, new and dropped sentences and their shares', () => {
    const { summary, entries } = compareReports(previous, current)
    expect(summary).toEqual({ sentences: 4, previousSentences: 4, identical: 2, reworded: 1, added: 1, dropped: 1, identicalShare: 0.5, reuseShare: 0.75 })
    expect(entries.map((e) => e.kind)).toEqual(['same', 'same', 'reworded', 'dropped', 'new'])
    const reworded = entries.find((e) => e.kind === 'reworded')
    expect(reworded?.kind === 'reworded' && reworded.parts).toEqual([
      { op: 'same', text: '二、' },
      { op: 'added', text: '持续' },
      { op: 'same', text: '深化府院联动机制建设。' },
    ])
    const added = entries.find((e) => e.kind === 'new')
    expect(added?.kind === 'new' && added.current.text).toBe('建立合法性审查中心。')
  })

  it('a report identical to its predecessor is reused entirely; an unrelated one not at all', () => {
    expect(compareReports(previous, previous).summary.reuseShare).toBe(1)
    const other = compareReports(previous, '今年没有任何相同的句子。完全不同的内容。')
    expect(other.summary).toMatchObject({ sentences: 2, identical: 0, reworded: 0, added: 2, dropped: 4, reuseShare: 0 })
  })

  it('ignores sentences without text once normalised, and an empty report has no share', () => {
    expect(compareReports('甲乙丙。。。', '甲乙丙。。').summary).toMatchObject({ sentences: 1, previousSentences: 1, identical: 1 })
    expect(compareReports('甲乙丙。', '').summary.reuseShare).toBeNull()
  })

  it('the character diff keeps astral characters whole', () => {
    expect(characterDiff('𠮷野家', '𠮷野屋')).toEqual([
      { op: 'same', text: '𠮷野' },
      { op: 'removed', text: '家' },
      { op: 'added', text: '屋' },
    ])
  })
})
