import { describe, expect, it } from 'vitest'
import {
  type AgreementDocument,
  type AgreementReport,
  type AgreementSpan,
  type Interval,
  type LabelAgreement,
  type Level,
  type PairAgreement,
  cohensKappa,
  computeAgreement,
  countCommon,
  f1,
  intersectionLength,
  mergeSorted,
  sortDistinct,
  totalLength,
} from './agreement'

// Spans are written [start, end, 'top/leaf'] in the tests; the label string is split into a path.
type S = [number, number, string]

function span([start, end, label]: S): AgreementSpan {
  return { start, end, labelPath: label.split('/') }
}

function doc(id: string, length: number, annotations: Record<string, S[]>): AgreementDocument {
  return { id, length, annotations: new Map(Object.entries(annotations).map(([who, spans]) => [who, spans.map(span)])) }
}

function levelOf(report: AgreementReport, level: Level) {
  const found = report.levels.find((l) => l.level === level)
  if (!found) throw new Error(`no level ${level}`)
  return found
}

function onlyPair(report: AgreementReport, level: Level = 'top'): PairAgreement {
  const { pairs } = levelOf(report, level)
  expect(pairs).toHaveLength(1)
  return pairs[0]
}

function labelOf(pair: PairAgreement, label: string): LabelAgreement {
  const found = pair.labels.find((l) => l.label === label)
  if (!found) throw new Error(`no label ${label} in ${pair.annotatorA}/${pair.annotatorB}`)
  return found
}

describe('computeAgreement: a small example by hand', () => {
  // One document of 20 characters.
  //   A: [0,5) X, [10,15) Y
  //   B: [0,5) X, [12,18) Y
  const report = computeAgreement([
    doc('d1', 20, {
      A: [
        [0, 5, 'X'],
        [10, 15, 'Y'],
      ],
      B: [
        [0, 5, 'X'],
        [12, 18, 'Y'],
      ],
    }),
  ])
  const pair = onlyPair(report)

  it('pairs A with B over the one document', () => {
    expect(report.annotators).toEqual(['A', 'B'])
    expect(report.levels.map((l) => l.level)).toEqual(['top', 'leaf'])
    expect(pair).toMatchObject({ annotatorA: 'A', annotatorB: 'B', documents: 1, chars: 20 })
    expect(pair.labels.map((l) => l.label)).toEqual(['X', 'Y'])
  })

  it('computes X: identical spans agree fully', () => {
    // Exact: |A∩B| = 1, |A| = |B| = 1 → F1 = 2·1/(1+1) = 1.
    // Characters: CA = CB = [0,5) → 5 each, 5 in common → F1 = 2·5/(5+5) = 1.
    // Kappa over 20 characters: both 5, onlyA 0, onlyB 0, neither 15
    //   po = 20/20 = 1; pA = pB = 5/20 = 0.25; pe = 0.25·0.25 + 0.75·0.75 = 0.0625 + 0.5625 = 0.625
    //   kappa = (1 − 0.625)/(1 − 0.625) = 1.
    const x = labelOf(pair, 'X')
    expect(x.counts).toEqual({ spansA: 1, spansB: 1, matchedSpans: 1, charsA: 5, charsB: 5, charsBoth: 5, charsTotal: 20 })
    expect(x.exactF1).toBe(1)
    expect(x.overlapF1).toBe(1)
    expect(x.kappa).toBe(1)
  })

  it('computes Y: overlapping but different spans', () => {
    // Exact: [10,15) ≠ [12,18) → |A∩B| = 0 → F1 = 0/(1+1) = 0.
    // Characters: CA = [10,15) → 5, CB = [12,18) → 6, CA∩CB = [12,15) → 3 → F1 = 2·3/(5+6) = 6/11.
    // Kappa over 20 characters: both 3 (12..14), onlyA 2 (10, 11), onlyB 3 (15..17), neither 12
    //   po = (3 + 12)/20 = 0.75; pA = 5/20 = 0.25; pB = 6/20 = 0.3
    //   pe = 0.25·0.3 + 0.75·0.7 = 0.075 + 0.525 = 0.6
    //   kappa = (0.75 − 0.6)/(1 − 0.6) = 0.15/0.4 = 0.375.
    const y = labelOf(pair, 'Y')
    expect(y.counts).toEqual({ spansA: 1, spansB: 1, matchedSpans: 0, charsA: 5, charsB: 6, charsBoth: 3, charsTotal: 20 })
    expect(y.exactF1).toBe(0)
    expect(y.overlapF1).toBeCloseTo(6 / 11, 12)
    expect(y.kappa).toBeCloseTo(0.375, 12)
  })

  it('macro-averages over the two labels', () => {
    // exact (1 + 0)/2 = 0.5; overlap (1 + 6/11)/2 = 17/22; kappa (1 + 0.375)/2 = 0.6875.
    expect(pair.macro.labels).toBe(2)
    expect(pair.macro.kappaLabels).toBe(2)
    expect(pair.macro.exactF1).toBeCloseTo(0.5, 12)
    expect(pair.macro.overlapF1).toBeCloseTo(17 / 22, 12)
    expect(pair.macro.kappa).toBeCloseTo(0.6875, 12)
  })

  it('summarises the one pair as itself', () => {
    const { summary } = levelOf(report, 'top')
    expect(summary.pairs).toBe(1)
    expect(summary.labels.map((l) => [l.label, l.pairs, l.exactF1, l.overlapF1, l.kappa])).toEqual(
      pair.labels.map((l) => [l.label, 1, l.exactF1, l.overlapF1, l.kappa]),
    )
    expect(summary.macro.exactF1).toBeCloseTo(0.5, 12)
    expect(summary.macro.overlapF1).toBeCloseTo(17 / 22, 12)
    expect(summary.macro.kappa).toBeCloseTo(0.6875, 12)
  })

  it('gives the same figures at leaf level when every label is a top label', () => {
    expect(levelOf(report, 'leaf').pairs).toEqual(levelOf(report, 'top').pairs)
  })
})

