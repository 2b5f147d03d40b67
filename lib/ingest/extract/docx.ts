// .docx → HTML with mammoth (the well-kept reader of Word's XML), then the same HTML → text path as
// web pages: paragraphs become lines, tables become lines of cells.
import mammoth from 'mammoth'
import type { IngestProblem } from '../types'
import { htmlToText } from './html'
import { problem } from './problems'

export async function docxToText(bytes: Uint8Array): Promise<{ ok: true; text: string } | { ok: false; problem: IngestProblem }> {
  let html: string
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
    html = result.value
  } catch (error) {
    return {
      ok: false,
      problem: problem('broken_docx', 'The Word file (.docx) cannot be read: it is damaged or incomplete. Open it in Word or WPS, save it again, and import it again.', {
        detail: String((error as Error).message ?? error).slice(0, 200),
      }),
    }
  }
  return { ok: true, text: htmlToText(html).text }
}
