// Guards every /api/v1 input passes before its schema: a body that is not UTF-8, a path segment
// that is not valid percent-encoding, and strings Postgres cannot store (NUL, lone surrogates)
// anywhere in a body or query — also in fields a schema passes through unread. Each is a 400 with
// a sentence, never a 500 (issue #17, hole 5).
import { invalid } from '../errors'
import { textProblem } from '../schemas/common'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** The body as text; bytes that are not UTF-8 are refused, not turned into U+FFFD. */
export async function readUtf8(request: Request): Promise<string> {
  const bytes = new Uint8Array(await request.arrayBuffer())
  try {
    return utf8.decode(bytes)
  } catch {
    throw invalid('The request body is not valid UTF-8; send JSON encoded as UTF-8.', undefined, { key: 'input.notUtf8' })
  }
}

/** The route's path parameters; a segment that is not valid percent-encoding (/documents/%ff) is a 400. */
export async function pathParams(context: { params: Promise<Record<string, string>> }): Promise<Record<string, string>> {
  let params: Record<string, string>
  try {
    params = await context.params
  } catch (error) {
    if (error instanceof URIError) throw badPercentEncoding()
    throw error
  }
  for (const value of Object.values(params)) if (typeof value === 'string' && textProblem(value)) throw badPercentEncoding()
  return params
}

const badPercentEncoding = () => invalid('A path segment is not a valid id (it is not valid percent-encoding, or holds characters an id cannot).', undefined, { key: 'input.badPathSegment' })

/** Refuses NUL and lone surrogates in any string or key of a parsed body or query, naming where. */
export function assertStorable(value: unknown, where: string, depth = 0): void {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    if (problem) throw invalid(`The request is not valid: ${where}: ${problem}.`, [{ path: where, message: problem }], { key: 'input.unstorableText', values: { field: where, problem } })
    return
  }
  if (!value || typeof value !== 'object' || depth > 64) return
  for (const [key, inner] of Object.entries(value)) {
    assertStorable(key, `${where} (a key)`, depth + 1)
    assertStorable(inner, `${where}.${key}`, depth + 1)
  }
}
