import { describe, expect, it } from 'vitest'
import { placeCard, type Band } from './card-placement'

const view = { width: 1280, height: 800, textLeft: 300, textRight: 950 }
const card = { width: 280, height: 70 }
const overlaps = (top: number, band: Band) => top < band.bottom && top + card.height > band.top

describe('placeCard', () => {
  it('puts the card below the tag when there is room, not over any of its lines', () => {
    const tag = { top: 200, bottom: 330, left: 320 }
    const at = placeCard(tag, [tag], card, view)
    expect(at.top).toBeGreaterThanOrEqual(330)
    expect(at.left).toBe(320)
  })

  it('goes above the tag near the bottom of the window, and follows a tag that grew', () => {
    const tag = { top: 600, bottom: 760, left: 320 }
    const at = placeCard(tag, [tag], card, view)
    expect(at.top + card.height).toBeLessThanOrEqual(600)
    const grown = { ...tag, top: 560 }
    expect(placeCard(grown, [grown], card, view).top + card.height).toBeLessThanOrEqual(560)
  })

  it('leaves the focused tag readable while another tag is hovered', () => {
    const hovered = { top: 300, bottom: 334, left: 400 }
    const focused = { top: 340, bottom: 480 }
    const at = placeCard(hovered, [hovered, focused], card, view)
    expect(overlaps(at.top, hovered)).toBe(false)
    expect(overlaps(at.top, focused)).toBe(false)
  })

  it('never goes under the header, and beside the text when the tag fills the window', () => {
    const tall = { top: 40, bottom: 900, left: 320 }
    const at = placeCard(tall, [tall], card, view)
    expect(at.top).toBeGreaterThanOrEqual(60)
    expect(at.left).toBeGreaterThanOrEqual(view.textRight)
  })

  it('keeps the card inside the window horizontally', () => {
    const tag = { top: 200, bottom: 234, left: 1200 }
    const at = placeCard(tag, [tag], card, view)
    expect(at.left + card.width).toBeLessThanOrEqual(view.width)
  })
})