describe('computeAgreement: levels', () => {
  // Two different leaves under one top label, on the same characters.
  const docs = [
    doc('d1', 10, {
      A: [[0, 5, '三项制度/执法全过程记录制度']],
      B: [[0, 5, '三项制度/重大执法决定法制审核制度']],
    }),
  ]
  const report = computeAgreement(docs)

  it('agrees at top level', () => {
    const pair = onlyPair(report, 'top')
    expect(pair.labels).toHaveLength(1)
    const top = labelOf(pair, '三项制度')
    expect(top.labelPath).toEqual(['三项制度'])
    expect(top.counts).toMatchObject({ spansA: 1, spansB: 1, matchedSpans: 1, charsBoth: 5 })
    expect([top.exactF1, top.overlapF1, top.kappa]).toEqual([1, 1, 1])
  })

  it('disagrees at leaf level: two labels, each used by one annotator only', () => {
    const pair = onlyPair(report, 'leaf')
    expect(pair.labels.map((l) => l.label)).toEqual(['三项制度/执法全过程记录制度', '三项制度/重大执法决定法制审核制度'])
    const a = labelOf(pair, '三项制度/执法全过程记录制度')
    expect(a.labelPath).toEqual(['三项制度', '执法全过程记录制度'])
    expect(a.counts).toMatchObject({ spansA: 1, spansB: 0, matchedSpans: 0, charsA: 5, charsB: 0, charsBoth: 0 })
    // Kappa over 10 characters: onlyA 5, neither 5 → po = 0.5; pA = 0.5, pB = 0
    //   pe = 0.5·0 + 0.5·1 = 0.5 → kappa = (0.5 − 0.5)/(1 − 0.5) = 0.
    expect([a.exactF1, a.overlapF1, a.kappa]).toEqual([0, 0, 0])
    const b = labelOf(pair, '三项制度/重大执法决定法制审核制度')
    expect(b.counts).toMatchObject({ spansA: 0, spansB: 1, charsA: 0, charsB: 5 })
    expect([b.exactF1, b.overlapF1, b.kappa]).toEqual([0, 0, 0])
  })

  it('reports only the levels asked for, in that order, once each', () => {
    expect(computeAgreement(docs, { levels: ['leaf'] }).levels.map((l) => l.level)).toEqual(['leaf'])
    expect(computeAgreement(docs, { levels: ['leaf', 'top', 'leaf'] }).levels.map((l) => l.level)).toEqual([
      'leaf',
      'top',
    ])
  })

  it('treats two leaves with the same start and end as one span at top level', () => {
    // A tags [0,5) twice under different leaves of one top label: a single top-level span.
    const pair = onlyPair(
      computeAgreement([
        doc('d1', 10, {
          A: [
            [0, 5, 'T/a'],
            [0, 5, 'T/b'],
          ],
          B: [[0, 5, 'T/a']],
        }),
      ]),
      'top',
    )
    expect(labelOf(pair, 'T').counts).toMatchObject({ spansA: 1, spansB: 1, matchedSpans: 1, charsA: 5 })
    expect(labelOf(pair, 'T').exactF1).toBe(1)
  })
})

