// Bytes → string, in the order the brief and the issue fix: a BOM, then the page's own declaration (if
// the bytes decode cleanly with it), then detection. Decoding is always strict (`fatal: true`), so a
// wrong guess shows as an error instead of U+FFFD in a stored, immutable text.
import chardet from 'chardet'
import { Converter } from 'opencc-js/cn2t'
import type { IngestProblem, IngestWarning } from '../types'
import { problem, warning } from './problems'

export type EncodingSource = 'bom' | 'declared' | 'detected'

export interface Decoded {
  text: string
  encoding: string
  source: EncodingSource
  confidence: number
  warnings: IngestWarning[]
}

/** Below this, detection is a guess a manager should see. */
export const UNCERTAIN_BELOW = 0.8

/** WHATWG label → the decoder used; GBK and GB2312 are read as GB18030, their superset. */
export function normaliseEncodingLabel(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '')
  if (/^(utf-?8|unicode-1-1-utf-8)$/.test(l)) return 'utf-8'
  if (/^(gb2312|gbk|gb18030|gb_2312-80|x-gbk|cp936|ms936|windows-936|euc-cn|csgb2312|chinese|iso-ir-58)$/.test(l)) return 'gb18030'
  if (/^(big5|big5-hkscs|cn-big5|x-x-big5|csbig5|cp950)$/.test(l)) return 'big5'
  if (/^(utf-?16le|utf-?16)$/.test(l)) return 'utf-16le'
  if (/^utf-?16be$/.test(l)) return 'utf-16be'
  try {
    return new TextDecoder(l).encoding
  } catch {
    return null
  }
}

/** The encoding a page or XML file names for itself in its first bytes, if any. */
export function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1')
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)
  return m ? m[1] : null
}

export function tryDecode(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** Byte offset of the first sequence `encoding` cannot decode (binary search on strict streaming decodes). */
export function firstInvalidByte(bytes: Uint8Array, encoding: string): number {
  const decodesUpTo = (n: number) => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, n), { stream: true })
      return true
    } catch {
      return false
    }
  }
  let lo = 0
  let hi = bytes.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (decodesUpTo(mid)) lo = mid
    else hi = mid - 1
  }
  // `lo` may end inside the sequence that fails (held back as incomplete): step back to where it starts.
  for (let k = lo; k >= Math.max(0, lo - 4); k--) if (tryDecode(bytes.subarray(0, k), encoding) !== null) return k
  return lo
}

function bom(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 }
  return null
}

/** UTF-16 without a BOM: one of the two byte lanes is mostly NUL (ASCII-heavy text). */
export function looksLikeBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1
  if (n < 8) return null
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++
    if (bytes[i + 1] === 0) oddNul++
  }
  const pairs = n / 2
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le'
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be'
  return null
}

// The 500 most frequent characters of modern Chinese. A wrong double-byte guess (GBK read as Big5 or the
// reverse) yields rare characters; the right one yields these. Used only when chardet is unsure (short texts).
const frequentSimplified =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严'
let frequent: Set<string> | null = null

/** Share of a text's Han characters that are frequent ones, in Simplified or Traditional form. */
export function frequentHanShare(text: string): number {
  if (!frequent) frequent = new Set([...frequentSimplified, ...Converter({ from: 'cn', to: 'tw' })(frequentSimplified)])
  let han = 0
  let hits = 0
  for (const c of text) {
    if (!/\p{Script=Han}/u.test(c)) continue
    han++
    if (frequent.has(c)) hits++
  }
  return han === 0 ? 0 : hits / han
}

/** Bytes chardet looks at: 4 KB from the first non-ASCII byte (markup before it says nothing; its cost grows with size). */
function detectionSample(bytes: Uint8Array): Uint8Array {
  const first = bytes.findIndex((b) => b >= 0x80)
  // Starting at a byte that follows an ASCII byte keeps double-byte sequences aligned.
  return first < 0 ? bytes.subarray(0, 4096) : bytes.subarray(first, first + 4096)
}

