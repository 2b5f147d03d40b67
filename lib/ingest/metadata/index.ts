// Reads a report's metadata out of its text (issue 11): title, issuer, dates, the year it covers,
// its region and level, and its source URL, each with where it was read from and how sure. A
// crawler's manifest row wins over all of it. Pure: the text and page come from extraction.
import * as OpenCC from 'opencc-js'
import { CodePointIndex, codePointLength } from '@/lib/text/codepoints'
import { firstHan } from '../han'
import type { AdministrativeLevel, IngestWarning, MetadataInput, ReadField, ReadMetadata } from '../types'
import { levelFromChinese } from './levels'
import { regionOf } from './regions'

const none = <T,>(): ReadField<T> => ({ value: null, source: null, confidence: 0 })
const field = <T,>(value: T | null, source: string, confidence: number): ReadField<T> => (value === null ? none<T>() : { value, source, confidence })

// ── Labelled lines: 来源：… 发布时间：… ────────────────────────────────────────────────────────

const ISSUER_LABELS = ['信息来源', '文章来源', '稿件来源', '来源单位', '发布机构', '发文机关', '发文单位', '发布单位', '来源']
const PUBLISHED_LABELS = ['发布时间', '发布日期', '公开日期', '公开时间', '更新时间', '生成日期', '时间', '日期']
const GENERIC_DATE_LABELS = ['时间', '日期']
const SIGNED_LABELS = ['成文日期', '成文时间', '发文日期', '印发日期']
/** Meta tags (lower-cased names) in which CMSs write when a page was published. */
const PUBLISHED_META = ['pubdate', 'publishdate', 'firstpublishedtime', 'article:published_time', 'dcterms.issued', 'dc.date.issued', 'dc.date']
const OTHER_LABELS = ['编辑', '责任编辑', '作者', '浏览次数', '浏览量', '阅读量', '阅读次数', '点击数', '访问量', '索引号', '主题分类', '文号', '发文字号', '字体', '字号', '分享到', '主题词', '公开方式', '公开范围', '有效性']
/** The labels of a 政府信息公开 index table, which many sites set in their own cells without a colon. */
const INDEX_LABELS = ['索引号', '主题分类', '分类', '发布机构', '发文机关', '发文单位', '成文日期', '发文日期', '发布日期', '公开时间', '文号', '发文字号', '名称', '标题', '有效性', '公开方式', '生效日期']
const ALL_LABELS = [...SIGNED_LABELS, ...ISSUER_LABELS, ...PUBLISHED_LABELS, ...OTHER_LABELS].sort((a, b) => b.length - a.length)
// A bare 时间/日期 is a label only as a word of its own: 实施日期 or 废止日期 is another field, not the published date.
const labelPattern = new RegExp(`(${ALL_LABELS.map((l) => (GENERIC_DATE_LABELS.includes(l) ? `(?<!\\p{Script=Han})${l}` : l)).join('|')})\\s*[:：]`, 'gu')
const hasLabel = new RegExp(labelPattern.source, 'u')
// A bare index label is a cell of its own: it starts the line or follows a space, and a space follows it.
const bareIndexLabel = new RegExp(`(?:^|\\s)(${[...INDEX_LABELS].sort((a, b) => b.length - a.length).join('|')})(?=\\s)`, 'g')

const NEXT_LABEL = /[\s\u00a0]+\p{Script=Han}{2,6}\s*[:：].*$/u

/** A labelled value ends where the next field of the line starts: an unlabelled "字号：", a wide space. */
function cutValue(raw: string): string {
  return raw
    .replace(/[|｜【】\[\]]+.*$/, '')
    .replace(NEXT_LABEL, '')
    .trim()
    .replace(/(?:\u3000|\u00a0{2,}|\s{2,}).*$/, '')
    .trim()
}

interface Labelled {
  label: string
  value: string
  line: number
  inTable: boolean
}

