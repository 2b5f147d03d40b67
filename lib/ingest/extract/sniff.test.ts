import { describe, expect, it } from 'vitest'
import { looksLikeHtml, sniff } from './sniff'
import { docxOf, zipOf } from './test-helpers'

const b = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))

describe('sniff', () => {
  it('finds HTML after a BOM, white space, comments and an XML prolog, whatever the name', () => {
    expect(sniff(b('\uFEFF  <!-- saved from url=(0022)http://example.gov.cn/ -->\n<html><body>x</body></html>'))).toEqual({ kind: 'html' })
    expect(sniff(b('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN"><html>'))).toEqual({ kind: 'html' })
    expect(sniff(b('<div class="article"><p>正文</p></div>'))).toEqual({ kind: 'html' })
    expect(sniff(b('<TABLE width=100%><tr><td>报告</td></tr></TABLE>'))).toEqual({ kind: 'html' })
  })

  it('plain text stays text, even when it mentions a tag later on', () => {
    expect(sniff(b('忻州市2019年法治政府建设情况报告\n\n党的十九大以来，…… 用 <p> 分段'))).toEqual({ kind: 'text' })
    expect(looksLikeHtml('报告全文')).toBe(false)
  })

  it('PDF, docx, another zip, and a Word 97–2003 file are told apart by their bytes', async () => {
    expect(sniff(b('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toEqual({ kind: 'pdf' })
    expect(sniff(await docxOf(['报告']))).toEqual({ kind: 'docx' })
    expect(sniff(await zipOf({ 'a/b.html': '<html></html>' }))).toEqual({ kind: 'archive' })
    const ole = new Uint8Array(2048)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    ole.set(Buffer.from('WordDocument', 'utf16le'), 1024)
    const doc = sniff(ole)
    expect(doc.kind).toBe('unsupported')
    if (doc.kind === 'unsupported') expect(`${doc.looksLike}: ${doc.advice}`).toMatch(/Word 97–2003.*save it as \.docx/)
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 1024)
    expect(sniff(ole)).toEqual({ kind: 'encrypted_office' })
  })

  it('binary garbage and images are unsupported', () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256)
    expect(sniff(garbage).kind).toBe('unsupported')
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toMatchObject({ kind: 'unsupported', looksLike: 'an image' })
  })

  it('UTF-16 text without a BOM is text, not binary', () => {
    expect(sniff(new Uint8Array(Buffer.from('Report 2023: rule of law, annual report of the city government.', 'utf16le')))).toEqual({ kind: 'text' })
  })
})
