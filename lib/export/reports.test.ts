import { describe, expect, it } from 'vitest'
import { mergeReports } from './reports'

describe('mergeReports', () => {
  it('adds counts, joins lists and keeps settings once, as for three CoNLL parts', () => {
    const part = (docs: string[], notRepresented: number, byLabel: Record<string, number>, examples: string[]) => ({
      layers: 'per_top_label',
      columns: ['character', '三项制度', '依法行政'],
      policy: 'longest first',
      spansPlaced: 10,
      spansNotRepresented: notRepresented,
      notRepresentedByLabel: byLabel,
      notRepresentedExamples: examples,
      sentences: docs.length * 2,
      documents: docs.map((id) => ({ id, sentences: 2 })),
    })
    const merged = mergeReports([part(['a', 'b'], 2, { 三项制度: 2 }, ['t1', 't2']), part(['c'], 1, { 三项制度: 1, 依法行政: 0 }, ['t3']), part([], 0, {}, [])])
    expect(merged).toEqual({
      layers: 'per_top_label',
      columns: ['character', '三项制度', '依法行政'],
      policy: 'longest first',
      spansPlaced: 30,
      spansNotRepresented: 3,
      notRepresentedByLabel: { 三项制度: 3, 依法行政: 0 },
      notRepresentedExamples: ['t1', 't2', 't3'],
      sentences: 6,
      documents: [
        { id: 'a', sentences: 2 },
        { id: 'b', sentences: 2 },
        { id: 'c', sentences: 2 },
      ],
    })
  })

  it('returns one report unchanged, and does not change the reports it is given', () => {
    const report = { sentences: 3, sentencesWithLabels: 1, list: ['x'], nested: { a: 1 } }
    const copy = structuredClone(report)
    expect(mergeReports([report])).toEqual(copy)
    const merged = mergeReports([report, { sentences: 1, sentencesWithLabels: 1, list: ['y'], nested: { a: 2 } }])
    expect(merged).toEqual({ sentences: 4, sentencesWithLabels: 2, list: ['x', 'y'], nested: { a: 3 } })
    expect(report).toEqual(copy)
  })

  it('is empty for no reports and for formats that report nothing', () => {
    expect(mergeReports([])).toEqual({})
    expect(mergeReports([{}, {}, {}])).toEqual({})
  })
})
