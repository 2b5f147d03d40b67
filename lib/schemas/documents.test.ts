import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { createDocumentSchema } from './documents'

const corpus = path.resolve(import.meta.dirname, '../../seeds/corpus')
const metadata = JSON.parse(readFileSync(path.join(corpus, 'metadata.json'), 'utf8')) as {
  reports: {
    file: string
    title: string
    province: string | null
    city: string | null
    county: string | null
    level: string | null
    report_year: number | null
    issuer: string | null
    published: string | null
    signed: string | null
  }[]
}

/** A document as the seed imports it. */
function seedInput(report: (typeof metadata.reports)[number]) {
  return {
    title: report.title,
    text: readFileSync(path.join(corpus, 'reports', report.file), 'utf8'),
    meta: {
      province: report.province,
      city: report.city,
      county: report.county,
      level: report.level,
      report_year: report.report_year,
      issuer: report.issuer,
      published: report.published,
      signed: report.signed,
      original_file_name: report.file,
    },
  }
}

const valid = { title: '某市2022年法治政府建设情况报告', text: '一、总体情况\n2022年，我市……', meta: { province: '山西省', report_year: 2022 } }

/** The issues of a refused input, as "path: message" lines. */
function issuesOf(input: unknown): string[] {
  const result = createDocumentSchema.safeParse(input)
  expect(result.success, 'the input should have been refused').toBe(false)
  return (result.error as z.ZodError).issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('createDocumentSchema', () => {
  it.each(metadata.reports)('accepts the seed report $file with its metadata', (report) => {
    const input = seedInput(report)
    const parsed = createDocumentSchema.parse(input)
    expect(parsed.title).toBe(report.title)
    expect(parsed.text).toBe(input.text)
    expect(parsed.meta).toEqual(input.meta)
  })

  it('keeps the text exactly as given (no trimming or normalising)', () => {
    const text = '\u3000\u3000一、总体情况\r\n𠮷🙂 \u00a0结尾\n'
    expect(createDocumentSchema.parse({ ...valid, text }).text).toBe(text)
  })

  it('trims the title and defaults the metadata to empty', () => {
    const parsed = createDocumentSchema.parse({ title: '  报告  ', text: '正文' })
    expect(parsed.title).toBe('报告')
    expect(parsed.meta).toEqual({})
  })

  it('refuses NUL characters in the text', () => {
    expect(issuesOf({ ...valid, text: '正文\u0000正文' })).toEqual(['text: must not contain NUL characters'])
  })

  it('refuses lone surrogates in the text', () => {
    for (const text of ['正文\ud842', '\udfb7正文', '前\ud83d后']) {
      const issues = issuesOf({ ...valid, text })
      expect(issues).toHaveLength(1)
      expect(issues[0]).toMatch(/^text: .*lone surrogate/)
    }
  })

  it('refuses an empty text and an empty title', () => {
    expect(issuesOf({ ...valid, text: '' })).toEqual(['text: must not be empty'])
    expect(issuesOf({ ...valid, title: '' })).toEqual(['title: must not be empty'])
    expect(issuesOf({ ...valid, title: ' \u3000 ' })).toEqual(['title: must not be empty'])
  })

  it('refuses unknown meta keys and names them', () => {
    const issues = issuesOf({ ...valid, meta: { ...valid.meta, provice: '山西省' } })
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatch(/^meta: .*provice/)
  })

  it('refuses unknown top-level keys', () => {
    const issues = issuesOf({ ...valid, projectId: 'p1' })
    expect(issues.join('\n')).toContain('projectId')
  })

  it.each(['2022-13-01', '2022-02-30', '2022/01/12', '12 Jan 2023', '2023-1-12', ''])('refuses the bad date %j', (date) => {
    expect(issuesOf({ ...valid, meta: { published: date } })).toEqual(['meta.published: must be a date as YYYY-MM-DD'])
    expect(issuesOf({ ...valid, meta: { signed: date } })).toEqual(['meta.signed: must be a date as YYYY-MM-DD'])
  })

  it('accepts real dates, including a leap day', () => {
    expect(createDocumentSchema.parse({ ...valid, meta: { published: '2024-02-29', signed: '2023-01-12' } }).meta).toEqual({
      published: '2024-02-29',
      signed: '2023-01-12',
    })
  })

  it('refuses report years out of range or not whole', () => {
    expect(issuesOf({ ...valid, meta: { report_year: 1948 } })).toEqual(['meta.report_year: must be 1949 or later'])
    expect(issuesOf({ ...valid, meta: { report_year: 2101 } })).toEqual(['meta.report_year: must be 2100 or earlier'])
    expect(issuesOf({ ...valid, meta: { report_year: 2022.5 } })).toEqual(['meta.report_year: must be a whole year'])
    for (const year of [1949, 2100]) expect(createDocumentSchema.parse({ ...valid, meta: { report_year: year } }).meta.report_year).toBe(year)
  })

  it('refuses a source_url that is not an http(s) URL', () => {
    for (const url of ['not a url', 'www.gov.cn/report', '', 'javascript:alert(1)', 'data:text/html,x', 'ftp://gov.cn/a']) {
      expect(issuesOf({ ...valid, meta: { source_url: url } })).toEqual(['meta.source_url: must be an http or https URL'])
    }
    const url = 'http://sfj.lanzhou.gov.cn/art/2024/1/10/art_1.html'
    expect(createDocumentSchema.parse({ ...valid, meta: { source_url: url } }).meta.source_url).toBe(url)
  })

  it('refuses NUL and lone surrogates in the title and metadata, not only the text', () => {
    expect(issuesOf({ ...valid, title: 'NUL\u0000title' })).toEqual(['title: must not contain NUL characters'])
    expect(issuesOf({ ...valid, title: 'half \ud842' })).toEqual(['title: must be well-formed Unicode (it contains a lone surrogate)'])
    expect(issuesOf({ ...valid, meta: { city: 'a\u0000b' } })).toEqual(['meta.city: must not contain NUL characters'])
  })

  it('names every problem of an input at once', () => {
    const issues = issuesOf({ title: '', text: 'a\u0000', meta: { report_year: 3000, published: 'soon' } })
    expect(issues.map((i) => i.split(':')[0]).sort()).toEqual(['meta.published', 'meta.report_year', 'text', 'title'])
  })
})
