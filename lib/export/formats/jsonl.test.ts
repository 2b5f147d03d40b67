import { describe, expect, it } from 'vitest'
import { splitParts } from '../types'
import { jsonlFormat } from './jsonl'
import { corpus, pythonCheck, readFixture, spanCount, writeCorpus } from './test-corpus'

describe('jsonl format', () => {
  it('writes the corpus byte for byte as the expected file', () => {
    expect(writeCorpus(jsonlFormat).output).toBe(readFixture('corpus.jsonl'))
  })

  it("has every span's text at its offsets in Python (code points)", () => {
    expect(pythonCheck('jsonl', writeCorpus(jsonlFormat).output)).toBe(spanCount)
  })

  it('writes one line per document, the one without spans included, and counts them', () => {
    const { output, writer } = writeCorpus(jsonlFormat)
    const lines = output.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(corpus.map((d) => d.id))
    expect(JSON.parse(lines[1]).spans).toEqual([])
    expect(writer.records()).toBe(corpus.length)
    expect(writer.report()).toEqual({})
  })

  it('writes nothing for no documents, and names its files per split part', () => {
    expect(writeCorpus(jsonlFormat, {}, []).output).toBe('')
    expect(jsonlFormat.fileName(null)).toBe('corpus.jsonl')
    expect(splitParts.map((p) => jsonlFormat.fileName(p))).toEqual(['train.jsonl', 'dev.jsonl', 'test.jsonl'])
  })
})
