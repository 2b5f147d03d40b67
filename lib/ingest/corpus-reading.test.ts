// The five starting reports read through the import pipeline with no markers: each body and each
// metadata field must be what a careful reader took from the file (seeds/corpus/metadata.json).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractFile } from './extract'
import { readMetadata } from './metadata'
import { levelFromChinese } from './metadata/levels'

const corpus = path.resolve(import.meta.dirname, '../../seeds/corpus')
const metadata = JSON.parse(readFileSync(path.join(corpus, 'metadata.json'), 'utf8')) as {
  reports: Record<string, string | number | null>[]
}

describe.each(metadata.reports)('$file, read without markers', (report) => {
  it('finds the body and every metadata field the hand-read metadata gives', async () => {
    const file = String(report.file)
    const result = await extractFile(readFileSync(path.join(corpus, 'reports', file)), file)
    if (!result.ok) throw new Error(`${file}: refused: ${result.problem.message}`)
    const { text, body, page } = result.file
    expect(body, `${file}: body`).not.toBeNull()
    const bodyText = Array.from(text).slice(body!.start, body!.end).join('')
    expect(bodyText.startsWith(String(report.body_starts_with)), `${file}: the body starts with "${report.body_starts_with}", not "${bodyText.slice(0, 20)}"`).toBe(true)
    expect(bodyText.endsWith(String(report.body_ends_with)), `${file}: the body ends with "${report.body_ends_with}", not "${bodyText.slice(-20)}"`).toBe(true)

    const read = readMetadata({ text, body, page, fileName: file })
    const got = {
      title: read.title.value,
      issuer: read.issuer.value,
      published: read.published.value,
      signed: read.signed.value,
      report_year: read.reportYear.value,
      province: read.province.value,
      city: read.city.value,
      county: read.county.value,
      level: read.level.value,
    }
    const want = {
      title: report.title,
      issuer: report.issuer,
      published: report.published,
      signed: report.signed,
      report_year: report.report_year,
      province: report.province,
      city: report.city,
      county: report.county,
      // The hand-read levels are finer Chinese names (县级市, 县级（市辖区）); Tagbench stores five levels.
      level: report.level === null ? null : levelFromChinese(String(report.level)),
    }
    for (const name of Object.keys(want) as (keyof typeof want)[]) expect(got[name], `${file}: ${name}`).toBe(want[name])
  })
})
