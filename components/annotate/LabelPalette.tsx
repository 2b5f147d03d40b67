'use client'

import { Badge, Box, Group, Kbd, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useTranslations } from 'next-intl'
import { memo, useMemo, useState } from 'react'
import type { LabelInfo } from './labels'

interface Props {
  labels: Map<string, LabelInfo>
  topIds: string[]
  counts: Map<string, number>
  /** Top label whose key was pressed: its children are shown as the next choice. */
  prefixTopId: string | null
  activeLabelId: string | null
  onPick: (labelId: string) => void
  onHoverLabel: (labelId: string | null) => void
}

function matches(label: LabelInfo, query: string): boolean {
  const q = query.trim().toLowerCase()
  if (!q) return true
  return label.name.includes(q) || label.en.toLowerCase().includes(q) || label.keywords.some((k) => k.includes(q))
}

export const LabelPalette = memo(function LabelPalette({ labels, topIds, counts, prefixTopId, activeLabelId, onPick, onHoverLabel }: Props) {
  const t = useTranslations('annotate')
  const [query, setQuery] = useState('')
  const visible = useMemo(() => {
    const keep = new Set<string>()
    for (const label of labels.values()) {
      if (matches(label, query)) {
        keep.add(label.id)
        if (label.parentId) keep.add(label.parentId)
      }
    }
    return keep
  }, [labels, query])

  const row = (label: LabelInfo, depth: number) => {
    const top = labels.get(label.topId)
    const keys = depth === 0 ? [label.shortcut] : [top?.shortcut, label.shortcut]
    const highlighted = label.id === prefixTopId || label.id === activeLabelId
    return (
      <UnstyledButton
        key={label.id}
        onClick={() => onPick(label.id)}
        onMouseEnter={() => onHoverLabel(label.id)}
        onMouseLeave={() => onHoverLabel(null)}
        data-testid="palette-label"
        data-label={label.path.join('/')}
        px={8}
        py={5}
        pl={8 + depth * 16}
        style={{
          display: 'block',
          width: '100%',
          boxSizing: 'border-box',
          borderRadius: 6,
          background: highlighted ? 'var(--mantine-color-indigo-0)' : undefined,
          opacity: prefixTopId && label.topId !== prefixTopId ? 0.45 : 1,
        }}
      >
        <Group gap={8} wrap="nowrap">
          <span style={{ width: 10, height: 10, borderRadius: 3, background: label.color, flexShrink: 0 }} />
          <Text size="sm" fw={depth === 0 ? 600 : 400} style={{ flex: 1, minWidth: 0 }} truncate>
            {label.name}
          </Text>
          {(counts.get(label.id) ?? 0) > 0 && (
            <Badge size="xs" variant="light" color="gray">
              {counts.get(label.id)}
            </Badge>
          )}
          {keys.every(Boolean) && (
            <Kbd size="xs" style={{ flexShrink: 0, minWidth: 30, textAlign: 'center' }}>
              {keys.join(' ')}
            </Kbd>
          )}
        </Group>
      </UnstyledButton>
    )
  }

  return (
    <Stack gap="xs">
      <TextInput
        size="xs"
        leftSection={<IconSearch size={14} />}
        placeholder={t('search')}
        aria-label={t('search')}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            const first = [...labels.values()].find((l) => !l.archived && matches(l, query) && (query.trim() ? true : !l.parentId))
            if (first) onPick(first.id)
          }
          if (e.key === 'Escape') (e.target as HTMLInputElement).blur()
        }}
      />
      <Box style={{ maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', overflowX: 'hidden' }}>
        <Box>
          {topIds
            .filter((id) => visible.has(id))
            .map((id) => {
              const top = labels.get(id)!
              return (
                <Box key={id} mb={4}>
                  {row(top, 0)}
                  {top.childIds.filter((c) => visible.has(c)).map((c) => row(labels.get(c)!, 1))}
                </Box>
              )
            })}
        </Box>
      </Box>
    </Stack>
  )
})
