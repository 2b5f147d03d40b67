import { agreementEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { projectAgreement } from '@/lib/services/dashboard'

export const GET = handle(agreementEndpoint, ({ actor, params }) => projectAgreement(actor, params))
