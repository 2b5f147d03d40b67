import { getExportEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { getExport } from '@/lib/services/exports'

export const GET = handle(getExportEndpoint, ({ actor, params }) => getExport(actor, params))
