'use client'

import { Badge, Group, Paper, Stack, Text } from '@mantine/core'
import { useTranslations } from 'next-intl'
import { memo, useEffect, useState, type RefObject } from 'react'
import type { TagView } from '@/lib/schemas/tags'
import type { HoverBus, Hover } from './hover'
import type { LabelInfo } from './labels'
import type { ReportEditorHandle } from './ReportEditor'
import { statusColor } from './TagList'

interface Props {
  bus: HoverBus
  editor: RefObject<ReportEditorHandle | null>
  focused: TagView | null
  byId: Map<string, TagView>
  labels: Map<string, LabelInfo>
  fallbackAuthor: string
}

/** The card under the mouse (every tag there, innermost first), or else under the focused tag. */
export const TagCard = memo(function TagCard({ bus, editor, focused, byId, labels, fallbackAuthor }: Props) {
  const t = useTranslations('annotate')
  const [hover, setHover] = useState<Hover | null>(null)
  const [focusRect, setFocusRect] = useState<DOMRect | null>(null)
  useEffect(() => bus.subscribe(setHover), [bus])
  useEffect(() => {
    if (!focused) return
    const place = () => {
      const r = editor.current?.rectAt(focused.start)
      setFocusRect(r ? new DOMRect(r.left, r.top, 0, r.bottom - r.top) : null)
    }
    place()
    window.addEventListener('scroll', place, { passive: true })
    return () => window.removeEventListener('scroll', place)
  }, [editor, focused])
  const card = hover ?? (focused && focusRect ? { ids: [focused.id], rect: focusRect } : null)
  const tags = card?.ids.map((id) => byId.get(id)).filter((tg): tg is TagView => Boolean(tg)) ?? []
  if (!card || tags.length === 0) return null
  return (
    <Paper
      shadow="md"
      withBorder
      p={8}
      radius="md"
      data-testid="tag-tooltip"
      style={{ position: 'fixed', left: Math.min(card.rect.left, window.innerWidth - 300), top: card.rect.bottom + 6, zIndex: 50, width: 280, pointerEvents: 'none' }}
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
