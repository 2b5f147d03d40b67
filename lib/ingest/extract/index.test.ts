import { chromium } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { CodePointIndex } from '@/lib/text/codepoints'
import { extractFile, MAX_FILE_BYTES } from './index'
import { docxOf, encryptedPdf, scanLikePdf } from './test-helpers'

const paragraphs = [
  '某市司法局关于2023年法治政府建设情况的报告',
  '2023年，某市司法局在市委市政府的坚强领导下，深入学习贯彻习近平法治思想，全面推进法治政府建设，取得了明显成效。现将有关情况报告如下：',
  '一、主要举措和成效',
  '（一）加强组织领导。市委市政府高度重视法治政府建设工作，把法治政府建设纳入全市经济社会发展总体规划，𠮷祥路街道率先完成示范创建。',
  '某市司法局',
  '2024年1月15日',
]

async function problemOf(bytes: Uint8Array, name = 'f') {
  const r = await extractFile(bytes, name)
  if (r.ok) throw new Error(`expected a refusal, got a ${r.file.format}`)
  expect(r.problem.key).toBe(`ingest.${r.problem.code}`)
  return r.problem
}

function bodyText(file: { text: string; body: { start: number; end: number } | null }) {
  expect(file.body).not.toBeNull()
  return new CodePointIndex(file.text).slice(file.body!.start, file.body!.end)
}

let textPdf: Uint8Array

beforeAll(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage()
    await page.setContent(`<html><body style="font-family: 'Noto Serif CJK SC', serif">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`)
    textPdf = new Uint8Array(await page.pdf({ format: 'A4' }))
  } finally {
    await browser.close()
  }
}, 60_000)

describe('extractFile: docx', () => {
  it('reads paragraphs as lines and finds the body with its signature', async () => {
    const r = await extractFile(await docxOf(paragraphs), 'report.bin')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.file).toMatchObject({ format: 'docx', encoding: null, encodingSource: 'container' })
    expect(r.file.text).toBe(paragraphs.join('\n\n'))
    const body = bodyText(r.file)
    expect(body.startsWith('2023年，某市司法局')).toBe(true)
    expect(body.endsWith('某市司法局\n\n2024年1月15日')).toBe(true)
  })

  it('a damaged .docx gets its own sentence', async () => {
    const whole = await docxOf(paragraphs)
    const p = await problemOf(whole.subarray(0, Math.floor(whole.length / 2)), 'broken.docx')
    expect(p.code).toBe('broken_docx')
    expect(p.message).toMatch(/cannot be read: it is damaged/)
  })

  it('a password-protected .docx (an OLE file holding EncryptedPackage) is refused as encrypted', async () => {
    const ole = new Uint8Array(4096)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 1200)
    expect((await problemOf(ole, 'secret.docx')).code).toBe('encrypted_docx')
  })
})

describe('extractFile: pdf', () => {
  it('reads a Chinese text-layer PDF into lines, with ideographs (not Kangxi radicals) and the body found', async () => {
    const r = await extractFile(textPdf, 'report.pdf')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.file.format).toBe('pdf')
    expect(r.file.text).toContain('深入学习贯彻习近平法治思想，全面推进法治政府建设，取得了明显成效。')
    expect(r.file.text).not.toMatch(/[\u2f00-\u2fdf]/)
    const body = bodyText(r.file)
    expect(body.startsWith('2023年，某市司法局')).toBe(true)
    expect(body.endsWith('2024年1月15日')).toBe(true)
    // Astral characters count as one code point in the offsets.
    expect(r.file.text).toContain('𠮷祥路')
  })

  it('a PDF with only an image: no text layer, a scan', async () => {
    const p = await problemOf(scanLikePdf(), 'scan.pdf')
    expect(p.code).toBe('pdf_no_text_layer')
    expect(p.message).toContain('no text layer: this looks like a scan; OCR is not supported')
  })

  it('a password-protected PDF and a damaged PDF each get their own sentence', async () => {
    expect((await problemOf(encryptedPdf(), 'locked.pdf')).code).toBe('encrypted_pdf')
    const broken = await problemOf(textPdf.subarray(0, 400), 'cut.pdf')
    expect(broken.code).toBe('broken_pdf')
  })
})

describe('extractFile: refusals', () => {
  it('over the size limit, empty, an archive, a .doc, binary garbage, whitespace only', async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1)
    const tooLarge = await problemOf(big, 'huge.html')
    expect(tooLarge.code).toBe('too_large')
    expect(tooLarge.message).toMatch(/huge\.html is 50 MB; files over 50 MB are not read/)
    expect((await problemOf(new Uint8Array(0))).code).toBe('empty')
    const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)])
    expect((await problemOf(zip)).code).toBe('archive_inside')
    const ole = new Uint8Array(2048)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    ole.set(Buffer.from('WordDocument', 'utf16le'), 600)
    const doc = await problemOf(ole, 'old.doc')
    expect(doc.code).toBe('unsupported_type')
    expect(doc.message).toMatch(/Word 97–2003.*save it as \.docx/)
    expect((await problemOf(new Uint8Array(3000).map((_, i) => (i * 131) % 256))).code).toBe('unsupported_type')
    expect((await problemOf(new TextEncoder().encode(' \n\u3000\n\t'))).code).toBe('empty_body')
    expect((await problemOf(new TextEncoder().encode('<html><body><script>x()</script></body></html>'))).code).toBe('empty_body')
  })

  it('a page whose bytes no encoding reads gets the encoding and the byte in its sentence', async () => {
    const bytes = Buffer.concat([Buffer.from('<html><head><meta charset="gbk"></head><body><p>'), Buffer.from([0xd6, 0xd0, 0x81, 0x0a, 0xff, 0x81, 0x7f])])
    const p = await problemOf(bytes, 'bad.html')
    expect(p.code).toBe('invalid_bytes')
    expect(p.message).toMatch(/^bad\.html: .*gb18030/)
  })
})

describe('extractFile: html', () => {
  it('an HTML page keeps no markup or script in its text, and reports its encoding and page fields', async () => {
    const page = `<!doctype html><html><head><meta charset="utf-8"><title>报告</title><script>window.x = "脚本内容"</script></head>
      <body onload="steal()"><p>${paragraphs[1]}</p><img src=x onerror="alert('xss')"><p>${paragraphs[3]}</p></body></html>`
    const r = await extractFile(new TextEncoder().encode(page), 'a.htm')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.file).toMatchObject({ format: 'html', encoding: 'utf-8', encodingSource: 'declared', encodingConfidence: 1 })
    expect(r.file.text).not.toMatch(/<|>|脚本内容|steal|alert|onerror/)
    expect(r.file.page?.title).toBe('报告')
    expect(bodyText(r.file).startsWith('2023年，')).toBe(true)
  })
})
