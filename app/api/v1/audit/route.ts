import { handle } from '@/lib/api/endpoint'
import { instanceAuditEndpoint } from '@/lib/api/team-endpoints'
import { listAudit } from '@/lib/services/audit'

export const GET = handle(instanceAuditEndpoint, ({ actor, query }) => listAudit(actor, query))
