// The concordance as a file: CSV streamed batch by batch from a cursor (constant memory, any size),
// or XLSX, which write-excel-file builds in memory, so it is bounded (XLSX_LINE_LIMIT).
import { stringify } from 'csv-stringify/sync'
import writeXlsxFile, { type SheetData } from 'write-excel-file/node'
import type { ConcordanceLine } from '../schemas/research'

export const concordanceColumns = ['label', 'province', 'city', 'year', 'title', 'left', 'quote', 'right', 'status', 'document_id', 'tag_id', 'start', 'end'] as const

function record(line: ConcordanceLine): (string | number | null)[] {
  return [line.labelPath, line.province, line.city, line.year, line.title, line.left, line.quote, line.right, line.status, line.documentId, line.tagId, line.start, line.end]
}

/** CSV text of the lines; with `header`, the BOM (for Excel) and the column names first. */
export function concordanceCsv(lines: ConcordanceLine[], header: boolean): string {
  // escape_formulas: a passage starting with = + - @ must not run as a formula in a spreadsheet.
  return stringify(header ? [[...concordanceColumns], ...lines.map(record)] : lines.map(record), { bom: header, escape_formulas: true })
}

/** A byte stream of the CSV over batches of lines: the next batch is read only when the client takes the last. */
export function concordanceCsvStream(batches: AsyncGenerator<ConcordanceLine[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let header = true
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await batches.next()
      if (next.done) {
        if (header) controller.enqueue(encoder.encode(concordanceCsv([], true)))
        controller.close()
        return
      }
      controller.enqueue(encoder.encode(concordanceCsv(next.value, header)))
      header = false
    },
    async cancel() {
      // The client went away: end the cursor's transaction and give its connection back.
      await batches.return(undefined)
    },
  })
}

/** The lines as one XLSX sheet (the caller has bounded their number). */
export async function concordanceXlsx(batches: AsyncGenerator<ConcordanceLine[]>): Promise<Buffer> {
  // Plain values: write-excel-file writes a string as text (never a formula) and a number as a number.
  const rows: SheetData = [concordanceColumns.map((name) => ({ value: name, fontWeight: 'bold' as const }))]
  for await (const batch of batches) for (const line of batch) rows.push(record(line))
  return (await writeXlsxFile(rows, { sheet: 'concordance' }).toBuffer()) as Buffer
}