function labelledValues(lines: string[]): Labelled[] {
  const out: Labelled[] = []
  lines.forEach((line, index) => {
    // Most lines of a page's chrome hold neither a colon nor a space: no label can be in them.
    const colon = line.includes('：') || line.includes(':')
    if (!colon && !/\s/.test(line)) return
    const matches = colon ? [...line.matchAll(labelPattern)] : []
    const inTable = /索引号|主题分类|发文字号/.test(line)
    matches.forEach((m, i) => {
      const from = m.index + m[0].length
      const to = i + 1 < matches.length ? matches[i + 1].index : line.length
      const value = cutValue(line.slice(from, to))
      if (value) out.push({ label: m[1], value, line: index, inTable })
    })
    if (matches.length > 0) return
    // An index table row with its labels in cells of their own: 发布机构 XX区人民政府 成文日期 2024-01-18.
    const bare = [...line.matchAll(bareIndexLabel)]
    if (bare.length < 2) return
    bare.forEach((m, i) => {
      const from = m.index + m[0].length
      const to = i + 1 < bare.length ? bare[i + 1].index : line.length
      const value = line.slice(from, to).trim()
      if (value) out.push({ label: m[1], value, line: index, inTable: true })
    })
  })
  return out
}

// ── Dates ────────────────────────────────────────────────────────────────────────────────

const digitOf: Record<string, number> = { '〇': 0, '零': 0, '○': 0, 'Ｏ': 0, O: 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9 }

/** 二〇二三 → 2023, 十二 → 12, 二十一 → 21, 三十 → 30. */
function chineseNumber(text: string): number | null {
  if (/^[〇零○Ｏ一二三四五六七八九]{4}$/.test(text)) return Number(Array.from(text, (c) => digitOf[c]).join(''))
  const m = /^([一二三]?)(十?)([一二三四五六七八九]?)$/.exec(text)
  if (!m || text === '') return null
  if (!m[2]) return m[3] ? digitOf[m[3]] : m[1] ? digitOf[m[1]] : null
  return (m[1] ? digitOf[m[1]] : 1) * 10 + (m[3] ? digitOf[m[3]] : 0)
}

const pad = (n: number) => String(n).padStart(2, '0')
function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1949 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCMonth() === m - 1 ? `${y}-${pad(m)}-${pad(d)}` : null
}

/** The first date in the text: 2020-06-02, 2020/6/2, 2020.06.02, 2020年6月2日, 二〇二三年一月十二日. */
export function parseDate(text: string): string | null {
  const arabic = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(text)
  if (arabic) return isoDate(Number(arabic[1]), Number(arabic[2]), Number(arabic[3]))
  const chinese = /([〇零○Ｏ一二三四五六七八九]{4})年([一二三十]{1,3})月([一二三十]{1,3}|[一二三]?十[一二三四五六七八九]?)日/.exec(text)
  if (chinese) {
    const [y, m, d] = [chineseNumber(chinese[1]), chineseNumber(chinese[2]), chineseNumber(chinese[3])]
    return y && m && d ? isoDate(y, m, d) : null
  }
  return null
}

/** A line that is only a date (the one under a signature). */
const DATE_LINE = /^\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零○Ｏ一二三四五六七八九]{4}年[一二三十]{1,3}月[一二三十]{1,3}日)\s*$/
/** A signature dated by month only (2023年1月): the issuer above it is read, the date is not a day. */
const MONTH_LINE = /^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*$/
/** A signature on one line: the issuer, white space, the date. */
const SIGNATURE_LINE =
  /^\s*(\p{Script=Han}{2,30}?(?:人民政府|政府|局|厅|委员会|办公室|办事处|街道|镇|乡))\s+(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零○Ｏ一二三四五六七八九]{4}年[一二三十]{1,3}月[一二三十]{1,3}日)\s*$/u
