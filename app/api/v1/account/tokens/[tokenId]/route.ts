import { revokeTokenEndpoint } from '@/lib/api/account-endpoints'
import { handle } from '@/lib/api/endpoint'
import { revokeToken } from '@/lib/services/tokens'

export const DELETE = handle(revokeTokenEndpoint, ({ actor, params }) => revokeToken(actor, { id: params.tokenId }))