describe('computeAgreement: spans of one annotator', () => {
  it('does not double-count characters of nested and overlapping spans', () => {
    // Doc of 20. A: [0,10) X, [2,5) X (nested), [8,14) X (crossing) → union [0,14) = 14 characters.
    // B: [0,10) X → 10 characters.
    // Characters: both [0,10) = 10 → overlap F1 = 2·10/(14+10) = 20/24 = 5/6.
    //   (Summing lengths instead of the union would give CA = 10+3+6 = 19.)
    // Exact: A has 3 distinct spans, B 1, one match ([0,10)) → F1 = 2·1/(3+1) = 0.5.
    // Kappa over 20: both 10, onlyA 4, onlyB 0, neither 6 → po = 16/20 = 0.8
    //   pA = 14/20 = 0.7, pB = 10/20 = 0.5; pe = 0.7·0.5 + 0.3·0.5 = 0.5 → kappa = (0.8 − 0.5)/0.5 = 0.6.
    const pair = onlyPair(
      computeAgreement([
        doc('d1', 20, {
          A: [
            [0, 10, 'X'],
            [2, 5, 'X'],
            [8, 14, 'X'],
          ],
          B: [[0, 10, 'X']],
        }),
      ]),
    )
    const x = labelOf(pair, 'X')
    expect(x.counts).toEqual({ spansA: 3, spansB: 1, matchedSpans: 1, charsA: 14, charsB: 10, charsBoth: 10, charsTotal: 20 })
    expect(x.overlapF1).toBeCloseTo(5 / 6, 12)
    expect(x.exactF1).toBeCloseTo(0.5, 12)
    expect(x.kappa).toBeCloseTo(0.6, 12)
  })

  it('counts each annotator’s intersection once when both have overlapping spans', () => {
    // A: [0,6) X, [4,10) X → [0,10); B: [2,5) X, [3,12) X → [2,12). Both: [2,10) = 8 characters.
    // (Pairwise intersections summed would give 3+2+3+6 = 14, more than either side covers.)
    const pair = onlyPair(
      computeAgreement([
        doc('d1', 12, {
          A: [
            [0, 6, 'X'],
            [4, 10, 'X'],
          ],
          B: [
            [2, 5, 'X'],
            [3, 12, 'X'],
          ],
        }),
      ]),
    )
    expect(labelOf(pair, 'X').counts).toMatchObject({ charsA: 10, charsB: 10, charsBoth: 8 })
    expect(labelOf(pair, 'X').overlapF1).toBeCloseTo(0.8, 12) // 2·8/(10+10)
  })

  it('counts duplicate identical spans once', () => {
    // A tags [0,5) X three times, B once: one distinct span each, one match → exact F1 = 2·1/(1+1) = 1.
    // (Counting duplicates would give 2·1/(3+1) = 0.5, or 2·3/(3+1) = 1.5 if each copy matched.)
    const pair = onlyPair(
      computeAgreement([
        doc('d1', 10, {
          A: [
            [0, 5, 'X'],
            [0, 5, 'X'],
            [0, 5, 'X'],
          ],
          B: [[0, 5, 'X']],
        }),
      ]),
    )
    const x = labelOf(pair, 'X')
    expect(x.counts).toMatchObject({ spansA: 1, spansB: 1, matchedSpans: 1, charsA: 5, charsB: 5, charsBoth: 5 })
    expect([x.exactF1, x.overlapF1, x.kappa]).toEqual([1, 1, 1])
  })

  it('does not match spans with the same offsets but different labels', () => {
    const pair = onlyPair(
      computeAgreement([
        doc('d1', 10, {
          A: [[0, 5, 'X']],
          B: [[0, 5, 'Y']],
        }),
      ]),
    )
    expect(pair.labels.map((l) => [l.label, l.counts.matchedSpans, l.counts.charsBoth, l.exactF1])).toEqual([
      ['X', 0, 0, 0],
      ['Y', 0, 0, 0],
    ])
  })
})