/** The page's own "today" strip and lunar dates: never a date of the report. */
const TODAY_STRIP = /今天是|星期[一二三四五六日天]|农历|[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年/

// ── Years ────────────────────────────────────────────────────────────────────────────────

function yearOf(text: string): number | null {
  const arabic = /((?:19|20)\d{2})\s*年(?:度)?/.exec(text)
  if (arabic) return Number(arabic[1])
  const chinese = /([〇零○Ｏ一二三四五六七八九]{4})年/.exec(text)
  return chinese ? chineseNumber(chinese[1]) : null
}

// ── Title ────────────────────────────────────────────────────────────────────────────────

const REPORTISH = /报告|情况|工作总结|法治政府建设|依法行政/
const SITE_NAME = /网站|门户|政府网$|人民政府网|政务网|^首页$/

function cleanLine(line: string) {
  return line.replace(/[|｜]+/g, ' ').replace(/\s+/g, ' ').trim()
}

/** The page <title> without the site's name (…_XX市人民政府网, … - 网站, … | 网站). */
function pageTitle(title: string | null | undefined): string | null {
  if (!title) return null
  const parts = title
    .split(/\s*[_|｜]\s*|\s+[-－—–]\s+/)
    // A column tag in front (【法治政府建设】…, [政务公开]…) is the site's filing, not the title.
    .map((p) => p.trim().replace(/^(?:[【\[［]\s*[^】\]］]{1,12}\s*[】\]］]\s*)+/, ''))
    .filter((p) => p && !SITE_NAME.test(p))
  const reportish = parts.filter((p) => REPORTISH.test(p))
  const pick = (reportish.length ? reportish : parts).sort((a, b) => b.length - a.length)[0]
  return pick && Array.from(pick).length >= 6 ? pick : null
}

/** A report made to a congress: the meeting under the title (——2023年4月26日在…会议上) and the speaker (…副市长 陈立). */
const SUBTITLE_LINE = /^(?:——|－－|--|—)/
const SPEAKER_LINE = /(?:省长|市长|县长|区长|州长|旗长|镇长|乡长|主任|局长|厅长|书记|部长)\s*\p{Script=Han}{2,4}$/u

/** An official document's number (善政发〔2024〕3号, 京政发[2023]5号) and its red header (…人民政府文件). */
const DOCUMENT_NUMBER = /[〔［\[(（]\s*(?:19|20)\d{2}\s*[〕］\])）]\s*第?\s*\d+\s*号$|^(?:\S\s?){2,20}文\s?件$/

const looksLikeTitleLine = (line: string) => {
  const n = Array.from(line).length
  return (
    n >= 4 && n <= 60 && !/[。；]$/.test(line) && !/[:：]/.test(line) && !DATE_LINE.test(line) && !TODAY_STRIP.test(line) && !/^\d+$/.test(line) && !DOCUMENT_NUMBER.test(line)
  )
}

// ── The reader ───────────────────────────────────────────────────────────────────────────

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' })
/** Above this share of Han characters changed by Traditional → Simplified, the page is in Traditional script. */
const TRADITIONAL_SHARE = 0.05

function traditionalShare(text: string): number {
  const sample = firstHan(text, 3000)
  if (sample.length < 50) return 0
  const converted = Array.from(toSimplified(sample.join('')))
  let changed = 0
  for (let i = 0; i < sample.length; i++) if (converted[i] !== sample[i]) changed++
  return changed / sample.length
}

const DEPARTMENT = /(局|委员会|委|办公室|办|厅|司法所|中心|法院|检察院|署|处)$/
const GOVERNMENT = /人民政府$|政府$/
const NOT_A_REPORT_TITLE = /(工作要点|实施方案|工作方案|工作计划|规划|通知|意见|办法|规定|决定|批复|公告|通报)$/
const NEWS_TITLE = /(召开|举行|举办|审议|听取|部署|推进会|座谈会|培训|会议|调研|督察|督导|发布会)/

