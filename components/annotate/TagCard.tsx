'use client'

import { Badge, Group, Paper, Stack, Text } from '@mantine/core'
import { useTranslations } from 'next-intl'
import { memo, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import type { TagView } from '@/lib/schemas/tags'
import type { HoverBus, Hover } from './hover'
import type { LabelInfo } from './labels'
import type { ReportEditorHandle } from './ReportEditor'
import { statusColor } from './TagList'
import { placeCard, type Band } from '@/lib/annotate/card-placement'

interface Props {
  bus: HoverBus
  editor: RefObject<ReportEditorHandle | null>
  focused: TagView | null
  /** The focused tag's span as drawn (a reviewer's draft correction, or the tag itself). */
  focusedSpan: { start: number; end: number } | null
  byId: Map<string, TagView>
  labels: Map<string, LabelInfo>
  fallbackAuthor: string
}

const CARD_WIDTH = 280
/** The card under the mouse (every tag there, innermost first), or else under the focused tag. */
export const TagCard = memo(function TagCard({ bus, editor, focused, focusedSpan, byId, labels, fallbackAuthor }: Props) {
  const t = useTranslations('annotate')
  const [hover, setHover] = useState<Hover | null>(null)
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null)
  const cardRef = useRef<HTMLDivElement>(null)
  useEffect(() => bus.subscribe(setHover), [bus])
  const ids = hover ? hover.ids : focused && focusedSpan ? [focused.id] : []
  const tags = ids.map((id) => byId.get(id)).filter((tg): tg is TagView => Boolean(tg))
  const first = tags[0]
  const targetSpan = hover ? (first ? { start: first.start, end: first.end } : null) : focusedSpan
  const hoverLeft = hover?.rect.left ?? null
  const { start, end } = targetSpan ?? { start: -1, end: -1 }
  const fStart = focusedSpan?.start ?? -1
  const fEnd = focusedSpan?.end ?? -1

  // Placed before the browser paints, again on scroll and resize (the room above and below changes).
  useLayoutEffect(() => {
    if (start < 0) return setPlace(null)
    const band = (from: number, to: number): Band | null => {
      const a = editor.current?.rectAt(from)
      const b = editor.current?.rectAt(to, -1)
      return a && b ? { top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom) } : null
    }
    const compute = () => {
      const target = band(start, end)
      const a = editor.current?.rectAt(start)
      if (!target || !a) return setPlace(null)
      const focusBand = fStart >= 0 ? band(fStart, fEnd) : null
      const text = document.querySelector('.tb-editor')?.getBoundingClientRect()
      const height = cardRef.current?.offsetHeight ?? 60
      setPlace(
        placeCard({ ...target, left: hoverLeft ?? a.left }, focusBand ? [target, focusBand] : [target], { width: CARD_WIDTH, height }, {
          width: window.innerWidth,
          height: window.innerHeight,
          textLeft: text?.left ?? 0,
          textRight: text?.right ?? window.innerWidth,
        }),
      )
    }
    compute()
    window.addEventListener('scroll', compute, { passive: true })
    window.addEventListener('resize', compute)
    return () => {
      window.removeEventListener('scroll', compute)
      window.removeEventListener('resize', compute)
    }
  }, [editor, start, end, fStart, fEnd, hoverLeft, tags.length])

  if (tags.length === 0 || start < 0) return null
  return (
    <Paper
      shadow="md"
      withBorder
      p={8}
      radius="md"
      data-testid="tag-tooltip"
      ref={cardRef}
      style={{ position: 'fixed', left: place?.left ?? 0, top: place?.top ?? 0, visibility: place ? undefined : 'hidden', zIndex: 50, width: CARD_WIDTH, pointerEvents: 'none' }}
    >
      <Stack gap={6}>
        {tags.map((tg) => (
          <div key={tg.id}>
            <Group gap={6} wrap="nowrap">
              <span style={{ width: 10, height: 10, borderRadius: 3, background: labels.get(tg.labelId)?.color, flexShrink: 0 }} />
              <Text size="xs" fw={600} truncate>
                {tg.labelPath.join(' / ')}
              </Text>
            </Group>
            <Group gap={6}>
              <Text size="xs" c="dimmed">
                {tg.authorName || fallbackAuthor}
              </Text>
              <Badge size="xs" variant="light" color={statusColor[tg.status]}>
                {t(`status.${tg.status}`)}
              </Badge>
            </Group>
          </div>
        ))}
      </Stack>
    </Paper>
  )
})
