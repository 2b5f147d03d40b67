// The labelled demo set must fit the demo as the seed imports it: every quote found (at its
// occurrence) in the seeded text of its report, one whole sentence as lib/text/sentences.ts splits
// it (the unit of docs/decisions/0029), and every label path a label of the demo taxonomy.
// seeds/demo.test.ts checks that the seeded text is normaliseText(extractBody(…)), the text used here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { normaliseText } from '../lib/ingest/extract/normalise'
import { splitSentences } from '../lib/text/sentences'
import { extractBody } from './demo'
import { locateQuote, readLabelledSet } from './labelled'

const corpus = path.resolve(import.meta.dirname, 'corpus')
const metadata = JSON.parse(readFileSync(path.join(corpus, 'metadata.json'), 'utf8')) as {
  reports: { file: string; body_starts_with: string; body_ends_with: string }[]
}
const taxonomy = JSON.parse(readFileSync(path.join(corpus, 'taxonomy.json'), 'utf8')) as { labels: { name: string; children?: { name: string }[] }[] }
const labelPaths = new Set(taxonomy.labels.flatMap((top) => [top.name, ...(top.children ?? []).map((child) => `${top.name}/${child.name}`)]))

function seededText(file: string): string {
  const report = metadata.reports.find((r) => r.file === file)
  if (!report) throw new Error(`${file} is not a demo report`)
  return normaliseText(extractBody(readFileSync(path.join(corpus, 'reports', file), 'utf8'), report.body_starts_with, report.body_ends_with))
}

const labelled = await readLabelledSet()

describe('the labelled demo set', () => {
  it('labels each of the five demo reports once', () => {
    expect(labelled.map((r) => r.report).sort()).toEqual(metadata.reports.map((r) => r.file).sort())
    for (const report of labelled) expect(report.tags.length, report.report).toBeGreaterThan(0)
  })

  describe.each(labelled)('$report', (report) => {
    const text = seededText(report.report)
    const chars = Array.from(text)
    const sentences = new Set(splitSentences(text).map((s) => `${s.start}:${s.end}`))

    it('finds every quote at its occurrence in the seeded text, as one whole sentence', () => {
      for (const entry of report.tags) {
        const span = locateQuote(text, entry.quote, entry.occurrence)
        expect(span, `"${entry.quote.slice(0, 30)}…" (occurrence ${entry.occurrence}) is not in the text`).not.toBeNull()
        expect(chars.slice(span!.start, span!.end).join('')).toBe(entry.quote)
        expect(sentences.has(`${span!.start}:${span!.end}`), `"${entry.quote.slice(0, 30)}…" is not one whole sentence`).toBe(true)
      }
    })

    it('uses only label paths of the demo taxonomy, and no sentence twice with one label', () => {
      for (const entry of report.tags) expect(labelPaths.has(entry.label_path), entry.label_path).toBe(true)
      const keys = report.tags.map((t) => `${t.quote}\u0000${t.occurrence}\u0000${t.label_path}`)
      expect(new Set(keys).size).toBe(keys.length)
    })
  })
})

describe('locateQuote', () => {
  it('counts code points (astral characters are one) and finds the n-th occurrence', () => {
    const text = '𠮷甲。乙甲。𠮷甲。'
    expect(locateQuote(text, '甲。', 1)).toEqual({ start: 1, end: 3 })
    expect(locateQuote(text, '甲。', 2)).toEqual({ start: 4, end: 6 })
    expect(locateQuote(text, '𠮷甲。', 2)).toEqual({ start: 6, end: 9 })
    expect(locateQuote(text, '甲。', 4)).toBeNull()
    expect(locateQuote(text, '丙', 1)).toBeNull()
  })
})

describe('readLabelledSet', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagbench-labelled-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a file with a bad entry, or one that names another report, with its file name', async () => {
    writeFileSync(path.join(dir, '000_a.json'), JSON.stringify({ report: '000_a.txt', tags: [{ quote: '甲', occurrence: 0, label_path: '营商环境' }] }))
    await expect(readLabelledSet(dir)).rejects.toThrow(/000_a\.json is not valid.*occurrence/s)
    writeFileSync(path.join(dir, '000_a.json'), JSON.stringify({ report: '001_b.txt', tags: [] }))
    await expect(readLabelledSet(dir)).rejects.toThrow(/000_a\.json names another report/)
    writeFileSync(path.join(dir, '000_a.json'), JSON.stringify({ report: '000_a.txt', tags: [{ quote: '甲', occurrence: 1, label_path: '营商环境/政务服务' }] }))
    expect(await readLabelledSet(dir)).toEqual([{ report: '000_a.txt', tags: [{ quote: '甲', occurrence: 1, label_path: '营商环境/政务服务' }] }])
  })
})