const issuerNorm = (s: string) => s.replace(/\s+/g, '')
/** What a CMS writes in 来源 when nobody filled it in: the site itself, never an issuer. */
const PLACEHOLDER_SOURCE = /^(?:本站|本网|本网站|原创|网站管理员|管理员|系统管理员|admin|administrator|本单位|未知)$/i
/** Newspapers, broadcasters and news sites, which republish reports. */
const MEDIA = /(?:日报|晚报|早报|报社|法制报|新闻网|新闻中心|融媒体中心|广播电视台|电视台|传媒|网站|网)$/

/**
 * A page in Traditional script is read in Simplified (labels such as 來源/發佈時間, the 法治政府建設 of a
 * title and the place names of the division list are all matched in Simplified); the title and issuer
 * are then given back as the page prints them. OpenCC converts character by character here, so a value's
 * position in the converted text is its position in the original.
 */
export function readMetadata(input: MetadataInput): ReadMetadata {
  // Offsets are code points; slicing through an index avoids an array of every character of the page.
  const bodyText = input.body ? new CodePointIndex(input.text).slice(input.body.start, input.body.end) : input.text
  if (traditionalShare(bodyText) <= TRADITIONAL_SHARE) return readSimplified(input, false)
  const chars = Array.from(input.text)
  const simplified = toSimplified(input.text)
  const pageTitle = input.page?.title ?? null
  const simplifiedTitle = pageTitle === null ? null : toSimplified(pageTitle)
  if (Array.from(simplified).length !== chars.length || (pageTitle !== null && Array.from(simplifiedTitle!).length !== Array.from(pageTitle).length)) {
    return readSimplified(input, true)
  }
  const read = readSimplified({ ...input, text: simplified, page: input.page ? { ...input.page, title: simplifiedTitle } : undefined }, true)
  const simplifiedChars = Array.from(simplified)
  const original = (value: string | null): string | null => {
    if (value === null) return null
    for (const [from, to] of [
      [simplifiedChars, chars],
      [Array.from(simplifiedTitle ?? ''), Array.from(pageTitle ?? '')],
    ] as const) {
      const at = from.join('').indexOf(value)
      if (at < 0) continue
      const start = Array.from(from.join('').slice(0, at)).length
      return to.slice(start, start + Array.from(value).length).join('')
    }
    return value
  }
  const back = (f: ReadField<string>): ReadField<string> => (f.source === 'manifest' ? f : { ...f, value: original(f.value) })
  return { ...read, title: back(read.title), issuer: back(read.issuer) }
}