describe('computeAgreement: which documents and labels count for a pair', () => {
  it('leaves out documents that only one annotator of the pair annotated', () => {
    // d1 (10 chars): both tag [0,5) X. d2 (100 chars): only A, with a Z span and a disagreeing X.
    // d3 (50 chars): B has an empty list, which is not annotating it.
    // The pair sees d1 only: 1 document, 10 characters, label X with full agreement, no Z.
    const pair = onlyPair(
      computeAgreement([
        doc('d1', 10, { A: [[0, 5, 'X']], B: [[0, 5, 'X']] }),
        doc('d2', 100, {
          A: [
            [0, 50, 'X'],
            [60, 70, 'Z'],
          ],
        }),
        doc('d3', 50, { A: [[0, 5, 'X']], B: [] }),
      ]),
    )
    expect(pair.documents).toBe(1)
    expect(pair.chars).toBe(10)
    expect(pair.labels.map((l) => l.label)).toEqual(['X'])
    const x = labelOf(pair, 'X')
    expect(x.counts).toEqual({ spansA: 1, spansB: 1, matchedSpans: 1, charsA: 5, charsB: 5, charsBoth: 5, charsTotal: 10 })
    expect([x.exactF1, x.overlapF1, x.kappa]).toEqual([1, 1, 1])
  })

  it('counts a document for the pair even when they used different labels on it', () => {
    // d2: A tags X, B tags Y. It is shared; its characters count for every label's kappa.
    const pair = onlyPair(
      computeAgreement([
        doc('d1', 10, { A: [[0, 5, 'X']], B: [[0, 5, 'X']] }),
        doc('d2', 10, { A: [[0, 2, 'X']], B: [[8, 10, 'Y']] }),
      ]),
    )
    expect(pair.documents).toBe(2)
    expect(pair.chars).toBe(20)
    // X over 20 characters: A [0,5)+[0,2) = 7, B 5, both 5 → overlap F1 = 10/12.
    // Kappa: both 5, onlyA 2, onlyB 0, neither 13 → po = 18/20 = 0.9; pA = 0.35, pB = 0.25
    //   pe = 0.35·0.25 + 0.65·0.75 = 0.0875 + 0.4875 = 0.575 → kappa = (0.9 − 0.575)/0.425 = 0.325/0.425 = 13/17.
    const x = labelOf(pair, 'X')
    expect(x.counts).toMatchObject({ spansA: 2, spansB: 1, matchedSpans: 1, charsA: 7, charsB: 5, charsBoth: 5, charsTotal: 20 })
    expect(x.overlapF1).toBeCloseTo(10 / 12, 12)
    expect(x.exactF1).toBeCloseTo(2 / 3, 12) // 2·1/(2+1)
    expect(x.kappa).toBeCloseTo(13 / 17, 12)
    // Y: only B → F1 0, kappa 0.
    const y = labelOf(pair, 'Y')
    expect(y.counts).toMatchObject({ spansA: 0, spansB: 1, charsA: 0, charsB: 2, charsBoth: 0 })
    expect([y.exactF1, y.overlapF1, y.kappa]).toEqual([0, 0, 0])
  })

  it('gives F1 0 to a label only one annotator used, and leaves out labels neither used', () => {
    // Doc of 10. A: [0,5) X, [6,8) Y. B: [0,5) X. W is used by A on a document B did not annotate.
    // Y: |A| = 1, |B| = 0 → exact F1 = 0/(1+0) = 0; characters 2 vs 0 → overlap F1 = 0.
    //   Kappa: onlyA 2, neither 8 → po = 0.8; pA = 0.2, pB = 0 → pe = 0 + 0.8·1 = 0.8 → kappa = 0/0.2 = 0.
    const pair = onlyPair(
      computeAgreement([
        doc('d1', 10, {
          A: [
            [0, 5, 'X'],
            [6, 8, 'Y'],
          ],
          B: [[0, 5, 'X']],
        }),
        doc('d2', 10, { A: [[0, 3, 'W']] }),
      ]),
    )
    expect(pair.labels.map((l) => l.label)).toEqual(['X', 'Y'])
    const y = labelOf(pair, 'Y')
    expect(y.counts).toMatchObject({ spansA: 1, spansB: 0, matchedSpans: 0, charsA: 2, charsB: 0, charsBoth: 0 })
    expect([y.exactF1, y.overlapF1, y.kappa]).toEqual([0, 0, 0])
    // Macro: exact (1 + 0)/2 = 0.5, overlap 0.5, kappa (1 + 0)/2 = 0.5.
    expect(pair.macro).toEqual({ labels: 2, exactF1: 0.5, overlapF1: 0.5, kappa: 0.5, kappaLabels: 2 })
    for (const l of pair.labels) {
      expect(Number.isFinite(l.exactF1) && Number.isFinite(l.overlapF1)).toBe(true)
    }
  })

  it('leaves out a pair with no shared document', () => {
    const report = computeAgreement([doc('d1', 10, { A: [[0, 5, 'X']] }), doc('d2', 10, { B: [[0, 5, 'X']] })])
    expect(report.annotators).toEqual(['A', 'B'])
    const top = levelOf(report, 'top')
    expect(top.pairs).toEqual([])
    expect(top.summary).toEqual({ pairs: 0, labels: [], macro: { exactF1: null, overlapF1: null, kappa: null } })
  })

  it('handles no documents at all', () => {
    expect(computeAgreement([])).toEqual({
      annotators: [],
      levels: (['top', 'leaf'] as const).map((level) => ({
        level,
        pairs: [],
        summary: { pairs: 0, labels: [], macro: { exactF1: null, overlapF1: null, kappa: null } },
      })),
    })
  })
})

