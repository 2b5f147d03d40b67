'use client'

import { NavLink, ScrollAreaAutosize } from '@mantine/core'
import { memo } from 'react'
import type { OutlineEntry } from '@/lib/text/outline'

/** The numbered sections; a long report has hundreds, so this renders only when its props change. */
export const OutlineList = memo(function OutlineList({ entries, onPick }: { entries: OutlineEntry[]; onPick: (start: number) => void }) {
  return (
    <ScrollAreaAutosize mah="calc(100vh - 200px)" type="auto" offsetScrollbars data-testid="outline">
      {entries.map((e, i) => (
        <NavLink
          key={i}
          component="button"
          label={e.title}
          onClick={() => onPick(e.start)}
          pl={4 + (e.level - 1) * 14}
          py={3}
          styles={{ label: { fontSize: e.level === 1 ? 13 : 12.5, fontWeight: e.level === 1 ? 600 : 400 } }}
          c={e.level === 3 ? 'dimmed' : undefined}
        />
      ))}
    </ScrollAreaAutosize>
  )
})