function readSimplified(input: MetadataInput, traditional: boolean): ReadMetadata {
  const index = new CodePointIndex(input.text)
  const bodyStart = index.toUtf16(input.body?.start ?? 0)
  const bodyEnd = index.toUtf16(input.body?.end ?? index.length)
  const head = input.text.slice(0, bodyStart)
  const body = input.text.slice(bodyStart, bodyEnd)
  const tail = input.text.slice(bodyEnd)
  const headLines = head.split('\n').map(cleanLine)
  const bodyLines = body.split('\n').map(cleanLine).filter(Boolean)
  const tailLines = tail.split('\n').map(cleanLine)
  const warnings: IngestWarning[] = []
  const warn = (code: string, message: string, values?: Record<string, string | number>, fieldName?: string) =>
    warnings.push({ code, key: `ingest.${code}`, message, ...(values ? { values } : {}), ...(fieldName ? { field: fieldName } : {}) })

  // Labelled values are read outside the body's prose (before it, after it, in an index table).
  const labelled = [...labelledValues(headLines), ...labelledValues(tailLines), ...labelledValues(bodyLines.slice(0, 3))]
  const firstOf = (labels: string[]) => labelled.find((l) => labels.includes(l.label))

  // Signature: the closing lines of the body (or just after it): an issuer line above a date line.
  const closing = [...bodyLines.slice(-4), ...tailLines.filter(Boolean).slice(0, 2)]
  let signedDate: string | null = null
  let signatureIssuer: string | null = null
  for (let i = closing.length - 1; i >= 0; i--) {
    const oneLine = SIGNATURE_LINE.exec(closing[i])
    if (oneLine) {
      // 绍兴市上虞区人民政府　2024年1月26日: issuer and date on one line.
      signedDate = parseDate(oneLine[2])
      signatureIssuer = oneLine[1]
      break
    }
    if (DATE_LINE.test(closing[i]) || MONTH_LINE.test(closing[i])) {
      signedDate = parseDate(closing[i])
      const above = closing[i - 1]
      if (above && Array.from(above).length <= 30 && (GOVERNMENT.test(above) || DEPARTMENT.test(above)) && !/[。，,]/.test(above)) signatureIssuer = above.replace(/\s+/g, '')
      break
    }
  }

  // Title: the printed title line(s) nearest above the body, else the page's <title>.
  let printed: string | null = null
  {
    const lines = headLines
    const isMeta = (l: string) =>
      hasLabel.test(l) || /【|字体|打印|关闭|分享|当前位置|您的位置|首页|[>»＞›]/.test(l) || TODAY_STRIP.test(l) || DATE_LINE.test(l) || SUBTITLE_LINE.test(l) || SPEAKER_LINE.test(l)
    let i = lines.length - 1
    // Up from the body: past blank, metadata and chrome lines to the nearest line that reads as a title.
    while (i >= 0 && (!lines[i] || isMeta(lines[i]))) i--
    if (i >= 0 && looksLikeTitleLine(lines[i]) && !regionOnly(lines[i])) {
      const parts = [lines[i]]
      // A title printed on two lines: the line right above, with no blank line between.
      if (i > 0 && lines[i - 1] && looksLikeTitleLine(lines[i - 1]) && !isMeta(lines[i - 1]) && !regionOnly(lines[i - 1])) parts.unshift(lines[i - 1])
      else if (/^关于/.test(lines[i])) {
        // 关于…的报告 set under its issuer as a paragraph of its own (Word files): the issuer is the title's subject.
        let k = i - 1
        while (k >= 0 && !lines[k]) k--
        if (k >= 0 && looksLikeTitleLine(lines[k]) && (GOVERNMENT.test(lines[k]) || DEPARTMENT.test(lines[k])) && !/\s/.test(lines[k])) parts.unshift(lines[k])
      }
      // A title of spaced phrases keeps its space where the line breaks; one broken mid-phrase does not.
      printed = parts.join(parts.some((p) => p.includes(' ')) ? ' ' : '')
    }
    // Some pages print the title as the body's first line (with layout debris around it).
    if (!printed && bodyLines[0] && looksLikeTitleLine(bodyLines[0]) && /报告/.test(bodyLines[0])) printed = bodyLines[0]
  }
  const fromPage = pageTitle(input.page?.title)

  // Issuer
  const labelledIssuer = firstOf(ISSUER_LABELS)
  const titleSubject = (t: string | null) => (t ? (/^(.{2,30}?)关于/.exec(t)?.[1] ?? null) : null)
  const regionLine = headLines.find((l) => l && regionOnly(l)) ?? null
  let issuer: ReadField<string> = none()
  // A 来源 line that names a newspaper or a news site says who published the page, not who issued the report.
  const publisher =
    labelledIssuer && (PLACEHOLDER_SOURCE.test(issuerNorm(labelledIssuer.value)) || (MEDIA.test(issuerNorm(labelledIssuer.value)) && (signatureIssuer || titleSubject(printed ?? fromPage))))
      ? labelledIssuer
      : null
  if (labelledIssuer && !publisher) issuer = field(labelledIssuer.value.replace(/\s+/g, ''), labelledIssuer.inTable ? 'index table' : `${labelledIssuer.label} line`, 0.9)
  else if (signatureIssuer) issuer = field(signatureIssuer, 'signature', 0.8)
  else if (titleSubject(printed ?? fromPage)) issuer = field(titleSubject(printed ?? fromPage), 'title', 0.7)
  else if (regionLine) issuer = field(deepestName(regionLine), 'place line above the title', 0.5)
  if (labelledIssuer && !publisher && signatureIssuer && issuerNorm(labelledIssuer.value) !== signatureIssuer && !signatureIssuer.includes(issuerNorm(labelledIssuer.value))) {
    warn('sources_disagree', `The issuer reads "${labelledIssuer.value}" on the ${labelledIssuer.label} line but "${signatureIssuer}" in the signature.`, { field: 'issuer', first: labelledIssuer.value, second: signatureIssuer }, 'issuer')
  }

  // Title, finished: a printed title without a place gets the issuer's place in front (2020年度法治政府建设工作报告 → 荆州区2020年度…).
  let title: ReadField<string> = none()
  const placeOfIssuer = issuer.value && regionOf(issuer.value).division ? deepestName(issuer.value) : null
  const withPlace = (t: string) => (placeOfIssuer && /^(\d{4}|[〇零一二三四五六七八九]{4})/.test(t) && regionOf(t).division === null ? `${placeOfIssuer}${t}` : t)
  if (printed) title = field(withPlace(printed), withPlace(printed) === printed ? 'title line' : 'title line + issuer', 0.85)
  else if (fromPage) title = field(withPlace(fromPage), 'page title', 0.8)
  if (printed && fromPage && yearOf(printed) !== null && yearOf(fromPage) !== null && yearOf(printed) !== yearOf(fromPage)) {
    warn('sources_disagree', `The title line says ${yearOf(printed)}, the page title ${yearOf(fromPage)}.`, { field: 'title', first: printed, second: fromPage }, 'title')
  }

  // Dates
  // A weekday after a labelled 发布日期 is the site's style; after a bare 时间/日期 it may be the today strip.
  const publishedLine = labelled.find(
    (l) => PUBLISHED_LABELS.includes(l.label) && parseDate(l.value) && !(/今天是|今日是|农历/.test(l.value) || (GENERIC_DATE_LABELS.includes(l.label) && TODAY_STRIP.test(l.value))),
  )
  // Else the date the site's CMS writes into the page's meta tags (TRS and others: PubDate, firstpublishedtime).
  const metaKey = PUBLISHED_META.find((k) => input.page?.meta[k] && parseDate(input.page.meta[k]))
  const published = publishedLine
    ? field(parseDate(publishedLine.value), publishedLine.inTable ? 'index table' : `${publishedLine.label} line`, 0.9)
    : metaKey
      ? field(parseDate(input.page!.meta[metaKey]), `page meta ${metaKey}`, 0.8)
      : none<string>()
  const signedLine = firstOf(SIGNED_LABELS)
  const signed = signedDate ? field(signedDate, 'signature', 0.85) : signedLine && parseDate(signedLine.value) ? field(parseDate(signedLine.value), 'index table', 0.85) : none<string>()

  // Report year: the title, else the opening sentence, else the year before publication (flagged).
  let reportYear: ReadField<number> = none()
  const titleYear = yearOf(title.value ?? '')
  // The opening sentence: the first line that is not a salutation (市委、市人大常委会：).
  const openingYear = /^((?:19|20)\d{2})\s*年/.exec(bodyLines.find((l) => !(/[:：]$/.test(l) && Array.from(l).length <= 30)) ?? '')?.[1]
  if (titleYear) reportYear = field(titleYear, 'title', 0.9)
  else if (openingYear) reportYear = field(Number(openingYear), 'opening sentence', 0.75)
  else {
    const basis = published.value ?? signed.value
    if (basis) {
      reportYear = field(Number(basis.slice(0, 4)) - 1, published.value ? 'published year − 1' : 'signed year − 1', 0.4)
      warn('report_year_guessed', `No year in the title or the opening sentence: ${reportYear.value} is the year before the report was ${published.value ? 'published' : 'signed'}; check it.`, { year: reportYear.value! }, 'report_year')
    }
  }
  if (title.value === null && issuer.value && reportYear.value) {
    // Nothing printed names the report (the page shows its body only): the usual title, to be checked.
    title = field(`${issuer.value}关于${reportYear.value}年法治政府建设情况的报告`, 'issuer and year (no title in the file)', 0.3)
  }
  if (titleYear && openingYear && Number(openingYear) !== titleYear) {
    warn('sources_disagree', `The title says ${titleYear}, the opening sentence ${openingYear}.`, { field: 'report_year', first: titleYear, second: openingYear }, 'report_year')
  }

  // Region and level, from the issuer and the title.
  const region = regionOf(`${issuer.value ?? ''} ${title.value ?? ''}`, body)
  const d = region.division
  let province = none<string>()
  let city = none<string>()
  let county = none<string>()
  let township = none<string>()
  let level = none<AdministrativeLevel>()
  if (d) {
    const source = issuer.value && regionOf(issuer.value).division ? 'issuer' : 'title'
    const confidence = region.ambiguous ? 0.4 : 0.85
    province = field(d.province, source, confidence)
    // A county-level city is written as the city of its report (梅河口市), as people cite it.
    const countyCity = d.depth === 'county' && d.county?.endsWith('市')
    city = field(countyCity ? d.county : d.city, source, confidence)
    county = field(countyCity ? null : d.county, source, confidence)
    township = field(d.township, source, confidence)
    // A department's own report (兰州市司法局关于…), not a city's report published by its bureau.
    // A title that names no place (关于报送…的通知) is its issuer's document.
    const subject =
      titleSubject(title.value) ??
      (issuer.value && (title.value?.includes(issuer.value) || (title.value && regionOf(title.value).division === null)) ? issuer.value : null)
    const isDepartment = subject !== null && DEPARTMENT.test(subject) && !GOVERNMENT.test(subject)
    level = field<AdministrativeLevel>(isDepartment ? 'department' : d.depth, isDepartment ? 'issuer (a department)' : source, confidence)
    if (region.ambiguous) warn('low_confidence', `More than one place is called ${d.county ?? d.city ?? d.province}; the region was guessed, check it.`, { field: 'region' }, 'province')
  }

  // Source URL
  const url = input.page?.canonicalUrl ?? input.page?.meta['og:url'] ?? input.page?.savedFromUrl ?? null
  const sourceUrl = url && /^https?:\/\//.test(url) ? field(url, input.page?.canonicalUrl ? 'canonical link' : input.page?.meta['og:url'] ? 'og:url' : 'saved-from comment', 0.95) : none<string>()

  const read: Omit<ReadMetadata, 'warnings'> = { title, issuer, published, signed, reportYear, province, city, county, township, level, sourceUrl }

  // The manifest wins.
  if (input.manifest) applyManifest(read, input.manifest)

  // What a manager should look at.
  if (!input.body) warn('body_not_found', 'No report body was found in this file; mark its start and end in the preview.')
  else {
    const length = codePointLength(body.trim())
    if (length < 800) warn('body_too_short', `The body is only ${length} characters long; an annual report is longer. Check its start and end.`, { length })
  }
  const t = read.title.value ?? ''
  const annualReport = /法治(政府)?建设/.test(t) && /报告|情况/.test(t)
  const aboutRuleOfLaw = atLeast(body, /法治政府建设|依法行政/g, 3)
  // A news item: a meeting verb in the title, unless the title is the report's own name; a title such as
  // 县委常委会听取2022年度…报告 names the report after the verb, with no 关于 of an official title.
  const newsItem = NEWS_TITLE.test(t) && (!/的?报告$/.test(t) || (!/关于/.test(t) && NEWS_TITLE.test(t.replace(/(?:19|20)\d{2}.*$/, ''))))
  if (NOT_A_REPORT_TITLE.test(t) || newsItem || (!annualReport && !aboutRuleOfLaw)) {
    warn('not_a_report', `This does not look like an annual rule-of-law government report${t ? ` ("${t}")` : ''}: it may be a plan, a notice or a news item.`, { title: t })
  }
  if (traditional) warn('traditional_script', 'The text is in Traditional script; the taxonomy and the other reports are in Simplified.')
  for (const [name, f] of Object.entries(read) as [string, ReadField<unknown>][]) {
    if (f.value !== null && f.confidence < 0.5 && f.source !== 'manifest' && name !== 'reportYear' && !warnings.some((w) => w.field === name || (w.code === 'low_confidence' && name !== 'title'))) {
      warn('low_confidence', `The ${name} was read with little certainty (${f.source}); check it.`, { field: name }, name)
    }
  }
  return { ...read, warnings }
}

