import { describe, expect, it } from 'vitest'
import { assignLayers } from './layers'

describe('assignLayers', () => {
  it('gives overlapping spans different layers and reuses a layer once it is free', () => {
    const layers = assignLayers([
      { id: 'a', start: 0, end: 10 },
      { id: 'b', start: 2, end: 5 },
      { id: 'c', start: 4, end: 12 },
      { id: 'd', start: 10, end: 14 },
      { id: 'e', start: 20, end: 22 },
    ])
    expect(layers.get('a')).not.toBe(layers.get('b'))
    expect(new Set(['a', 'b', 'c'].map((id) => layers.get(id))).size).toBe(3)
    expect(layers.get('d')).toBe(0) // a ended at 10
    expect(layers.get('e')).toBe(0)
  })
})
