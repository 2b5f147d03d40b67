import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { childColors } from './colors'

function hue(hex: string): number {
  const n = parseInt(hex.slice(1), 16)
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((x) => x / 255)
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  const d = max - min
  if (d === 0) return 0
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
  return (h * 60 + 360) % 360
}

function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360
  return Math.min(d, 360 - d)
}

const taxonomy = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../seeds/corpus/taxonomy.json'), 'utf8')) as {
  labels: { color: string }[]
}
// The four seeded top-level colours (red wraps around hue 0) and two more.
const parents = [...taxonomy.labels.map((l) => l.color), '#7c3aed', '#0891b2']

describe('childColors', () => {
  it('starts from the seeded parent colours', () => {
    expect(parents.length).toBeGreaterThanOrEqual(4)
    for (const parent of parents) expect(parent).toMatch(/^#[0-9a-f]{6}$/i)
  })

  for (const parent of parents) {
    it(`gives n distinct #rrggbb colours near the hue of ${parent}`, () => {
      for (let n = 1; n <= 9; n++) {
        const colors = childColors(parent, n)
        expect(colors).toHaveLength(n)
        for (const color of colors) {
          expect(color).toMatch(/^#[0-9a-f]{6}$/)
          expect(hueDistance(hue(color), hue(parent)), `${color} for ${parent}, n=${n}`).toBeLessThanOrEqual(20)
        }
        expect(new Set(colors).size).toBe(n)
      }
    })
  }

  it('is deterministic', () => {
    expect(childColors('#16a34a', 5)).toEqual(childColors('#16a34a', 5))
  })

  it('returns nothing for no children', () => {
    expect(childColors('#2563eb', 0)).toEqual([])
  })
})
