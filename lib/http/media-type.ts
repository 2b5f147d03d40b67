/**
 * The media type of a Content-Type header, exactly: "type/subtype" before any parameter, lower-cased
 * (RFC 9110 §8.3.1). "text/plain;charset=application/json" is text/plain: only this exact reading
 * stops a cross-site form or no-cors fetch, which can send text/plain only, from passing as JSON.
 */
export function mediaTypeOf(header: string | null): { type: string; charset?: string } {
  const [essence, ...parameters] = (header ?? '').split(';')
  const type = essence.trim().toLowerCase()
  let charset: string | undefined
  for (const parameter of parameters) {
    const [name, ...value] = parameter.split('=')
    if (name.trim().toLowerCase() === 'charset') charset = value.join('=').trim().replace(/^"|"$/g, '').toLowerCase()
  }
  return { type, charset }
}
