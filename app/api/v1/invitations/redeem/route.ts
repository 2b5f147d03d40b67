import { redeemInvitationEndpoint } from '@/lib/api/account-endpoints'
import { handlePublic } from '@/lib/api/endpoint'
import { clientAddress } from '@/lib/auth/trusted-proxy'
import { redeemInvitation } from '@/lib/services/invitations'

export const POST = handlePublic(redeemInvitationEndpoint, async ({ body, request }) => {
  const { email, projectIds } = await redeemInvitation({ ...body, address: clientAddress(request.headers) })
  return { email, projectIds }
})