describe('computeAgreement: three annotators', () => {
  // Doc of 10, all three annotate it; inserted out of id order.
  //   ann-c: [0,5) X
  //   ann-a: [0,5) X, [5,10) Y
  //   ann-b: [0,5) X, [6,10) Y
  const report = computeAgreement([
    doc('d1', 10, {
      'ann-c': [[0, 5, 'X']],
      'ann-a': [
        [0, 5, 'X'],
        [5, 10, 'Y'],
      ],
      'ann-b': [
        [0, 5, 'X'],
        [6, 10, 'Y'],
      ],
    }),
  ])
  const top = levelOf(report, 'top')

  it('gives three pairs, each ordered by id', () => {
    expect(report.annotators).toEqual(['ann-a', 'ann-b', 'ann-c'])
    expect(top.pairs.map((p) => [p.annotatorA, p.annotatorB])).toEqual([
      ['ann-a', 'ann-b'],
      ['ann-a', 'ann-c'],
      ['ann-b', 'ann-c'],
    ])
    for (const p of top.pairs) expect(p.documents).toBe(1)
  })

  it('computes each pair on its own and averages labels over the pairs that list them', () => {
    // Y per pair:
    //   a–b: [5,10) vs [6,10): exact 0; chars 5, 4, both 4 → overlap 8/9;
    //        kappa over 10: both 4, onlyA 1, neither 5 → po 0.9; pA 0.5, pB 0.4
    //        pe = 0.2 + 0.3 = 0.5 → kappa = 0.4/0.5 = 0.8
    //   a–c: only a → 0, 0, kappa: po 0.5, pA 0.5, pB 0, pe 0.5 → 0
    //   b–c: only b → 0, 0, kappa: po 0.6, pA 0.4, pB 0, pe 0.6 → 0
    // X agrees fully in every pair: 1, 1, 1.
    const [ab, ac, bc] = top.pairs
    expect(labelOf(ab, 'Y').overlapF1).toBeCloseTo(8 / 9, 12)
    expect(labelOf(ab, 'Y').kappa).toBeCloseTo(0.8, 12)
    expect([labelOf(ac, 'Y').overlapF1, labelOf(ac, 'Y').kappa]).toEqual([0, 0])
    expect([labelOf(bc, 'Y').overlapF1, labelOf(bc, 'Y').kappa]).toEqual([0, 0])

    const x = top.summary.labels.find((l) => l.label === 'X')!
    expect(x).toEqual({ label: 'X', labelPath: ['X'], pairs: 3, exactF1: 1, overlapF1: 1, kappa: 1, kappaPairs: 3 })
    // Y summary: exact (0+0+0)/3 = 0; overlap (8/9 + 0 + 0)/3 = 8/27; kappa (0.8 + 0 + 0)/3 = 0.8/3.
    const y = top.summary.labels.find((l) => l.label === 'Y')!
    expect(y.pairs).toBe(3)
    expect(y.exactF1).toBe(0)
    expect(y.overlapF1).toBeCloseTo(8 / 27, 12)
    expect(y.kappa).toBeCloseTo(0.8 / 3, 12)
    // Summary macro = mean of the pairs' macros:
    //   a–b: exact (1+0)/2 = 0.5, overlap (1 + 8/9)/2 = 17/18, kappa (1 + 0.8)/2 = 0.9; a–c and b–c: 0.5, 0.5, 0.5.
    expect(top.summary.macro.exactF1).toBeCloseTo(0.5, 12)
    expect(top.summary.macro.overlapF1).toBeCloseTo((17 / 18 + 0.5 + 0.5) / 3, 12)
    expect(top.summary.macro.kappa).toBeCloseTo((0.9 + 0.5 + 0.5) / 3, 12)
  })

  it('does not count a label as 0 for pairs where neither annotator used it', () => {
    // Z is used by a and b only (on a second document c did not annotate): only the a–b pair lists it.
    const r = computeAgreement([
      doc('d1', 10, { a: [[0, 5, 'X']], b: [[0, 5, 'X']], c: [[0, 5, 'X']] }),
      doc('d2', 10, { a: [[0, 4, 'Z']], b: [[0, 4, 'Z']] }),
    ])
    const t = levelOf(r, 'top')
    expect(t.pairs.map((p) => p.labels.map((l) => l.label))).toEqual([['X', 'Z'], ['X'], ['X']])
    const z = t.summary.labels.find((l) => l.label === 'Z')!
    expect(z).toMatchObject({ pairs: 1, exactF1: 1, overlapF1: 1, kappa: 1 })
  })
})

