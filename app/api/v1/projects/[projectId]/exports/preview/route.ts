import { previewExportEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { previewExport } from '@/lib/services/exports'

export const POST = handle(previewExportEndpoint, ({ actor, params, body }) => previewExport(actor, { ...body, ...params }))
