import { describe, expect, it } from 'vitest'
import { sentencesFormat } from './sentences'
import { corpus, pythonCheck, readFixture, writeCorpus } from './test-corpus'

describe('sentences format', () => {
  it('writes the corpus byte for byte as the expected file', () => {
    expect(writeCorpus(sentencesFormat).output).toBe(readFixture('corpus.sentences.jsonl'))
  })

  it("has every sentence's text at its offsets in Python (code points), without surrounding whitespace", () => {
    expect(pythonCheck('sentences', writeCorpus(sentencesFormat).output)).toBe(8)
  })

  it('counts sentences and those with labels', () => {
    const { writer } = writeCorpus(sentencesFormat)
    expect(writer.records()).toBe(8)
    expect(writer.report()).toEqual({ sentences: 8, sentencesWithLabels: 6 })
  })

  it('labels a sentence with a span that only touches its last character, and not the next sentence', () => {
    const doc = { ...corpus[1], spans: [{ ...corpus[0].spans[0], start: 10, end: 11, text: '。' }] }
    const rows = writeCorpus(sentencesFormat, {}, [doc]).output.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(rows.map((r) => r.labels)).toEqual([['重大行政决策'], []])
  })

  it('names its files per split part', () => {
    expect(sentencesFormat.fileName(null)).toBe('corpus.sentences.jsonl')
    expect(sentencesFormat.fileName('test')).toBe('test.sentences.jsonl')
  })
})