describe('computeAgreement: perfect and degenerate agreement', () => {
  it('gives 1 everywhere when the annotators agree perfectly', () => {
    const spans: S[] = [
      [0, 5, 'X/a'],
      [3, 9, 'X/b'],
      [20, 30, 'Y/c'],
      [25, 40, 'Y/c'],
    ]
    const report = computeAgreement([doc('d1', 50, { A: spans, B: spans }), doc('d2', 30, { A: [[0, 1, 'Z']], B: [[0, 1, 'Z']] })])
    for (const level of report.levels) {
      const pair = onlyPair(report, level.level)
      for (const l of pair.labels) {
        expect([l.exactF1, l.overlapF1, l.kappa], `${level.level} ${l.label}`).toEqual([1, 1, 1])
      }
      expect(pair.macro).toMatchObject({ exactF1: 1, overlapF1: 1, kappa: 1 })
      expect(level.summary.macro).toEqual({ exactF1: 1, overlapF1: 1, kappa: 1 })
    }
  })

  it('defines kappa as 1 when 1 − pe = 0 because both cover every character', () => {
    // Doc of 8; both tag the whole text X: pA = pB = 1 → pe = 1·1 + 0·0 = 1, so 1 − pe = 0;
    // po = 8/8 = 1 → kappa is defined as 1 (not NaN).
    const pair = onlyPair(computeAgreement([doc('d1', 8, { A: [[0, 8, 'X']], B: [[0, 3, 'X'], [3, 8, 'X']] })]))
    const x = labelOf(pair, 'X')
    expect(x.counts).toMatchObject({ charsA: 8, charsB: 8, charsBoth: 8, charsTotal: 8 })
    expect(x.kappa).toBe(1)
    expect(x.overlapF1).toBe(1)
    expect(x.exactF1).toBe(0) // [0,8) vs [0,3) and [3,8): no span in common → 2·0/(1+2) = 0
  })
})

describe('f1', () => {
  it('is 2·both/(a+b), and 1 for two empty sets rather than NaN', () => {
    expect(f1(3, 5, 6)).toBeCloseTo(6 / 11, 12)
    expect(f1(0, 1, 0)).toBe(0)
    expect(f1(4, 4, 4)).toBe(1)
    expect(f1(0, 0, 0)).toBe(1) // never asked for by computeAgreement: such a label is left out
  })
})

describe('cohensKappa', () => {
  it('matches the hand example and the textbook formula', () => {
    expect(cohensKappa(20, 5, 6, 3)).toBeCloseTo(0.375, 12)
    // 100 items: both 40, onlyA 10, onlyB 20, neither 30 → po 0.7; pA 0.5, pB 0.6; pe 0.3 + 0.2 = 0.5 → 0.4.
    expect(cohensKappa(100, 50, 60, 40)).toBeCloseTo(0.4, 12)
    // Complete disagreement on a balanced split: po 0, pA 0.5, pB 0.5, pe 0.5 → −1.
    expect(cohensKappa(10, 5, 5, 0)).toBeCloseTo(-1, 12)
  })

  it('is 1 in the degenerate case with po = 1, null when it cannot be defined', () => {
    expect(cohensKappa(10, 10, 10, 10)).toBe(1) // all yes: pe = 1, po = 1
    expect(cohensKappa(10, 0, 0, 0)).toBe(1) // all no: pe = 1, po = 1
    expect(cohensKappa(10, 10, 10, 0)).toBeNull() // pe = 1 but po = 0: contradictory counts
    expect(cohensKappa(0, 0, 0, 0)).toBeNull() // no items
  })

  it('is exactly symmetric in the two raters', () => {
    for (const [n, a, b, both] of [
      [20, 5, 6, 3],
      [9973, 1234, 4321, 1000],
      [1_000_000, 123_457, 98_765, 54_321],
    ]) {
      expect(cohensKappa(n, a, b, both)).toBe(cohensKappa(n, b, a, both))
    }
  })
})

describe('computeAgreement: symmetry', () => {
  const spansP: S[] = [
    [0, 7, 'T/a'],
    [3, 12, 'T/b'],
    [20, 25, 'U/c'],
    [40, 44, 'T/a'],
  ]
  const spansQ: S[] = [
    [0, 7, 'T/a'],
    [5, 12, 'T/b'],
    [21, 26, 'U/c'],
    [30, 33, 'U/d'],
  ]

  it('does not depend on the order annotators appear in the input', () => {
    const one = computeAgreement([doc('d1', 50, { p: spansP, q: spansQ }), doc('d2', 20, { q: [[0, 4, 'T/a']], p: [[1, 4, 'T/a']] })])
    const two = computeAgreement([doc('d1', 50, { q: spansQ, p: spansP }), doc('d2', 20, { p: [[1, 4, 'T/a']], q: [[0, 4, 'T/a']] })])
    expect(two).toEqual(one)
    expect(JSON.stringify(two)).toBe(JSON.stringify(one))
  })

  it('gives the same figures, with A and B counts swapped, when the ids swap order', () => {
    // Same data, but the annotator who was A (smaller id) now has the larger id.
    const one = computeAgreement([doc('d1', 50, { a: spansP, b: spansQ })])
    const two = computeAgreement([doc('d1', 50, { a: spansQ, b: spansP })])
    for (const level of ['top', 'leaf'] as const) {
      const p1 = onlyPair(one, level)
      const p2 = onlyPair(two, level)
      expect(p2.labels.map((l) => l.label)).toEqual(p1.labels.map((l) => l.label))
      p1.labels.forEach((l1, i) => {
        const l2 = p2.labels[i]
        expect([l2.exactF1, l2.overlapF1, l2.kappa]).toEqual([l1.exactF1, l1.overlapF1, l1.kappa])
        expect(l2.counts).toEqual({
          ...l1.counts,
          spansA: l1.counts.spansB,
          spansB: l1.counts.spansA,
          charsA: l1.counts.charsB,
          charsB: l1.counts.charsA,
        })
      })
      expect(p2.macro).toEqual(p1.macro)
    }
  })
})

