import { describe, expect, it } from 'vitest'
import { decodeText, normaliseEncodingLabel } from './encoding'
import { encodeBig5, encodeGbk } from './test-helpers'

const report = '忻州市2019年法治政府建设情况报告。党的十九大以来，以习近平同志为核心的党中央把全面依法治国确立为新时代坚持和发展中国特色社会主义的基本方略。'
const page = (charset: string | null, body: string) =>
  `<!DOCTYPE html><html><head>${charset ? `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">` : ''}<title>报告</title></head><body><p>${body}</p></body></html>`

function decoded(bytes: Uint8Array, html = true) {
  const r = decodeText(bytes, { html })
  if (!r.ok) throw new Error(r.problem.message)
  return r.decoded
}

describe('decodeText', () => {
  it('reads a GBK page declared as gbk with the declaration, as GB18030', () => {
    const d = decoded(encodeGbk(page('gbk', report)))
    expect(d).toMatchObject({ encoding: 'gb18030', source: 'declared', confidence: 1 })
    expect(d.text).toContain(report)
  })

  it('reads a GBK page declared as gb2312 (a subset label that real sites use for GBK pages)', () => {
    const d = decoded(encodeGbk(`<html><head><meta charset="gb2312"></head><body>${report}</body></html>`))
    expect(d.encoding).toBe('gb18030')
    expect(d.source).toBe('declared')
    expect(d.text).toContain(report)
  })

  it('detects GBK when there is no declaration', () => {
    const d = decoded(encodeGbk(report.repeat(5)), false)
    expect(d.encoding).toBe('gb18030')
    expect(d.source).toBe('detected')
    expect(d.text).toBe(report.repeat(5))
  })

  it('does not believe a declaration the bytes contradict, and says so', () => {
    const d = decoded(new TextEncoder().encode(page('gb2312', report)))
    expect(d.encoding).toBe('utf-8')
    expect(d.source).toBe('detected')
    expect(d.text).toContain(report)
    expect(d.warnings.map((w) => w.code)).toEqual(['declared_encoding_wrong'])
  })

  it('a page declared UTF-8 whose bytes are GBK is read as GBK', () => {
    const d = decoded(encodeGbk(page('utf-8', report)))
    expect(d.encoding).toBe('gb18030')
    expect(d.text).toContain(report)
  })

  it('detects Big5 (a Traditional-script page without a declaration)', () => {
    const traditional = '臺北市政府關於2023年法治政府建設情況的報告。本府深入學習貫徹法治思想，全面推進依法行政，各項工作取得顯著成效。'
    const d = decoded(encodeBig5(traditional.repeat(4)), false)
    expect(d.encoding).toBe('big5')
    expect(d.text).toBe(traditional.repeat(4))
  })

  it('a short text chardet cannot place is read by which reading gives common characters, with a warning', () => {
    const gbk = decoded(encodeGbk('某市司法局报告'), false)
    expect(gbk).toMatchObject({ text: '某市司法局报告', encoding: 'gb18030', source: 'detected' })
    expect(gbk.confidence).toBeLessThan(0.8)
    expect(gbk.warnings.map((w) => w.code)).toEqual(['encoding_uncertain'])
    const big5 = decoded(encodeBig5('臺北市政府報告'), false)
    expect(big5).toMatchObject({ text: '臺北市政府報告', encoding: 'big5' })
    expect(big5.warnings.map((w) => w.code)).toEqual(['encoding_uncertain'])
  })

  it('a BOM decides: UTF-16LE, UTF-16BE and UTF-8', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(report, 'utf16le')])
    expect(decoded(le, false)).toMatchObject({ encoding: 'utf-16le', source: 'bom', text: report })
    const be = Buffer.from(le)
    be.swap16()
    expect(decoded(be, false)).toMatchObject({ encoding: 'utf-16be', source: 'bom', text: report })
    const u8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(report)])
    expect(decoded(u8, false)).toMatchObject({ encoding: 'utf-8', source: 'bom', text: report })
  })

  it('refuses bytes that no encoding reads cleanly, naming the encoding and the byte', () => {
    const bytes = Buffer.concat([Buffer.from(page('gbk', report).slice(0, 120)), Buffer.from([0x81, 0x20, 0xff, 0xff, 0x81, 0x0a])])
    const r = decodeText(bytes, { html: true })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problem.code).toBe('invalid_bytes')
    expect(r.problem.key).toBe('ingest.invalid_bytes')
    expect(r.problem.values?.encoding).toBe('gb18030')
    expect(r.problem.values?.offset).toBe(Buffer.byteLength(page('gbk', report).slice(0, 120)))
    expect(r.problem.message).toMatch(/byte \d+ \(0x81\) is not valid gb18030/)
  })

  it('maps the labels sites use onto the decoders', () => {
    expect(normaliseEncodingLabel('GB2312')).toBe('gb18030')
    expect(normaliseEncodingLabel('x-gbk')).toBe('gb18030')
    expect(normaliseEncodingLabel('UTF8')).toBe('utf-8')
    expect(normaliseEncodingLabel('big5')).toBe('big5')
    expect(normaliseEncodingLabel('no-such-thing')).toBeNull()
  })
})
