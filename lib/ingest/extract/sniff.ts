// What the bytes are, from the bytes alone (never the file name: crawlers save .shtml, .do, .aspx and
// no extension at all). Anything we do not read gets a sentence that says what it looks like.
import { looksLikeBomlessUtf16 } from './encoding'

export type Sniffed =
  | { kind: 'pdf' | 'docx' | 'html' | 'text' }
  | { kind: 'archive' }
  | { kind: 'encrypted_office' }
  | { kind: 'unsupported'; looksLike: string; advice: string }

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1')
const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b)

function contains(bytes: Uint8Array, needle: string, encoding: BufferEncoding = 'latin1'): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(needle, encoding))
}

const htmlStart = /^<(?:!doctype\s+html|html|head|body|div|p|table|meta|title|link|base|script|style|center|font|span|form|h[1-6]|frameset|iframe)[\s>/]/i

/** True when the decoded head of a file is an HTML page: a tag near the start, after BOM, whitespace, comments, an XML prolog. */
export function looksLikeHtml(head: string): boolean {
  let s = head.replace(/^\uFEFF/, '')
  for (;;) {
    const before = s
    s = s.replace(/^\s+/, '').replace(/^<!--[\s\S]*?-->/, '').replace(/^<\?xml[\s\S]*?\?>/, '')
    if (s === before) break
  }
  if (htmlStart.test(s)) return true
  // Some saved pages open with stray text before the markup; a document-level tag early on still decides it.
  return /<(?:html|head|body)[\s>]/i.test(head.slice(0, 1024)) || /<!doctype\s+html/i.test(head.slice(0, 1024))
}

function mostlyBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192)
  if (n === 0) return false
  let control = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i]
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f) control++
  }
  return control > n * 0.02
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (contains(bytes.subarray(0, 1024), '%PDF-')) return { kind: 'pdf' }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // Names are stored uncompressed in the local headers and the central directory.
    if (contains(bytes, 'word/document.xml')) return { kind: 'docx' }
    if (contains(bytes, 'xl/workbook.xml')) return { kind: 'unsupported', looksLike: 'an Excel workbook (.xlsx)', advice: 'save the report as .docx, .pdf or .txt' }
    if (contains(bytes, 'ppt/presentation.xml')) return { kind: 'unsupported', looksLike: 'a PowerPoint file (.pptx)', advice: 'save the report as .docx, .pdf or .txt' }
    if (contains(bytes, 'content.xml') && contains(bytes, 'opendocument')) return { kind: 'unsupported', looksLike: 'an OpenDocument file (.odt)', advice: 'save it as .docx' }
    return { kind: 'archive' }
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // A password-protected .docx is an OLE container holding an "EncryptedPackage" stream (names are UTF-16LE).
    if (contains(bytes, 'EncryptedPackage', 'utf16le')) return { kind: 'encrypted_office' }
    if (contains(bytes, 'WordDocument', 'utf16le')) return { kind: 'unsupported', looksLike: 'a Word 97–2003 document (.doc)', advice: 'open it in Word or WPS and save it as .docx' }
    if (contains(bytes, 'Workbook', 'utf16le')) return { kind: 'unsupported', looksLike: 'an Excel 97–2003 workbook (.xls)', advice: 'save the report as .docx, .pdf or .txt' }
    return { kind: 'unsupported', looksLike: 'an old Microsoft Office file', advice: 'save it as .docx' }
  }
  const head = ascii(bytes, 0, 8)
  if (head.startsWith('{\\rtf')) return { kind: 'unsupported', looksLike: 'an RTF document', advice: 'save it as .docx' }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || head.startsWith('GIF8') || head.startsWith('II*\0') || head.startsWith('MM\0*'))
    return { kind: 'unsupported', looksLike: 'an image', advice: 'OCR is not supported; import the report as text, .docx or a PDF with a text layer' }
  if (head.startsWith('Rar!') || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || startsWith(bytes, [0x1f, 0x8b]))
    return { kind: 'unsupported', looksLike: 'a RAR, 7z or gzip archive', advice: 'pack the files as a .zip' }
  const bomUtf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])
  const utf16 = bomUtf16 ? (bytes[0] === 0xff ? 'utf-16le' : 'utf-16be') : looksLikeBomlessUtf16(bytes)
  if (!utf16 && mostlyBinary(bytes)) return { kind: 'unsupported', looksLike: 'a binary file, not text', advice: 'import .html, .txt, .docx or .pdf' }
  const headText = utf16 ? new TextDecoder(utf16).decode(bytes.subarray(0, 4096)) : Buffer.from(bytes.subarray(0, 4096)).toString('latin1')
  return { kind: looksLikeHtml(headText) ? 'html' : 'text' }
}
