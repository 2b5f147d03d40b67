// Where the report lies in a page's text. A line classifier scores each line as page chrome, report
// prose or neither; the body is the run of prose with the most Han characters (chrome breaks a run,
// headings inside it do not), extended over the signature lines (issuer, date) below it. The title and
// the 来源/发布时间 line above the first paragraph are left outside: the metadata half reads them from
// the text (the hand-read corpus bodies start at the first paragraph). For HTML the run is looked for
// first inside the element that holds most of the page's long Chinese paragraphs.
import { hanCount } from '../han'
import type { ElementSpan } from './html'

export type LineKind = 'blank' | 'chrome' | 'prose' | 'salutation' | 'date' | 'issuer' | 'other'

/** Table-layout debris (`| |||`), white space of every width. */
const edge = /^[\s\u3000\u00a0|｜]+|[\s\u3000\u00a0|｜]+$/g

/** Chrome patterns, each a kind of site furniture; they are tried on short lines only. */
const chromePatterns: RegExp[] = [
  /当前位置|您的位置|现在位置|所在位置|您现在的位置/,
  /^(?:今天是|今日是)/,
  /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[(（]?\s*(?:星期|周)[一二三四五六日天]\s*[)）]?/,
  /^[(（]?\s*(?:星期|礼拜)[一二三四五六日天]\s*[)）]?$/,
  /^(?:农历)?[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年/,
  /字体\s*[:：]?|字号\s*[:：]?|[【\[]\s*[大中小]\s*[】\]]/,
  /打印本页|打印此页|打印文章|关闭窗口|关闭本页|^[【\[]?\s*打印\s*[】\]]?\s*[|｜/]?\s*[【\[]?\s*关闭\s*[】\]]?$|^[【\[]?\s*(?:打印|关闭|收藏|纠错|投稿|置顶|返回|分享)\s*[】\]]?$/,
  /浏览次数|浏览量|阅读量|阅读次数|访问量|访问次数|点击数|点击量|点击率|人次浏览/,
  /^\d{1,7}$/,
  /分享到|分享至|微信扫一扫|扫一扫|扫码|用手机看|手机阅读/,
  /相关链接|相关阅读|相关文章|相关新闻|相关信息|相关文件|^上一篇|^下一篇|^上一条|^下一条|返回顶部|返回首页|网站地图|联系我们|友情链接|^首页$/,
  /ICP\s*备|ICP\s*证|公网安备|网站标识码|网站识别码|政府网站找错|适老化|无障碍/i,
  /^(?:主办|承办|主管|协办|技术支持|版权所有|网站维护|运营维护|建设维护)|(?:主办|承办|主管)(?:单位)?\s*[:：]|copyright|©|all rights reserved/i,
  /(?:^|\s|[|｜])(?:联系|咨询|值班|举报|服务)?(?:电话|传真|邮箱|电子邮箱|e-?mail|地址|邮编|邮政编码|会务组)\s*[:：]/i,
  /(?:^|[^\d])\d{3,4}-\d{7,8}(?:[^\d]|$)|[\w.-]+@[\w-]+\.[\w.]+/,
  /责任编辑|编辑\s*[:：]|审核\s*[:：]|审校\s*[:：]|校对\s*[:：]|撰稿\s*[:：]|摄影\s*[:：]|作者\s*[:：]/,
  /(?:^|\s|[|｜])(?:来源|信息来源|文章来源|稿件来源|发布时间|发布日期|更新时间|发布机构|发文机关|成文日期|索引号|主题分类|文号|时间)\s*[:：]/,
]

/** A line of several short link-like words: a menu. */
function looksLikeMenu(line: string): boolean {
  const parts = line.split(/[\s|｜>»›/·•]+/).filter(Boolean)
  return parts.length >= 4 && parts.every((p) => p.length <= 8) && !/[。，,；;！？]/.test(line)
}

const sentenceEnd = /[。！？!?；;…”’」』）)]$/
const innerPunctuation = /[，,；;、。：:]/
// A signature's date: 2023年1月12日, 二〇二三年一月十二日, or the month alone (2023年1月), at times on one
// line with the issuer (绍兴市上虞区人民政府　2024年1月26日).
const dateLine =
  /^(?:\p{Script=Han}{2,30}(?:人民政府|政府|局|厅|委员会|办公室|办事处|街道|镇|乡)\s+)?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?$/u
const issuerLine = /(?:人民政府|政府|委员会|办公室|办公厅|司法局|司法厅|局|厅|委|办|院|部|所|中心|党委|党组|街道办事处|街道|镇|乡|公司)$/
const salutationLine = /^[\p{Script=Han}、，,（）()\s]{2,60}[:：]$/u

export function classifyLine(raw: string): { kind: LineKind; han: number } {
  const line = raw.replace(edge, '')
  if (!line) return { kind: 'blank', han: 0 }
  const han = hanCount(line)
  const proseLike = han >= 10 && (sentenceEnd.test(line) || (han >= 40 && innerPunctuation.test(line)))
  // Long prose that mentions a telephone or a source is still prose; chrome is short.
  if (!(proseLike && han >= 40) && line.length <= 160) {
    if (chromePatterns.some((p) => p.test(line)) || looksLikeMenu(line)) return { kind: 'chrome', han }
  }
  if (dateLine.test(line)) return { kind: 'date', han }
  if (proseLike) return { kind: 'prose', han }
  if (salutationLine.test(line) && han <= 40) return { kind: 'salutation', han }
  if (han >= 2 && han <= 30 && !/[，,。；;！？:：]/.test(line) && issuerLine.test(line)) return { kind: 'issuer', han }
  return { kind: 'other', han }
}

