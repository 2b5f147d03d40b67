import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkLine } from './corpus-jsonl'
import { openCorpus, type SourceLine } from './sources'

const text = '𠮷野家🙂报告：推行行政执法公示制度。'
const line = (spans: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'd1',
    title: '报告',
    text,
    meta: { province: '甘肃省', city: null, county: null, level: null, report_year: 2023, issuer: null, published: '2024-01-10', signed: null, source_url: null },
    text_sha256: createHash('sha256').update(text).digest('hex'),
    spans,
    ...extra,
  })
const span = (start: number, end: number, quote: string, extra: Record<string, unknown> = {}) => ({
  id: 't1',
  start,
  end,
  text: quote,
  label: '三项制度/行政执法公示制度',
  label_path: ['三项制度', '行政执法公示制度'],
  status: 'approved',
  annotator: 'a@example.org',
  reviewer: null,
  source: 'manual',
  ...extra,
})

describe('checkLine', () => {
  it('accepts spans counted in code points after astral characters', () => {
    const result = checkLine(line([span(0, 4, '𠮷野家🙂'), span(9, 17, '行政执法公示制度')]), 'line 1')
    expect(result.ok).toBe(true)
  })

  it('refuses offsets counted in UTF-16 units, naming the line and field', () => {
    const result = checkLine(line([span(13, 17, '执法公示')]), 'line 12')
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'line 12: spans.0.text', message: expect.stringMatching(/code points/) }] })
  })

  it('names each wrong field', () => {
    const result = checkLine(line([span(1.5, 3, 'x', { status: 'done', source: 'robot', label: 'other' })]), 'train.jsonl line 3')
    expect(result.ok).toBe(false)
    const paths = !result.ok ? result.issues.map((i) => `${i.path}: ${i.message}`) : []
    expect(paths).toContain('train.jsonl line 3: spans.0.start: must be a whole number')
    expect(paths).toContain('train.jsonl line 3: spans.0.status: must be one of pending, approved, rejected, needs_revision')
    expect(paths).toContain('train.jsonl line 3: spans.0.source: must be one of manual, suggestion, import')
  })

  it('refuses an empty label path, end before start, a wrong label string and a changed text', () => {
    const issues = (raw: string) => {
      const r = checkLine(raw, 'line 1')
      return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)
    }
    expect(issues(line([span(0, 1, '𠮷', { label_path: [], label: '' })]))).toEqual(['line 1: spans.0.label_path: must name at least one label'])
    expect(issues(line([span(2, 1, '野')]))[0]).toMatch(/^line 1: spans\.0\.end: must be greater than start/)
    expect(issues(line([span(0, 1, '𠮷', { label: '三项制度' })]))).toEqual(['line 1: spans.0.label: must be label_path joined with "/"'])
    expect(issues(line([], { text: `${text}。` }))).toEqual(['line 1: text_sha256: is not the SHA-256 of the text: the text was changed after export'])
    expect(issues(line([], { extra: true }))).toEqual(['line 1: has keys the export does not write: "extra"'])
  })
})

describe('openCorpus', () => {
  let folder: string
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'tagbench-corpus-'))
  })
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  async function linesOf(content: Buffer | string) {
    const file = path.join(folder, `f-${Math.random()}.jsonl`)
    await writeFile(file, content)
    const source = await openCorpus(file)
    const out: SourceLine[] = []
    for await (const l of source.lines()) out.push(l)
    return out
  }

  it('reads lines with CRLF, a BOM and blank lines, numbering them as an editor does', async () => {
    const out = await linesOf(`\ufeff{"a":1}\r\n\r\n{"b":"𠮷"}\n`)
    expect(out).toEqual([
      { where: 'line 1', raw: '{"a":1}\r' },
      { where: 'line 3', raw: '{"b":"𠮷"}' },
    ])
  })

  it('reports a line that is not UTF-8, and a last line without a newline', async () => {
    const out = await linesOf(Buffer.concat([Buffer.from('{"a":1}\n'), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from('{"c":3}')]))
    expect(out).toEqual([{ where: 'line 1', raw: '{"a":1}' }, { where: 'line 2', problem: 'is not valid UTF-8' }, { where: 'line 3', raw: '{"c":3}' }])
  })

  it('reads a folder export: its data files and the taxonomy of manifest.json', async () => {
    const dir = path.join(folder, 'export')
    await mkdir(dir)
    await writeFile(path.join(dir, 'train.jsonl'), '{"t":1}\n')
    await writeFile(path.join(dir, 'test.jsonl'), '{"t":2}\n')
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'jsonl', taxonomy: { labels: [{ id: 'x', path: ['三项制度'], color: '#2563eb' }] } }))
    const source = await openCorpus(dir)
    expect(source.files).toEqual(['train.jsonl', 'test.jsonl'])
    expect(source.taxonomy).toEqual([{ path: ['三项制度'], color: '#2563eb' }])
    const out: SourceLine[] = []
    for await (const l of source.lines()) out.push(l)
    expect(out).toEqual([
      { where: 'train.jsonl line 1', raw: '{"t":1}' },
      { where: 'test.jsonl line 1', raw: '{"t":2}' },
    ])

    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'conll' }))
    await expect(openCorpus(dir)).rejects.toThrow(/is a conll export; only Tagbench's own jsonl export can be imported/)
  })
})
