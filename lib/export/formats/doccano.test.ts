import { describe, expect, it } from 'vitest'
import { doccanoFormat } from './doccano'
import { corpus, pythonCheck, readFixture, spanCount, writeCorpus } from './test-corpus'

describe('doccano format', () => {
  it('writes the corpus byte for byte as the expected file', () => {
    expect(writeCorpus(doccanoFormat).output).toBe(readFixture('corpus.doccano.jsonl'))
  })

  it('gives every span as [start, end, label] with code-point offsets Python slices correctly', () => {
    expect(pythonCheck('doccano', writeCorpus(doccanoFormat).output)).toBe(spanCount)
  })

  it('keeps the label key doccano reads, the metadata at top level, and counts documents', () => {
    const { output, writer } = writeCorpus(doccanoFormat)
    const records = output.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(records.map((r) => r.label.length)).toEqual(corpus.map((d) => d.spans.length))
    expect(records[0]).toMatchObject({ id: 'doc-1', province: '甘肃省', report_year: 2023, signed: null })
    expect(records[1].label).toEqual([])
    expect(writer.records()).toBe(corpus.length)
  })

  it('names its files per split part', () => {
    expect(doccanoFormat.fileName(null)).toBe('corpus.doccano.jsonl')
    expect(doccanoFormat.fileName('dev')).toBe('dev.doccano.jsonl')
  })
})
