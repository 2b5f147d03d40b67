// bytes → ExtractedFile: what the file is (sniffed), its encoding, its whole text (chrome included) and
// where the report's body lies in it, in code points (docs/architecture.md, "The offset contract").
// Every refusal is an IngestProblem with its own sentence; nothing here throws on bad input.
import { CodePointIndex } from '@/lib/text/codepoints'
import type { ExtractedFile, ExtractionResult, IngestWarning } from '../types'
import { findBody, findHtmlBody } from './body'
import { docxToText } from './docx'
import { decodeText } from './encoding'
import { htmlToText } from './html'
import { normaliseText } from './normalise'
import { pdfToText } from './pdf'
import { problem } from './problems'
import { sniff } from './sniff'

/** The largest single file read (a report is rarely over 5 MB; scanned PDFs are refused anyway). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024

const refuse = (p: ReturnType<typeof problem>): ExtractionResult => ({ ok: false, problem: p })

/** A text with no letter or digit in it has nothing to import. */
const hasReadableText = (text: string) => /[\p{L}\p{N}]/u.test(text)

function toCodePoints(text: string, body: { start: number; end: number } | null): ExtractedFile['body'] {
  if (!body) return null
  const index = new CodePointIndex(text)
  return { start: index.toCodePoint(body.start), end: index.toCodePoint(body.end) }
}

export async function extractFile(bytes: Uint8Array, fileName: string): Promise<ExtractionResult> {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    const mb = Math.round((bytes.byteLength / 1024 / 1024) * 10) / 10
    return refuse(problem('too_large', `${fileName} is ${mb} MB; files over ${MAX_FILE_BYTES / 1024 / 1024} MB are not read.`, { file: fileName, sizeMb: mb, limitMb: MAX_FILE_BYTES / 1024 / 1024 }))
  }
  if (bytes.byteLength === 0) return refuse(problem('empty', `${fileName} is empty (0 bytes).`, { file: fileName }))
  const kind = sniff(bytes)
  switch (kind.kind) {
    case 'archive':
      return refuse(problem('archive_inside', `${fileName} is a zip archive; archives are unpacked on upload, not read as one report.`, { file: fileName }))
    case 'encrypted_office':
      return refuse(problem('encrypted_docx', `${fileName} is a password-protected Word file; remove the password in Word or WPS (File → Info → Protect document) and import it again.`, { file: fileName }))
    case 'unsupported':
      return refuse(problem('unsupported_type', `${fileName} looks like ${kind.looksLike}, which cannot be imported: ${kind.advice}.`, { file: fileName, looksLike: kind.looksLike, advice: kind.advice }))
    case 'docx':
    case 'pdf': {
      const read = kind.kind === 'docx' ? await docxToText(bytes) : await pdfToText(bytes)
      if (!read.ok) return refuse({ ...read.problem, values: { file: fileName, ...read.problem.values } })
      const text = normaliseText(read.text)
      if (!hasReadableText(text)) {
        return kind.kind === 'pdf'
          ? refuse(problem('pdf_no_text_layer', `${fileName} has no text layer: this looks like a scan; OCR is not supported.`, { file: fileName }))
          : refuse(problem('empty_body', `${fileName} holds no text.`, { file: fileName }))
      }
      return {
        ok: true,
        file: { format: kind.kind, encoding: null, encodingSource: 'container', encodingConfidence: 1, text, body: toCodePoints(text, findBody(text)), warnings: [] },
      }
    }
    case 'html':
    case 'text': {
      const decoded = decodeText(bytes, { html: kind.kind === 'html' })
      if (!decoded.ok) return refuse({ ...decoded.problem, message: `${fileName}: ${decoded.problem.message}`, values: { file: fileName, ...decoded.problem.values } })
      const { text: raw, encoding, source, confidence } = decoded.decoded
      const warnings: IngestWarning[] = [...decoded.decoded.warnings]
      let file: ExtractedFile
      if (kind.kind === 'html') {
        const html = htmlToText(raw)
        file = { format: 'html', encoding, encodingSource: source, encodingConfidence: confidence, text: html.text, body: null, page: html.page, warnings }
        if (hasReadableText(html.text)) file.body = toCodePoints(html.text, findHtmlBody(html.text, html.spans))
      } else {
        const text = normaliseText(raw)
        file = { format: 'text', encoding, encodingSource: source, encodingConfidence: confidence, text, body: null, warnings }
        if (hasReadableText(text)) file.body = toCodePoints(text, findBody(text))
      }
      if (!hasReadableText(file.text)) return refuse(problem('empty_body', `${fileName} holds no readable text.`, { file: fileName }))
      return { ok: true, file }
    }
  }
}
