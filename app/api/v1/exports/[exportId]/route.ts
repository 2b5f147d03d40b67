import { deleteExportEndpoint, getExportEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { deleteExport, getExport } from '@/lib/services/exports'

export const GET = handle(getExportEndpoint, ({ actor, params }) => getExport(actor, params))
export const DELETE = handle(deleteExportEndpoint, ({ actor, params }) => deleteExport(actor, params))
