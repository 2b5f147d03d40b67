// The one place that converts between UTF-16 indexes (JavaScript strings) and Unicode code points
// (the unit of every stored offset, as Python's str counts). See docs/architecture.md, "The offset contract".

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff
}
function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}

/**
 * Index over one text. Only astral characters (two UTF-16 units) make the two counts differ, so it
 * keeps their code-point positions and converts with a binary search: O(log n) per call.
 */
export class CodePointIndex {
  /** Code-point offsets of the astral characters, ascending. */
  private readonly astral: number[] = []
  readonly length: number
  readonly utf16Length: number

  constructor(readonly text: string) {
    let cp = 0
    for (let i = 0; i < text.length; i++, cp++) {
      if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.astral.push(cp)
        i++
      }
    }
    this.length = cp
    this.utf16Length = text.length
  }

  /** Number of astral characters strictly before code point `cp`. */
  private astralBefore(cp: number): number {
    let lo = 0
    let hi = this.astral.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.astral[mid] < cp) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  toUtf16(cp: number): number {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.length) throw new RangeError(`code point offset ${cp} is outside 0..${this.length}`)
    return cp + this.astralBefore(cp)
  }

  /** UTF-16 index → code point. An index inside a surrogate pair rounds down to its character. */
  toCodePoint(utf16: number): number {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.utf16Length) {
      throw new RangeError(`UTF-16 offset ${utf16} is outside 0..${this.utf16Length}`)
    }
    // Each astral character before the index adds one extra unit; find how many lie before it.
    let lo = 0
    let hi = this.astral.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      // UTF-16 start of astral char `mid` is astral[mid] + mid.
      if (this.astral[mid] + mid < utf16) lo = mid + 1
      else hi = mid
    }
    let cp = utf16 - lo
    // utf16 pointed at the low half of a pair: that unit belongs to the character before.
    if (lo > 0 && this.astral[lo - 1] + (lo - 1) + 1 === utf16) cp = this.astral[lo - 1]
    return cp
  }

  /** text[start:end] in code points, as Python slices. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end))
  }
}

export function codePointLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++, n++) {
    if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) i++
  }
  return n
}
