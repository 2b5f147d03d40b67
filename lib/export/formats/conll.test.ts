import { describe, expect, it } from 'vitest'
import type { ExportDocument } from '../types'
import { conllColumns, conllFormat, conllPolicy } from './conll'
import { corpus, readFixture, spanCount, topLabels, writeCorpus } from './test-corpus'

/** A one-document corpus with spans given as [start, end, label]. */
function doc(text: string, spans: [number, number, string][]): ExportDocument {
  const chars = Array.from(text)
  return {
    ...corpus[1],
    text,
    spans: spans.map(([start, end, label], i) => ({ ...corpus[0].spans[0], id: `s${i + 1}`, start, end, label, label_path: label.split('/'), text: chars.slice(start, end).join('') })),
  }
}

const lines = (output: string) => output.split('\n')
/** The lines after the document's two comment lines. */
const body = (output: string) => lines(output).slice(2)

describe('conll format, one column per top label', () => {
  it('writes the corpus byte for byte as the hand-written expected file', () => {
    expect(writeCorpus(conllFormat).output).toBe(readFixture('corpus.per_top_label.conll'))
  })

  it('reports the spans it could not place (nested or crossing in the same column, whitespace only)', () => {
    const { writer } = writeCorpus(conllFormat)
    const report = writer.report()
    expect(report).toEqual({
      layers: 'per_top_label',
      columns: ['character', ...topLabels],
      policy: conllPolicy,
      spansPlaced: 11,
      spansNotRepresented: 3,
      notRepresentedByLabel: { '三项制度/行政执法公示制度': 1, 三项制度: 1, 依法行政: 1 },
      notRepresentedExamples: ['d1-s04', 'd1-s06', 'd3-s04'],
      // doc-1's first three sentences are one: 制度。\r\n\u3000严 and 记录；决 cross their ends.
      sentences: 6,
      sentencesJoined: 2,
      spansAcrossSentences: 2,
      documents: [
        { id: 'doc-1', sentences: 2 },
        { id: 'doc-2', sentences: 2 },
        { id: 'doc-3', sentences: 2 },
      ],
    })
    expect((report.spansPlaced as number) + (report.spansNotRepresented as number)).toBe(spanCount)
    expect(writer.records()).toBe(6)
  })

  it('has one column per top label', () => {
    expect(conllColumns({ topLabels, conllLayers: 'per_top_label' })).toEqual(topLabels)
    expect(conllColumns({ topLabels, conllLayers: 'single' })).toEqual(['label'])
  })
})

describe('conll format, a single column', () => {
  it('writes the corpus byte for byte as the hand-written expected file', () => {
    expect(writeCorpus(conllFormat, { conllLayers: 'single' }).output).toBe(readFixture('corpus.single.conll'))
  })

  it('reports every span that lost its place to a longer or earlier one', () => {
    const report = writeCorpus(conllFormat, { conllLayers: 'single' }).writer.report()
    expect(report).toMatchObject({
      layers: 'single',
      columns: ['character', 'label'],
      spansPlaced: 8,
      spansNotRepresented: 6,
      notRepresentedExamples: ['d1-s03', 'd1-s04', 'd1-s06', 'd1-s08', 'd1-s01', 'd3-s04'],
    })
    expect(report.notRepresentedByLabel).toEqual({ 三项制度: 2, '三项制度/行政执法公示制度': 1, 重大行政决策: 2, 依法行政: 1 })
  })
})

describe('conll overlap policy', () => {
  const single = (d: ExportDocument) => writeCorpus(conllFormat, { conllLayers: 'single' }, [d])

  it('places the longest span first, whatever the order', () => {
    const { output, writer } = single(doc('甲乙丙丁戊', [[0, 2, '甲'], [1, 5, '乙']]))
    expect(body(output)).toEqual(['甲\tO', '乙\tB-乙', '丙\tI-乙', '丁\tI-乙', '戊\tI-乙', '', ''])
    expect(writer.report()).toMatchObject({ spansPlaced: 1, spansNotRepresented: 1, notRepresentedExamples: ['s1'] })
  })

  it('places the earlier of two equally long crossing spans', () => {
    const { output } = single(doc('甲乙丙丁戊', [[2, 5, '乙'], [0, 3, '甲']]))
    expect(body(output)).toEqual(['甲\tB-甲', '乙\tI-甲', '丙\tI-甲', '丁\tO', '戊\tO', '', ''])
  })

  it('starts adjacent spans of one label afresh with B-', () => {
    const { output } = single(doc('甲乙丙丁', [[0, 2, '甲'], [2, 4, '甲']]))
    expect(body(output)).toEqual(['甲\tB-甲', '乙\tI-甲', '丙\tB-甲', '丁\tI-甲', '', ''])
  })

  it('never cuts a span: the sentences it crosses are one CoNLL sentence, and whitespace is left out', () => {
    const { output, writer } = single(doc('甲。\r\n\u3000乙丙！丁', [[1, 8, '甲']]))
    expect(body(output)).toEqual(['甲\tO', '。\tB-甲', '乙\tI-甲', '丙\tI-甲', '！\tI-甲', '', '丁\tO', '', ''])
    expect(writer.report()).toMatchObject({ sentences: 2, sentencesJoined: 1, spansAcrossSentences: 1, documents: [{ id: 'doc-2', sentences: 2 }] })
  })

  it('writes a span over three sentences as one entity, and counts each sentence end it joined', () => {
    const text = '一。二。三。四。'
    const { output, writer } = single(doc(text, [[2, 6, '甲'], [6, 8, '乙']]))
    const entities = body(output).filter((line) => line.includes('\tB-')).length
    expect(entities).toBe(2)
    expect(body(output)).toEqual(['一\tO', '。\tO', '', '二\tB-甲', '。\tI-甲', '三\tI-甲', '。\tI-甲', '', '四\tB-乙', '。\tI-乙', '', ''])
    expect(writer.report()).toMatchObject({ sentences: 3, sentencesJoined: 1, spansAcrossSentences: 1 })
  })

  it('joins no sentence for a span it could not place', () => {
    const { output, writer } = single(doc('一。二。', [[0, 4, '甲'], [1, 3, '乙']]))
    expect(body(output)).toEqual(['一\tB-甲', '。\tI-甲', '二\tI-甲', '。\tI-甲', '', ''])
    expect(writer.report()).toMatchObject({ spansPlaced: 1, spansNotRepresented: 1, sentencesJoined: 1, spansAcrossSentences: 1 })
  })

  it('starts each document with its id and title as comment lines, whitespace in them flattened', () => {
    const d = { ...doc('甲。', []), id: 'doc-x', title: '标题\t一\n二' }
    expect(lines(single(d).output).slice(0, 2)).toEqual(['# doc_id = doc-x', '# title = 标题 一 二'])
  })
})
