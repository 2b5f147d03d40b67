import { createExportEndpoint, listExportsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { createExport, listExports } from '@/lib/services/exports'

export const GET = handle(listExportsEndpoint, ({ actor, params }) => listExports(actor, params))
export const POST = handle(createExportEndpoint, ({ actor, params, body }) => createExport(actor, { ...body, ...params }))
