import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { downloadExportEndpoint } from '@/lib/api/endpoints'
import { handleFile } from '@/lib/api/endpoint'
import { exportDownload } from '@/lib/services/exports'

export const GET = handleFile(downloadExportEndpoint, async ({ actor, params }) => {
  const { file, fileName, bytes } = await exportDownload(actor, params)
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Length': String(bytes),
      // The project name may be Chinese: filename* carries it, filename is the ASCII fallback.
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  })
})
