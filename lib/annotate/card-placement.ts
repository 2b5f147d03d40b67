// Where the tag card goes on screen (components/annotate/TagCard.tsx): next to the tag it
// describes, never over the lines it must leave readable (that tag, and the focused one, whose
// ends ] and [ move). Pure: viewport coordinates in, a position out.

const GAP = 6
/** Below the app's header; the card may cover the sticky toolbar but not the header's menus. */
const TOP_LIMIT = 60

export interface Band {
  top: number
  bottom: number
}

/**
 * Where the card goes: below the tag's last line if it fits there, else above its first line, never
 * over a band it must not cover (the tag it describes, and the focused tag). A tag taller than the
 * window leaves no such room: the card then goes beside the text if there is room, else at the
 * window's bottom edge.
 */
export function placeCard(
  target: Band & { left: number },
  avoid: Band[],
  card: { width: number; height: number },
  view: { width: number; height: number; textLeft: number; textRight: number },
): { left: number; top: number } {
  const left = Math.max(4, Math.min(target.left, view.width - card.width - 20))
  const free = (top: number) => top >= TOP_LIMIT && top + card.height <= view.height - 4 && avoid.every((b) => top + card.height <= b.top || top >= b.bottom)
  const below = target.bottom + GAP
  if (free(below)) return { left, top: below }
  const above = target.top - GAP - card.height
  if (free(above)) return { left, top: above }
  const top = Math.max(TOP_LIMIT, Math.min(target.top, view.height - card.height - 4))
  if (view.textRight + GAP + card.width <= view.width) return { left: view.textRight + GAP, top }
  if (view.textLeft - GAP - card.width >= 0) return { left: view.textLeft - GAP - card.width, top }
  return { left, top: view.height - card.height - 4 }
}

