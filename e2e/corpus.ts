// The demo corpus as the seed files describe it, so specs compare the pages against the source
// data instead of copying titles, years and labels into the tests.
import { levelFromChinese } from '../lib/ingest/metadata/levels'
import zhMessages from '../messages/zh-CN.json' with { type: 'json' }
import { readFileSync } from 'node:fs'
import path from 'node:path'

const corpusDir = path.resolve('seeds', 'corpus')

export interface Report {
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
  body_starts_with: string
  body_ends_with: string
}

export interface TaxonomyLabel {
  name: string
  en: string
  color?: string
  key?: string
  guideline: string
  guideline_zh: string
  keywords: string[]
  children: TaxonomyLabel[]
}

export const reports: Report[] = JSON.parse(readFileSync(path.join(corpusDir, 'metadata.json'), 'utf8')).reports
export const taxonomy: { name: string; version: number; labels: TaxonomyLabel[] } = JSON.parse(readFileSync(path.join(corpusDir, 'taxonomy.json'), 'utf8'))

/** The report file as downloaded, page chrome included. */
export function fileOf(report: Report): string {
  return readFileSync(path.join(corpusDir, 'reports', report.file), 'utf8')
}

/** The report's own text and the page chrome around it, split at the body markers of metadata.json. */
export function partsOf(report: Report): { body: string; before: string; after: string } {
  const file = fileOf(report)
  const start = file.indexOf(report.body_starts_with)
  const end = file.lastIndexOf(report.body_ends_with) + report.body_ends_with.length
  if (start < 0 || end < start) throw new Error(`The body markers of ${report.file} are not in the file.`)
  return { body: file.slice(start, end), before: file.slice(0, start), after: file.slice(end) }
}

/** Lines of page chrome (outside the body markers) that do not also occur in the body. */
export function chromeLines(report: Report): string[] {
  const { body, before, after } = partsOf(report)
  return `${before}\n${after}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length >= 2 && !squash(body).includes(squash(line)))
}

/** Text with every whitespace character removed, to compare text across paragraph breaks. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '')
}

const NUM = '[一二三四五六七八九十百零〇]+'

/** Numbered section headings that start a line of the body ("一、…", "（一）…"), as their first clause. */
export function sectionHeadings(report: Report): { level: 1 | 2; title: string }[] {
  const level1 = new RegExp(`^${NUM}、`)
  const level2 = new RegExp(`^[（(]${NUM}[)）]`)
  return partsOf(report)
    .body.split('\n')
    .map((line) => line.trim())
    .flatMap((line) => {
      const level = level1.test(line) ? 1 : level2.test(line) ? 2 : null
      return level ? [{ level, title: line.split(/[。；;！？]/)[0].trim() }] : []
    })
}

export const yearText = (report: Report) => (report.report_year === null ? '未注明' : String(report.report_year))

export function byFile(prefix: string): Report {
  const report = reports.find((r) => r.file.startsWith(prefix))
  if (!report) throw new Error(`No report ${prefix} in metadata.json.`)
  return report
}

/** The level as the UI shows it: imports keep one of five levels, the hand-read file names finer ones (县级市, 县级（市辖区）). */
export function levelWords(report: Report): string | null {
  if (report.level === null) return null
  const level = levelFromChinese(report.level)
  return level ? zhMessages.document.levels[level] : report.level
}

