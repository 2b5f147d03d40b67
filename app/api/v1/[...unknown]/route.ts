// Any /api/v1 path that no endpoint serves: a JSON 404 (a script should never get the HTML page).
import { errorResponse } from '@/lib/api/endpoint'
import { DomainError } from '@/lib/errors'

function unknownRoute(request: Request): Response {
  const { pathname } = new URL(request.url)
  const method = request.method.toUpperCase()
  return errorResponse(
    new DomainError('not_found', `There is no API endpoint ${method} ${pathname}; the endpoints are listed in /api/v1/openapi.json.`, undefined, {
      key: 'input.unknownEndpoint',
      values: { method, path: pathname },
    }),
  )
}

export const GET = unknownRoute
export const POST = unknownRoute
export const PUT = unknownRoute
export const PATCH = unknownRoute
export const DELETE = unknownRoute
