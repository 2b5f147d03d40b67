import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractBody } from '../../seeds/demo'
import { buildOutline, type OutlineEntry } from './outline'

/** Code-point offset of the first occurrence of `needle`, counted the way Python's str.find counts. */
function codePointIndexOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from)
  if (at < 0) throw new Error(`"${needle}" is not in the text`)
  return [...text.slice(0, at)].length
}

/** The text at a code-point offset, `n` code points long. */
function at(text: string, start: number, n: number): string {
  return [...text].slice(start, start + n).join('')
}

/** The heading's printed title without the ellipsis that marks a shortened title. */
function titleText(entry: OutlineEntry): string {
  return entry.title.endsWith('…') ? entry.title.slice(0, -1) : entry.title
}

const NUM = '[一二三四五六七八九十百零〇]+'
const headingShape: Record<OutlineEntry['level'], RegExp> = {
  1: new RegExp(`^${NUM}、`),
  2: new RegExp(`^[（(]${NUM}[)）]`),
  3: new RegExp(`^(?:${NUM}是|\\d{1,2}[.．、]|[（(]\\d{1,2}[)）])`),
}

describe('buildOutline', () => {
  it('finds level 1, 2 and 3 headings with their code-point offsets', () => {
    const text = [
      '现将有关情况报告如下：',
      '一、总体情况',
      '（一）加强组织领导',
      '(二)完善制度建设',
      '我们主要做了三件事。一是建章立制；二是强化督查。',
      '1. 推进立法',
      '2、规范执法',
      '（3）公正司法',
      '二、存在的不足',
    ].join('\n')
    const expected: { level: 1 | 2 | 3; heading: string; title: string }[] = [
      { level: 1, heading: '一、总体情况', title: '一、总体情况' },
      { level: 2, heading: '（一）加强组织领导', title: '（一）加强组织领导' },
      { level: 2, heading: '(二)完善制度建设', title: '(二)完善制度建设' },
      { level: 3, heading: '一是建章立制', title: '一是建章立制' },
      { level: 3, heading: '二是强化督查', title: '二是强化督查' },
      { level: 3, heading: '1. 推进立法', title: '1. 推进立法' },
      { level: 3, heading: '2、规范执法', title: '2、规范执法' },
      { level: 3, heading: '（3）公正司法', title: '（3）公正司法' },
      { level: 1, heading: '二、存在的不足', title: '二、存在的不足' },
    ]
    const outline = buildOutline(text)
    expect(outline).toEqual(expected.map((e) => ({ level: e.level, title: e.title, start: codePointIndexOf(text, e.heading) })))
    for (const [i, entry] of outline.entries()) {
      expect(at(text, entry.start, [...expected[i].heading].length)).toBe(expected[i].heading)
    }
  })

  it('counts offsets in code points when astral characters (𠮷, 🙂) come before a heading', () => {
    const text = '𠮷🙂序言。\n\u3000\u3000一、总体情况\n𠮷野家的做法。一是𡈼路改造；二是🙂服务\n（一）工作举措'
    const outline = buildOutline(text)
    expect(outline.map((e) => e.level)).toEqual([1, 3, 3, 2])
    const headings = ['一、总体情况', '一是𡈼路改造', '二是🙂服务', '（一）工作举措']
    for (const [i, heading] of headings.entries()) {
      const start = codePointIndexOf(text, heading)
      expect(outline[i].start).toBe(start)
      expect(at(text, outline[i].start, [...heading].length)).toBe(heading)
    }
    // UTF-16 indexes would be larger by one per astral character before the heading.
    expect(outline[0].start).toBeLessThan(text.indexOf('一、总体情况'))
  })

  it('points past the indentation and keeps offsets right with \\r\\n line ends', () => {
    const text = '前言。\r\n\u3000\u3000一、总体情况\r\n  （一）加强领导\r\n\u00a01、第一项\r\n'
    const outline = buildOutline(text)
    const headings = ['一、总体情况', '（一）加强领导', '1、第一项']
    expect(outline.map((e) => e.start)).toEqual(headings.map((h) => codePointIndexOf(text, h)))
    expect(outline.map((e) => e.title)).toEqual(headings)
  })

  it('shortens a heading to its first clause', () => {
    const text = '一、强化思想引领。统筹推进法治政府建设'
    expect(buildOutline(text)).toEqual([{ level: 1, title: '一、强化思想引领', start: 0 }])
  })

  it('does not take years, amounts or ordinary words for headings', () => {
    const lines = [
      '2022年，全市法治政府建设取得新进展。',
      '1.5亿元用于公共法律服务体系建设。',
      '12.5%的行政争议得到实质性化解。',
      '2023年1月12日',
      '十九大以来，我市坚持依法行政。',
      '一年来，各项工作稳步推进。',
      '标准统一是执法规范的前提。',
    ]
    for (const line of lines) expect(buildOutline(line), line).toEqual([])
    expect(buildOutline(lines.join('\n'))).toEqual([])
  })

  it('returns nothing for an empty text', () => {
    expect(buildOutline('')).toEqual([])
  })
})

describe('buildOutline over the seeded reports', () => {
  const corpus = path.resolve(import.meta.dirname, '../../seeds/corpus')
  const metadata = JSON.parse(readFileSync(path.join(corpus, 'metadata.json'), 'utf8')) as {
    reports: { file: string; body_starts_with: string; body_ends_with: string }[]
  }
  const bodies = metadata.reports.map((r) => ({
    file: r.file,
    text: extractBody(readFileSync(path.join(corpus, 'reports', r.file), 'utf8'), r.body_starts_with, r.body_ends_with),
  }))

  it('reads all five seeded reports', () => {
    expect(bodies).toHaveLength(5)
  })

  it.each(bodies)('$file: every entry starts at its heading text, in document order', ({ text }) => {
    const outline = buildOutline(text)
    expect(outline.length).toBeGreaterThan(0)
    const chars = [...text]
    let previous = -1
    for (const entry of outline) {
      const here = chars.slice(entry.start).join('')
      expect(here.startsWith(titleText(entry)), `${entry.title} at ${entry.start}`).toBe(true)
      expect(here, entry.title).toMatch(headingShape[entry.level])
      expect(entry.start).toBeGreaterThan(previous)
      previous = entry.start
    }
  })

  // 003 lost its line breaks: its level-1 headings sit inside a line after "。 ".
  it.each(bodies)('$file: has level-1 sections', ({ text }) => {
    const level1 = buildOutline(text).filter((e) => e.level === 1)
    expect(level1.length).toBeGreaterThan(0)
    expect(at(text, level1[0].start, 2)).toBe('一、')
  })
})

describe('headings inside a line', () => {
  it('finds 一、 and (一) that start a sentence inside a line, not those inside a sentence', () => {
    const text = '前言。 一、强化思想引领。内容（一）不是标题。(二)推进决策。'
    const outline = buildOutline(text)
    expect(outline.map((e) => [e.level, e.title])).toEqual([
      [1, '一、强化思想引领'],
      [2, '(二)推进决策'],
    ])
    expect(Array.from(text).slice(outline[0].start, outline[0].start + 2).join('')).toBe('一、')
  })

  it('shortens long titles by code points, never splitting an astral character', () => {
    const title = buildOutline(`一、${'法'.repeat(33)}𠮷治理`)[0].title
    expect(title.isWellFormed()).toBe(true)
    expect(Array.from(title)).toHaveLength(37) // 36 characters and the ellipsis
  })
})