describe('computeAgreement: input checks and output shape', () => {
  it('rejects spans outside the document, empty spans and missing labels', () => {
    expect(() => computeAgreement([doc('d1', 10, { A: [[5, 11, 'X']] })])).toThrow(RangeError)
    expect(() => computeAgreement([doc('d1', 10, { A: [[-1, 3, 'X']] })])).toThrow(/d1.*A/)
    expect(() => computeAgreement([doc('d1', 10, { A: [[4, 4, 'X']] })])).toThrow(RangeError)
    expect(() => computeAgreement([doc('d1', 10, { A: [[1.5, 4, 'X']] })])).toThrow(RangeError)
    const noLabel: AgreementDocument = { id: 'd1', length: 10, annotations: new Map([['A', [{ start: 0, end: 1, labelPath: [] }]]]) }
    expect(() => computeAgreement([noLabel])).toThrow(RangeError)
    expect(() => computeAgreement([doc('d1', -1, {})])).toThrow(RangeError)
  })

  it('accepts spans at the very start and end of a document', () => {
    const pair = onlyPair(computeAgreement([doc('d1', 10, { A: [[0, 1, 'X'], [9, 10, 'X']], B: [[9, 10, 'X']] })]))
    expect(labelOf(pair, 'X').counts).toMatchObject({ charsA: 2, charsB: 1, charsBoth: 1, matchedSpans: 1 })
  })

  it('sorts labels by their key, whatever order they come in', () => {
    const report = computeAgreement([
      doc('d1', 30, {
        B: [
          [20, 25, 'Z/z'],
          [0, 5, 'A/b'],
        ],
        A: [
          [10, 15, 'M/m'],
          [0, 5, 'A/a'],
        ],
      }),
    ])
    const leaf = levelOf(report, 'leaf')
    expect(leaf.pairs[0].labels.map((l) => l.label)).toEqual(['A/a', 'A/b', 'M/m', 'Z/z'])
    expect(leaf.summary.labels.map((l) => l.label)).toEqual(['A/a', 'A/b', 'M/m', 'Z/z'])
    expect(levelOf(report, 'top').pairs[0].labels.map((l) => l.label)).toEqual(['A', 'M', 'Z'])

    // Across pairs too: a–b only meet on M, a–c only on A; the summary still lists A first.
    const across = computeAgreement([
      doc('d1', 10, { a: [[0, 5, 'M']], b: [[0, 5, 'M']] }),
      doc('d2', 10, { a: [[0, 5, 'A']], c: [[0, 5, 'A']] }),
    ])
    const top = levelOf(across, 'top')
    expect(top.pairs.map((p) => [p.annotatorA, p.annotatorB, p.labels.map((l) => l.label)])).toEqual([
      ['a', 'b', ['M']],
      ['a', 'c', ['A']],
    ])
    expect(top.summary.labels.map((l) => l.label)).toEqual(['A', 'M'])
  })

  it('survives a JSON round trip unchanged', () => {
    const report = computeAgreement([doc('d1', 20, { A: [[0, 5, 'X/x'], [10, 15, 'Y/y']], B: [[0, 5, 'X/x'], [12, 18, 'Y/z']] })])
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)
  })

  it('does not change its input', () => {
    const d = doc('d1', 20, { A: [[10, 15, 'Y'], [0, 5, 'X'], [0, 5, 'X']], B: [[12, 18, 'Y']] })
    const before = JSON.stringify([...d.annotations])
    computeAgreement([d])
    expect(JSON.stringify([...d.annotations])).toBe(before)
  })
})

// ---------------------------------------------------------------------------------------------
// The interval helpers against a character-by-character reference on random inputs.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomIntervals(rand: () => number, count: number, length: number): Interval[] {
  return Array.from({ length: count }, () => {
    const start = Math.floor(rand() * (length - 1))
    const end = start + 1 + Math.floor(rand() * Math.min(12, length - start))
    return { start, end: Math.min(end, length) }
  })
}

