import { handle } from '@/lib/api/endpoint'
import { projectAuditEndpoint } from '@/lib/api/member-endpoints'
import { listProjectAudit } from '@/lib/services/members'

export const GET = handle(projectAuditEndpoint, ({ actor, params }) => listProjectAudit(actor, params))
