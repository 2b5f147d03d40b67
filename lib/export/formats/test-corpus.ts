// A small hand-made corpus shared by the format tests. Offsets are Unicode code points, written out
// by hand; tests/fixtures/export/make_expected.py derives them again in Python (from the quotes) to
// build the expected files, so a wrong number here makes the comparison fail.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ExportDocument, ExportFormat, ExportMeta, ExportSpan, FormatContext, FormatWriter } from '../types'

export const fixtureDir = path.resolve(import.meta.dirname, '../../../tests/fixtures/export')
export const readFixture = (name: string) => readFileSync(path.join(fixtureDir, name), 'utf8')

/** Top labels in taxonomy order: the CoNLL columns. */
export const topLabels = ['三项制度', '重大行政决策', '依法行政']

const A = 'ann-a@unit.test'
const B = 'ann-b@unit.test'
const REVIEWER = 'rev@unit.test'

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

function span(id: string, start: number, end: number, text: string, label: string, extra: Partial<ExportSpan> = {}): ExportSpan {
  return { id, start, end, text, label, label_path: label.split('/'), status: 'approved', annotator: A, reviewer: REVIEWER, source: 'manual', ...extra }
}

const noMeta: ExportMeta = { province: null, city: null, county: null, level: null, report_year: null, issuer: null, published: null, signed: null, source_url: null }

// 0 𠮷 | 1 市 | 2-7 推行公示制度 | 8 。 | 9 \r | 10 \n | 11 U+3000 | 12-15 严格执法 | 16 😀 | 17-18 记录 | 19 ；
// 20-21 决策 | 22 ！ | 23 𡈼 | 24 U+00A0 | 25 末
const text1 = '𠮷市推行公示制度。\r\n\u3000严格执法😀记录；决策！𡈼\u00a0末'
// 0-1 报告 | 2-5 （试行） | 6 ： | 7-9 无标注 | 10 。 | 11 \t | 12-15 第二句？
const text2 = '报告（试行）：无标注。\t第二句？'
// 0-1 U+3000 U+3000 | 2-3 他说 | 4 ： | 5 “ | 6-9 依法办事 | 10 。 | 11 ” | 12-13 然后 | 14 U+00A0 | 15-16 离开 | 17 !
const text3 = '\u3000\u3000他说：“依法办事。”然后\u00a0离开!'

export const corpus: ExportDocument[] = [
  {
    id: 'doc-1',
    title: '𠮷市2023年法治政府建设情况报告',
    text: text1,
    text_sha256: sha256(text1),
    meta: {
      province: '甘肃省',
      city: '兰州市',
      county: null,
      level: '市级',
      report_year: 2023,
      issuer: '兰州市人民政府',
      published: '2024-01-10',
      signed: null,
      source_url: 'https://example.gov.cn/a.html?x=1&y="2"',
    },
    spans: [
      span('d1-s01', 0, 1, '𠮷', '重大行政决策'), // first character, astral, nested in d1-s02 (another top label)
      span('d1-s02', 0, 2, '𠮷市', '依法行政'),
      span('d1-s03', 2, 8, '推行公示制度', '三项制度'),
      span('d1-s04', 4, 8, '公示制度', '三项制度/行政执法公示制度', { status: 'pending', reviewer: null }), // nested, same top label
      span('d1-s05', 6, 13, '制度。\r\n\u3000严', '依法行政'), // crosses a sentence end, \r\n and U+3000
      span('d1-s06', 12, 16, '严格执法', '三项制度'), // crosses d1-s07, same top label
      span('d1-s07', 14, 19, '执法😀记录', '三项制度/执法全过程记录制度'),
      span('d1-s08', 17, 21, '记录；决', '重大行政决策', { annotator: B, source: 'suggestion' }), // crosses d1-s07 (other top label) and a sentence end
      span('d1-s09', 25, 26, '末', '依法行政'), // last character, after 𡈼 and U+00A0
    ],
  },
  {
    id: 'doc-2',
    title: 'Title with "quotes", a back\\slash and a\ttab',
    text: text2,
    text_sha256: sha256(text2),
    meta: noMeta,
    spans: [],
  },
  {
    id: 'doc-3',
    title: '=SUM(A1) 山西省报告',
    text: text3,
    text_sha256: sha256(text3),
    meta: { ...noMeta, province: '山西省', report_year: 2019 },
    spans: [
      span('d3-s01', 0, 4, '\u3000\u3000他说', '依法行政', { annotator: B }), // starts with whitespace
      span('d3-s02', 6, 12, '依法办事。”', '三项制度/行政执法公示制度'),
      span('d3-s03', 13, 17, '后\u00a0离开', '重大行政决策'),
      span('d3-s04', 14, 15, '\u00a0', '依法行政', { status: 'rejected' }), // whitespace only
      span('d3-s05', 17, 18, '!', '三项制度'), // last character
    ],
  },
]

export const spanCount = corpus.reduce((n, d) => n + d.spans.length, 0)

/** Runs one writer over the whole corpus, as the engine does for a file. */
export function writeCorpus(format: ExportFormat, context: Partial<FormatContext> = {}, docs: ExportDocument[] = corpus): { output: string; writer: FormatWriter } {
  const writer = format.createWriter({ topLabels, conllLayers: 'per_top_label', ...context })
  let output = writer.head()
  for (const doc of docs) output += writer.document(doc)
  output += writer.tail()
  return { output, writer }
}

/**
 * Checks offsets with Python's own str (code points): tests/fixtures/export/check_offsets.py reads
 * `output` as `kind` and returns how many spans or sentences it checked.
 */
export function pythonCheck(kind: 'jsonl' | 'doccano' | 'label-studio' | 'sentences', output: string): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagbench-format-'))
  try {
    const file = path.join(dir, 'output')
    writeFileSync(file, output, 'utf8')
    const result = spawnSync('python3', [path.join(fixtureDir, 'check_offsets.py'), kind, file, path.join(fixtureDir, 'corpus.jsonl')], { encoding: 'utf8' })
    if (result.error) throw result.error
    if (result.status !== 0) throw new Error(`python3 check failed (${result.status}): ${result.stderr}`)
    return Number(result.stdout.trim())
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
