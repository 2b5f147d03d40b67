import { describe, expect, it } from 'vitest'
import { choose, counts, evaluateSplits, evaluateSuggestions, matchSuggestions, spread } from './evaluate'
import type { GoldDocument, SuggestLabel, SuggestionCandidate } from './types'

const labels: SuggestLabel[] = [
  { id: 'X', path: '府院联动', parentId: null, keywords: ['府院联动'] },
  { id: 'Y', path: '营商环境', parentId: null, keywords: [] },
]
const cp = (s: string) => Array.from(s).length

function doc(id: string, sentences: [string, string | null][]): GoldDocument {
  let text = ''
  const tags: GoldDocument['tags'] = []
  for (const [sentence, labelId] of sentences) {
    const start = cp(text)
    text += sentence
    if (labelId) tags.push({ start, end: cp(text), labelId })
  }
  return { documentId: id, text, tags }
}

const S1 = '市政府与市中级人民法院建立府院联动工作机制，每季度召开联席会议。'
const S2 = '深化“放管服”改革，企业开办时间压缩至一个工作日以内。'
const FILLER = '全市各级行政机关认真贯彻落实中央决策部署。'

describe('matchSuggestions', () => {
  const gold = [{ start: 0, end: 10, labelId: 'X' }]
  const s = (start: number, end: number, labelId = 'X', score = 0.9): SuggestionCandidate => ({ start, end, labelId, score, source: 'model', ref: 'm' })

  it('needs the same label and an overlap of at least half the union', () => {
    expect(matchSuggestions([s(0, 10)], gold).right).toEqual([true])
    expect(matchSuggestions([s(0, 5)], gold).right).toEqual([true]) // 5 / 10
    expect(matchSuggestions([s(0, 4)], gold).right).toEqual([false])
    expect(matchSuggestions([s(2, 14)], gold).right).toEqual([true]) // 8 / 14
    expect(matchSuggestions([s(4, 16)], gold).right).toEqual([false]) // 6 / 16
    expect(matchSuggestions([s(0, 10, 'Y')], gold).right).toEqual([false])
  })

  it('matches each tag once, the best-scored suggestion first', () => {
    expect(matchSuggestions([s(0, 9, 'X', 0.5), s(0, 10, 'X', 0.8)], gold)).toEqual({ right: [false, true], matchedGold: [true] })
  })

  it('counts precision, recall and F1, with null where nothing was counted', () => {
    expect(counts(3, 1, 2)).toEqual({ tp: 3, fp: 1, fn: 2, precision: 0.75, recall: 0.6, f1: (2 * 0.75 * 0.6) / 1.35 })
    expect(counts(0, 0, 4)).toMatchObject({ precision: null, recall: 0, f1: null })
  })
})

describe('evaluateSuggestions', () => {
  // S1 (label X) is in A and B; S2 (label Y) only in C: held out, C has nobody to learn S2 from.
  const docs = [
    doc('A', [[FILLER, null], [S1, 'X']]),
    doc('B', [[S1.replace('每季度', '每月'), 'X'], [FILLER, null]]),
    doc('C', [[S2, 'Y'], [FILLER, null]]),
  ]
  const report = evaluateSuggestions(docs, labels, { sources: ['rule', 'propagation'] })

  it('splits by document: a passage is found only from another document', () => {
    expect(report.split).toEqual({ kind: 'leave-one-document-out', folds: 3, documents: 3, approvedTags: 3 })
    expect(report.bySource.propagation).toMatchObject({ tp: 2, fp: 0, fn: 1, precision: 1 })
    expect(report.byLabel.propagation.find((l) => l.labelId === 'Y')).toMatchObject({ tp: 0, fn: 1, recall: 0 })
  })

  it('scores the keyword rules on every document', () => {
    expect(report.bySource.rule).toMatchObject({ tp: 2, fp: 0, fn: 1 })
  })

  it('draws a learning curve over the number of training documents', () => {
    expect(report.learningCurve.map((p) => p.documents)).toEqual([1, 2])
    const [one, two] = report.learningCurve
    expect(two.bySource.propagation.tp).toBeGreaterThanOrEqual(one.bySource.propagation.tp)
    expect(two.approvedTags).toBe(2)
    expect(report.match).toContain('50 %')
  })

  it('notes when the model cannot train, instead of failing', () => {
    const withModel = evaluateSuggestions(docs, labels, { sources: ['model'], learningCurve: false })
    expect(withModel.bySource.model).toMatchObject({ tp: 0, fp: 0, fn: 3 })
    expect(withModel.notes.some((n) => n.startsWith('model not trained'))).toBe(true)
  })
})

describe('3 reports → 2', () => {
  it('chooses every training set of the given size once, the rest tested', () => {
    const splits = choose(5, 3)
    expect(splits).toHaveLength(10)
    expect(new Set(splits.map((s) => s.train.join(','))).size).toBe(10)
    for (const s of splits) expect([...s.train, ...s.test].sort()).toEqual([0, 1, 2, 3, 4])
  })

  it('gives the mean and spread over splits, skipping splits without a figure', () => {
    expect(spread([0.5, null, 1])).toEqual({ mean: 0.75, sd: Math.sqrt(0.125), min: 0.5, max: 1, n: 2 })
    expect(spread([null]).mean).toBeNull()
  })

  it('measures the rules per split on the test documents only, muting a keyword the training documents show to be wrong', () => {
    const kw: SuggestLabel[] = [{ id: 'X', path: '府院联动', parentId: null, keywords: ['府院联动', '联动'] }]
    const d = (id: string) => doc(id, [['府院联动机制健全。', 'X'], ['部门联动开展执法。', null], ['联动处置舆情。', null]])
    const report = evaluateSplits([d('a'), d('b'), d('c')], kw, choose(3, 2), { sources: ['rule'] })
    expect(report.splits).toBe(3)
    // 联动 is right once in three sentences per document: muted; 府院联动 always right.
    expect(report.pooled.rule).toMatchObject({ tp: 3, fp: 0, fn: 0 })
    const unlearnt = evaluateSplits([d('a'), d('b'), d('c')], kw, choose(3, 2), { sources: ['rule'], learnKeywords: false })
    expect(unlearnt.pooled.rule).toMatchObject({ tp: 3, fp: 6 })
    expect(report.summary.rule.precision).toMatchObject({ mean: 1, n: 3 })
  })
})