const detectable: Record<string, string> = { 'UTF-8': 'utf-8', GB18030: 'gb18030', Big5: 'big5', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be' }

function invalidBytes(bytes: Uint8Array, encoding: string, how: string): IngestProblem {
  const at = firstInvalidByte(bytes, encoding)
  return problem(
    'invalid_bytes',
    `The file is ${how} ${encoding}, but byte ${at} (0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')}) is not valid ${encoding}, and no other encoding (UTF-8, GB18030, Big5, UTF-16) reads it cleanly either.`,
    { encoding, offset: at },
  )
}

/**
 * Decodes a text or HTML file. `declaration` is looked for only when `html` is true (a .txt file that
 * quotes `<meta charset>` says nothing about itself).
 */
export function decodeText(bytes: Uint8Array, options: { html: boolean }): { ok: true; decoded: Decoded } | { ok: false; problem: IngestProblem } {
  const b = bom(bytes)
  if (b) {
    const text = tryDecode(bytes.subarray(b.length), b.encoding)
    if (text === null) return { ok: false, problem: invalidBytes(bytes.subarray(b.length), b.encoding, 'marked (by its byte-order mark) as') }
    return { ok: true, decoded: { text, encoding: b.encoding, source: 'bom', confidence: 1, warnings: [] } }
  }
  const warnings: IngestWarning[] = []
  const label = options.html ? declaredEncoding(bytes) : null
  const declared = label ? normaliseEncodingLabel(label) : null
  if (declared) {
    const text = tryDecode(bytes, declared)
    if (text !== null) return { ok: true, decoded: { text, encoding: declared, source: 'declared', confidence: 1, warnings } }
    warnings.push(
      warning('declared_encoding_wrong', `The page declares ${label}, but its bytes are not valid ${declared} (from byte ${firstInvalidByte(bytes, declared)}); the encoding was detected instead.`, {
        declared: label!,
        offset: firstInvalidByte(bytes, declared),
      }),
    )
  }
  // Strict UTF-8 that decodes cleanly wins: GB18030 and Big5 would also "decode" much of it, wrongly.
  const utf8 = tryDecode(bytes, 'utf-8')
  if (utf8 !== null) return { ok: true, decoded: { text: utf8, encoding: 'utf-8', source: 'detected', confidence: 1, warnings } }
  const lanes = looksLikeBomlessUtf16(bytes)
  if (lanes) {
    const text = tryDecode(bytes, lanes)
    if (text !== null) return { ok: true, decoded: { text, encoding: lanes, source: 'detected', confidence: 0.9, warnings } }
  }
  const candidates = chardet
    .analyse(detectionSample(bytes))
    .filter((m) => detectable[m.name])
    .map((m) => ({ encoding: detectable[m.name], confidence: m.confidence / 100 }))
  // GB18030 reads almost any Chinese page; if chardet did not name it, it is still the likeliest fallback here.
  if (!candidates.some((c) => c.encoding === 'gb18030')) candidates.push({ encoding: 'gb18030', confidence: 0.5 })
  // A confident detection that decodes cleanly is taken at once (no need to decode the file in every candidate).
  for (const c of candidates) {
    if (c.confidence < UNCERTAIN_BELOW) break
    const text = tryDecode(bytes, c.encoding)
    if (text !== null) return { ok: true, decoded: { text, encoding: c.encoding, source: 'detected', confidence: c.confidence, warnings } }
  }
  const clean = candidates.flatMap((c) => {
    const text = tryDecode(bytes, c.encoding)
    return text === null ? [] : [{ ...c, text }]
  })
  // When chardet is unsure, the reading with more frequent characters is the right one (ties: GB18030).
  if (clean.length > 0 && clean[0].confidence < UNCERTAIN_BELOW) {
    const score = (c: (typeof clean)[number]) => frequentHanShare(c.text) + (c.encoding === 'gb18030' ? 0.01 : 0)
    clean.sort((a, b) => score(b) - score(a))
  }
  for (const c of clean) {
    const text = c.text
    if (c.confidence < UNCERTAIN_BELOW) {
      warnings.push(
        warning('encoding_uncertain', `The encoding was guessed as ${c.encoding} with ${Math.round(c.confidence * 100)}% confidence; check that the preview reads correctly.`, {
          encoding: c.encoding,
          confidence: Math.round(c.confidence * 100),
        }),
      )
    }
    return { ok: true, decoded: { text, encoding: c.encoding, source: 'detected', confidence: c.confidence, warnings } }
  }
  return { ok: false, problem: invalidBytes(bytes, declared ?? candidates[0]?.encoding ?? 'gb18030', declared ? 'declared as' : 'most likely') }
}
