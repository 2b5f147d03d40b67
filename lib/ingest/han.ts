// Counting Han characters is done on every line and text node of every imported page: a regex match
// per call allocated an array of all matches, the largest single cost of reading a page after parsing.
// A table over the Basic Multilingual Plane, filled once from the same \p{Script=Han} the rest of the
// code uses, answers per code unit; the few astral characters still ask the regex.

const HAN = /^\p{Script=Han}$/u
let bmp: Uint8Array | null = null

function table(): Uint8Array {
  if (bmp) return bmp
  const t = new Uint8Array(0x10000)
  // Nothing below the CJK Radicals Supplement is Han; surrogates are handled by the caller.
  for (let c = 0x2e80; c < 0x10000; c++) if ((c < 0xd800 || c > 0xdfff) && HAN.test(String.fromCharCode(c))) t[c] = 1
  bmp = t
  return t
}

/** Whether the code point is in the Han script (as \p{Script=Han}). */
export function isHan(codePoint: number): boolean {
  if (codePoint < 0x2e80) return false
  if (codePoint < 0x10000) return table()[codePoint] === 1
  return HAN.test(String.fromCodePoint(codePoint))
}

/** The number of Han characters in `text` (code points, as the rest of the import counts). */
export function hanCount(text: string): number {
  const t = table()
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x2e80) continue
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        if (HAN.test(text.slice(i, i + 2))) n++
        i++
        continue
      }
    }
    if (t[c] === 1) n++
  }
  return n
}

/** The first `limit` Han characters of `text`, in order. */
export function firstHan(text: string, limit: number): string[] {
  const out: string[] = []
  for (const ch of text) {
    if (out.length >= limit) break
    if (isHan(ch.codePointAt(0)!)) out.push(ch)
  }
  return out
}
