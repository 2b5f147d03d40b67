// Your own account (issue 12): password, sessions and access tokens, and redeeming an invitation
// link. The pages (/account, /settings, /invite/<token>) call the same services.
import { changedPasswordSchema, changePasswordBody, endedSessionsSchema, sessionListSchema } from '../schemas/account'
import { redeemedInvitationSchema, redeemInvitationBody } from '../schemas/invitations'
import { endSessionBody } from '../schemas/sessions'
import { createdTokenSchema, createTokenBody, tokenListSchema, tokenParams } from '../schemas/tokens'
import { endpoint } from './endpoint-spec'

export const changePasswordEndpoint = endpoint({
  method: 'post',
  path: '/account/password',
  summary: 'Change your own password (the current one is required); your other sessions end, this one stays',
  tag: 'Account',
  permission: 'authenticated',
  body: changePasswordBody,
  response: changedPasswordSchema,
  errors: [403, 429],
})

export const listSessionsEndpoint = endpoint({
  method: 'get',
  path: '/account/sessions',
  summary: 'Your active browser sessions, newest use first (from a signed-in browser, not with a token)',
  tag: 'Account',
  permission: 'browser',
  response: sessionListSchema,
  errors: [403],
})

export const endSessionsEndpoint = endpoint({
  method: 'post',
  path: '/account/sessions/end',
  summary: 'End one of your sessions ({handle}), all the others ({others: true}) or all, this one included ({all: true})',
  tag: 'Account',
  permission: 'browser',
  body: endSessionBody,
  response: endedSessionsSchema,
  errors: [403, 404],
})

export const listTokensEndpoint = endpoint({
  method: 'get',
  path: '/account/tokens',
  summary: 'Your personal access tokens, revoked ones included, newest first',
  tag: 'Account',
  permission: 'authenticated',
  response: tokenListSchema,
})

export const createTokenEndpoint = endpoint({
  method: 'post',
  path: '/account/tokens',
  summary: 'Create a personal access token; its secret is answered once (from a signed-in browser: a token cannot create tokens)',
  tag: 'Account',
  permission: 'browser',
  body: createTokenBody,
  response: createdTokenSchema,
  status: 201,
  errors: [403],
})

export const revokeTokenEndpoint = endpoint({
  method: 'delete',
  path: '/account/tokens/{tokenId}',
  summary: 'Revoke one of your tokens: it stops working at once',
  tag: 'Account',
  permission: 'authenticated',
  params: tokenParams,
  status: 204,
  errors: [404],
})

export const redeemInvitationEndpoint = endpoint({
  method: 'post',
  path: '/invitations/redeem',
  summary: 'Set your password through an invitation or reset link (no sign-in: the link is the proof); the link is used up. Sign in afterwards',
  tag: 'Account',
  permission: 'public',
  body: redeemInvitationBody,
  response: redeemedInvitationSchema,
  errors: [429],
})

export const accountEndpoints = [changePasswordEndpoint, listSessionsEndpoint, endSessionsEndpoint, listTokensEndpoint, createTokenEndpoint, revokeTokenEndpoint, redeemInvitationEndpoint]
