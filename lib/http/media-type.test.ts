import { describe, expect, it } from 'vitest'
import { mediaTypeOf } from './media-type'

describe('mediaTypeOf', () => {
  it('reads the media type exactly, before any parameter', () => {
    expect(mediaTypeOf('application/json')).toEqual({ type: 'application/json', charset: undefined })
    expect(mediaTypeOf('Application/JSON; charset="UTF-8"')).toEqual({ type: 'application/json', charset: 'utf-8' })
    // The forged request of issue #17: a no-cors fetch may only send text/plain.
    expect(mediaTypeOf('text/plain;charset=application/json').type).toBe('text/plain')
    expect(mediaTypeOf('application/json-patch+json').type).not.toBe('application/json')
    expect(mediaTypeOf('text/plain; application/json').type).toBe('text/plain')
    expect(mediaTypeOf(null).type).toBe('')
  })
})
