// The outline of a report: its numbered sections, as Chinese official documents number them.
//   level 1: 一、      level 2: （一） or (一)      level 3: 一是 / 1. / 1、 / （1）
import { CodePointIndex } from './codepoints'

export interface OutlineEntry {
  level: 1 | 2 | 3
  /** The heading as printed, shortened to its first clause. */
  title: string
  /** Code-point offset of the heading in the document text. */
  start: number
}

const NUM = '[一二三四五六七八九十百零〇]+'
const lineRules: { level: 1 | 2 | 3; pattern: RegExp }[] = [
  { level: 1, pattern: new RegExp(`^${NUM}、`) },
  { level: 2, pattern: new RegExp(`^[（(]${NUM}[)）]`) },
  { level: 3, pattern: /^(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])/ },
]
// Headings that run on inside a line, each starting a sentence: "一是……。二是……", and, where a
// page lost its line breaks, "……。 二、强化……" or "……。(三)推进……".
const inlineHeading = new RegExp(`(^|[。；;：:！？])\\s*(${NUM}、|[（(]${NUM}[)）]|${NUM}是)`, 'g')

const MAX_TITLE = 36

function headingTitle(line: string): string {
  const clause = Array.from(line.split(/[。；;！？]/)[0].trim())
  return clause.length > MAX_TITLE ? `${clause.slice(0, MAX_TITLE).join('')}…` : clause.join('')
}

function inlineLevel(marker: string): 1 | 2 | 3 {
  if (marker.endsWith('、')) return 1
  if (marker.endsWith('是')) return 3
  return 2
}

export function buildOutline(text: string): OutlineEntry[] {
  const index = new CodePointIndex(text)
  const entries: OutlineEntry[] = []
  let offset = 0
  for (const rawLine of text.split('\n')) {
    const leading = rawLine.length - rawLine.trimStart().length
    const line = rawLine.trim()
    const lineStart = offset + leading
    const rule = lineRules.find((r) => r.pattern.test(line))
    if (rule) entries.push({ level: rule.level, title: headingTitle(line), start: index.toCodePoint(lineStart) })
    for (const match of line.matchAll(inlineHeading)) {
      const at = (match.index ?? 0) + match[0].length - match[2].length
      if (at === 0 && rule) continue // the line's own heading, already taken
      entries.push({ level: inlineLevel(match[2]), title: headingTitle(line.slice(at)), start: index.toCodePoint(lineStart + at) })
    }
    offset += rawLine.length + 1
  }
  return entries
}