/** Whether `pattern` (global) matches `text` at least `n` times; stops counting there. */
function atLeast(text: string, pattern: RegExp, n: number): boolean {
  pattern.lastIndex = 0
  let seen = 0
  while (seen < n && pattern.exec(text)) seen++
  pattern.lastIndex = 0
  return seen >= n
}

/** A line that is only place names (四川省巴中市): a dateline, not a title. */
function regionOnly(line: string): boolean {
  const compact = line.replace(/\s+/g, '')
  if (!compact || Array.from(compact).length > 20) return false
  const region = regionOf(compact)
  if (!region.division) return false
  const names = [region.division.province, region.division.city, region.division.county, region.division.township].filter(Boolean) as string[]
  let rest = compact
  for (const n of names) rest = rest.replace(n, '')
  return rest === ''
}

function deepestName(line: string): string {
  const d = regionOf(line.replace(/\s+/g, '')).division
  return (d && (d.township ?? d.county ?? (d.city !== d.province ? d.city : null) ?? d.province)) ?? line
}

const MANIFEST_COLUMNS: [keyof Omit<ReadMetadata, 'warnings'>, RegExp][] = [
  ['title', /^(title|标题|题名|名称)$/i],
  ['issuer', /^(issuer|来源|发布机构|发文机关|机构)$/i],
  ['published', /^(published|publish_date|date|发布时间|发布日期|日期)$/i],
  ['signed', /^(signed|成文日期)$/i],
  ['reportYear', /^(report_year|year|年份|年度)$/i],
  ['province', /^(province|省|省份)$/i],
  ['city', /^(city|市|地市)$/i],
  ['county', /^(county|县|区|县区)$/i],
  ['township', /^(township|乡镇|街道)$/i],
  ['level', /^(level|层级|级别)$/i],
  ['sourceUrl', /^(url|source_url|link|链接|网址|来源网址)$/i],
]

function applyManifest(read: Omit<ReadMetadata, 'warnings'>, row: Record<string, string>) {
  for (const [column, raw] of Object.entries(row)) {
    const value = raw.trim()
    if (!value) continue
    const target = MANIFEST_COLUMNS.find(([, pattern]) => pattern.test(column.trim()))?.[0]
    if (!target) continue
    const set = <T,>(v: T | null) => {
      if (v !== null) (read[target] as ReadField<T>) = { value: v, source: 'manifest', confidence: 1 }
    }
    if (target === 'published' || target === 'signed') set(parseDate(value) ?? (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null))
    else if (target === 'reportYear') set(yearOf(`${value}年`) ?? (/^\d{4}$/.test(value) ? Number(value) : null))
    else if (target === 'level') set(levelFromChinese(value))
    else if (target === 'sourceUrl') set(/^https?:\/\//.test(value) ? value : null)
    else set(value)
  }
}