function charSet(intervals: Interval[]): Set<number> {
  const s = new Set<number>()
  for (const iv of intervals) for (let i = iv.start; i < iv.end; i++) s.add(i)
  return s
}

describe('interval helpers', () => {
  it('merge, measure and intersect like sets of characters', () => {
    const rand = mulberry32(7)
    for (let round = 0; round < 300; round++) {
      const length = 5 + Math.floor(rand() * 60)
      const a = randomIntervals(rand, Math.floor(rand() * 8), length)
      const b = randomIntervals(rand, Math.floor(rand() * 8), length)
      const ma = mergeSorted(sortDistinct(a))
      const mb = mergeSorted(sortDistinct(b))
      const ca = charSet(a)
      const cb = charSet(b)
      expect(totalLength(ma)).toBe(ca.size)
      expect(intersectionLength(ma, mb)).toBe([...ca].filter((c) => cb.has(c)).length)
      expect(intersectionLength(mb, ma)).toBe(intersectionLength(ma, mb))
      // Merged intervals are disjoint, sorted and not touching.
      for (let i = 1; i < ma.length; i++) expect(ma[i].start).toBeGreaterThan(ma[i - 1].end)
      // Exact matches: distinct (start, end) keys in common.
      const ka = new Set(a.map((iv) => `${iv.start}:${iv.end}`))
      const kb = new Set(b.map((iv) => `${iv.start}:${iv.end}`))
      expect(countCommon(sortDistinct(a), sortDistinct(b))).toBe([...ka].filter((k) => kb.has(k)).length)
      expect(sortDistinct(a)).toHaveLength(ka.size)
    }
  })

  it('merges touching and nested intervals', () => {
    expect(
      mergeSorted(
        sortDistinct([
          { start: 5, end: 8 },
          { start: 0, end: 5 },
          { start: 1, end: 2 },
          { start: 10, end: 12 },
        ]),
      ),
    ).toEqual([
      { start: 0, end: 8 },
      { start: 10, end: 12 },
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// Size: 200 documents × 3 annotators × 10,000 characters, 20 labels, ~50 spans per document and
// annotator, both levels, in well under 2 s.

function syntheticCorpus(seed: number): AgreementDocument[] {
  const rand = mulberry32(seed)
  const tops = ['领导', '制度', '执法', '监督', '化解']
  const paths = tops.flatMap((t) => [0, 1, 2, 3].map((i) => [t, `${t}-${i}`])) // 20 leaves under 5 tops
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]
  const docs: AgreementDocument[] = []
  for (let d = 0; d < 200; d++) {
    const length = 9_000 + Math.floor(rand() * 2_000)
    // A shared "truth" per document that each annotator follows loosely, so matches, overlaps and
    // disagreements all occur.
    const truth = Array.from({ length: 50 }, () => {
      const start = Math.floor(rand() * (length - 400))
      return { start, end: start + 5 + Math.floor(rand() * 300), labelPath: pick(paths) }
    })
    const annotations = new Map<string, AgreementSpan[]>()
    for (const who of ['u3', 'u1', 'u2']) {
      annotations.set(
        who,
        truth.map((t) => {
          const r = rand()
          if (r < 0.5) return { ...t, labelPath: [...t.labelPath] } // exact copy
          if (r < 0.7) {
            const start = Math.max(0, t.start + Math.floor(rand() * 11) - 5)
            return { start, end: Math.max(start + 1, t.end + Math.floor(rand() * 11) - 5), labelPath: [...t.labelPath] }
          }
          if (r < 0.85) return { ...t, labelPath: pick(paths) } // same text, maybe another label
          const start = Math.floor(rand() * (length - 400))
          return { start, end: start + 5 + Math.floor(rand() * 300), labelPath: pick(paths) }
        }),
      )
    }
    docs.push({ id: `doc-${d}`, length, annotations })
  }
  return docs
}

describe('computeAgreement: size', () => {
  // Its speed is measured by `npm run bench:review` (part 4), not here: a timed test fails on a loaded machine.
  it('computes 200 documents × 3 annotators at both levels', () => {
    const docs = syntheticCorpus(20240601)
    const report = computeAgreement(docs)

    expect(report.annotators).toEqual(['u1', 'u2', 'u3'])
    for (const level of report.levels) {
      expect(level.pairs).toHaveLength(3)
      for (const p of level.pairs) {
        expect(p.documents).toBe(200)
        expect(p.labels).toHaveLength(level.level === 'top' ? 5 : 20)
        for (const l of p.labels) {
          for (const v of [l.exactF1, l.overlapF1]) {
            expect(v).toBeGreaterThan(0)
            expect(v).toBeLessThan(1)
          }
          expect(l.kappa).not.toBeNull()
          expect(l.kappa!).toBeGreaterThan(0)
          expect(l.kappa!).toBeLessThan(1)
        }
      }
    }
  })
})
