import { changePasswordEndpoint } from '@/lib/api/account-endpoints'
import { handle } from '@/lib/api/endpoint'
import { clientAddress } from '@/lib/auth/trusted-proxy'
import { changeOwnPassword } from '@/lib/services/account'

export const POST = handle(changePasswordEndpoint, ({ actor, body, request }) => changeOwnPassword(actor, { ...body, address: clientAddress(request.headers) }))
