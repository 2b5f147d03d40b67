import { handleFile } from '@/lib/api/endpoint'
import { researchConcordanceDownloadEndpoint } from '@/lib/api/research-endpoints'
import { concordanceCsvStream, concordanceXlsx } from '@/lib/research/download'
import { concordanceLines, XLSX_LINE_LIMIT } from '@/lib/services/research'

export const GET = handleFile(researchConcordanceDownloadEndpoint, async ({ actor, params, query }) => {
  const { format, ...filter } = query
  const headers = { 'Cache-Control': 'private, no-store' }
  if (format === 'xlsx') {
    const batches = concordanceLines(actor, { projectId: params.projectId, ...filter }, XLSX_LINE_LIMIT)
    // The first batch is read before the answer starts, so that a refusal (too many lines) is a 400, not a broken file.
    const file = await concordanceXlsx(batches)
    return new Response(new Uint8Array(file), {
      headers: { ...headers, 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': 'attachment; filename="concordance.xlsx"' },
    })
  }
  const batches = concordanceLines(actor, { projectId: params.projectId, ...filter })
  // Read the first batch now: a refused request (not found) answers with its status, not a cut stream.
  const first = await batches.next()
  async function* all() {
    if (!first.done) yield first.value
    yield* batches
  }
  return new Response(concordanceCsvStream(all()), {
    headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="concordance.csv"' },
  })
})