interface Line {
  start: number
  end: number
  kind: LineKind
  han: number
}

function splitLines(text: string, from: number, to: number): Line[] {
  const lines: Line[] = []
  let start = from
  while (start <= to) {
    let end = text.indexOf('\n', start)
    if (end < 0 || end > to) end = to
    const { kind, han } = classifyLine(text.slice(start, end))
    lines.push({ start, end, kind, han })
    if (end >= to) break
    start = end + 1
  }
  return lines
}

/** Lines of something else (headings, short items) a run may cross between two prose lines. */
const MAX_GAP_LINES = 6

/** The best prose run in lines[from..to) as line indexes, or null. */
function bestRun(lines: Line[]): { first: number; last: number; score: number } | null {
  let best: { first: number; last: number; score: number } | null = null
  let first = -1
  let last = -1
  let score = 0
  let gap = 0
  const close = () => {
    if (first >= 0 && (!best || score > best.score)) best = { first, last, score }
    first = -1
    score = 0
    gap = 0
  }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]
    if (l.kind === 'prose' || (l.kind === 'salutation' && first < 0)) {
      if (first < 0) first = i
      last = i
      score += l.han
      gap = 0
    } else if (l.kind === 'chrome') {
      close()
    } else if (l.kind !== 'blank' && first >= 0) {
      if (++gap > MAX_GAP_LINES) close()
    }
  }
  close()
  return best
}

/** Lines a document may carry between its last paragraph and its signature: a contact, an attachment, a closing formula. */
const contactLine = /^(?:(?:联系人|联系电话|联系方式|咨询电话|附件)\s*[:：\d]|(?:特此|专此)(?:报告|函告|通知)[。.]?$|以上报告[，,]?请(?:予)?审议[。.]?$|妥否[，,]请(?:批示|审定)[。.]?$)/

/** The issuer and date lines right under the last paragraph (a date is required, so a stray heading is not taken). */
function signatureEnd(text: string, lines: Line[], last: number): number {
  let end = last
  let seen = 0
  for (let i = last + 1; i < lines.length && seen < 4; i++) {
    const l = lines[i]
    if (l.kind === 'blank') continue
    seen++
    // A report closes with 特此报告。, a notice with its contact person and attachments, above the
    // signature; they are part of it (the end only moves when a date line follows).
    if (contactLine.test(text.slice(l.start, l.end).replace(edge, ''))) continue
    if (l.kind === 'date') end = i
    else if (l.kind !== 'issuer' && l.kind !== 'salutation') break
  }
  return end
}

function trimmed(text: string, start: number, end: number): { start: number; end: number } | null {
  while (start < end && /[\s\u3000\u00a0|｜]/.test(text[start])) start++
  while (end > start && /[\s\u3000\u00a0|｜]/.test(text[end - 1])) end--
  return end > start ? { start, end } : null
}

/** Minimum Han characters of prose for a run to count as a report body. */
const MIN_BODY_HAN = 20

/** The body in UTF-16 offsets of `text`, searched within [from, to). */
function findInRange(text: string, from: number, to: number, signatureLimit: number): { start: number; end: number } | null {
  const lines = splitLines(text, from, Math.max(to, signatureLimit))
  const inRange = lines.filter((l) => l.start < to)
  const run = bestRun(inRange)
  if (!run || run.score < MIN_BODY_HAN) return null
  const last = signatureEnd(text, lines, run.last)
  return trimmed(text, lines[run.first].start, lines[last].end)
}

/** Plain text: the body in UTF-16 offsets, or null when there is no run of prose. */
export function findBody(text: string): { start: number; end: number } | null {
  return findInRange(text, 0, text.length, text.length)
}

/**
 * HTML: the deepest container (not a paragraph) holding ≥ 70% of the page's paragraph text and little
 * link text; the run is found inside it (its signature may sit in the next element), else in the page.
 */
export function findHtmlBody(text: string, spans: ElementSpan[]): { start: number; end: number } | null {
  const containers = spans.filter((s) => !/^(?:p|h[1-6]|li|pre|blockquote|dd|dt|tr|tbody|thead|caption)$/.test(s.element.name))
  const total = Math.max(0, ...containers.map((s) => s.paragraphHan))
  if (total > 0) {
    let chosen: ElementSpan | null = null
    for (const s of containers) {
      if (s.paragraphHan < total * 0.7 || s.linkHan > (s.paragraphHan + s.linkHan) * 0.3) continue
      if (!chosen || s.depth > chosen.depth) chosen = s
    }
    if (chosen) {
      const found = findInRange(text, chosen.start, chosen.end, Math.min(text.length, chosen.end + 400))
      if (found) return found
    }
  }
  return findBody(text)
}
