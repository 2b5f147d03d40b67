'use client'

// The workbench's suggestions panel (issue 14): the document's open suggestions in text order (virtualised: a long report
// may have thousands), the focused one with its label, source, score and the keys that decide it.
import { Badge, Button, Group, Kbd, Paper, Stack, Text, UnstyledButton } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslations } from 'next-intl'
import { memo, useRef } from 'react'
import type { LabelInfo } from './labels'
import { SuggestionOrigin } from './SuggestionOrigin'
import type { Suggestions } from './useSuggestions'

export const SuggestionsPanel = memo(function SuggestionsPanel({ sg, labels, positions }: { sg: Suggestions; labels: Map<string, LabelInfo>; positions: { slice(a: number, b: number): string } }) {
  const t = useTranslations('annotate.suggest')
  const parent = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({ count: sg.items.length, getScrollElement: () => parent.current, estimateSize: () => 52, overscan: 8, initialRect: { width: 300, height: 300 } })
  const focused = sg.focused
  const draftLabel = sg.draft ? labels.get(sg.draft.labelId) : null

  return (
    <Paper withBorder radius="md" p="sm" data-testid="suggestions-panel">
      <Group justify="space-between" mb={6}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          {t('title')}
        </Text>
        <Badge variant="light" color="grape" data-testid="suggestion-count">
          {sg.items.length}
        </Badge>
      </Group>
      {focused && (
        <Stack gap={4} mb={8} p={6} style={{ borderRadius: 6, background: 'var(--mantine-color-grape-0)' }} data-testid="focused-suggestion">
          <Text size="xs" fw={600}>
            {(draftLabel?.path.join(' / ') ?? focused.label_path)} · {t(`source.${focused.source}`)} · {focused.score.toFixed(2)}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={3}>
            {sg.draft ? positions.slice(sg.draft.start, sg.draft.end) : focused.quote}
          </Text>
          {focused.origin && <SuggestionOrigin origin={focused.origin} />}
          {sg.draft && (
            <Text size="10px" c="grape.8" data-testid="suggestion-adjusted">
              {t('adjusted')}
            </Text>
          )}
          <Group gap={6}>
            <Button size="compact-xs" color="green" variant="light" onClick={() => void sg.accept()} data-testid="suggestion-accept">
              {t('accept')} <Kbd size="xs" ml={4}>y</Kbd>
            </Button>
            <Button size="compact-xs" color="red" variant="light" onClick={() => void sg.reject()} data-testid="suggestion-reject">
              {t('reject')} <Kbd size="xs" ml={4}>n</Kbd>
            </Button>
          </Group>
        </Stack>
      )}
      {sg.items.length === 0 ? (
        <Stack gap={6}>
          <Text size="sm" c="dimmed">
            {sg.loaded ? t('empty') : t('loading')}
          </Text>
          {sg.loaded && (
            <Button size="compact-xs" variant="light" onClick={() => void sg.computeNow()} data-testid="suggest-now">
              {t('computeNow')}
            </Button>
          )}
        </Stack>
      ) : (
        <>
          <div ref={parent} style={{ maxHeight: 260, overflow: 'auto' }} data-testid="suggestion-list">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const s = sg.items[item.index]
                return (
                  <UnstyledButton
                    key={s.id}
                    data-testid="suggestion-item"
                    data-suggestion-id={s.id}
                    onClick={() => sg.focus(s.id)}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      width: '100%',
                      transform: `translateY(${item.start}px)`,
                      padding: '4px 8px',
                      borderRadius: 6,
                      borderLeft: `3px dashed ${labels.get(s.labelId)?.color ?? '#999'}`,
                      background: s.id === sg.focusedId ? 'var(--mantine-color-grape-0)' : undefined,
                    }}
                  >
                    <Group gap={6} wrap="nowrap" justify="space-between">
                      <Text size="xs" fw={600} truncate>
                        {s.label_path}
                      </Text>
                      <Text size="10px" c="dimmed">
                        {t(`source.${s.source}`)} {s.score.toFixed(2)}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed" truncate>
                      {s.quote}
                    </Text>
                  </UnstyledButton>
                )
              })}
            </div>
          </div>
          <Button size="compact-xs" variant="subtle" mt={6} onClick={() => void sg.acceptAllInSection()} data-testid="suggestion-accept-all">
            {t('acceptAll')} <Kbd size="xs" ml={4}>Y</Kbd>
          </Button>
        </>
      )}
    </Paper>
  )
})
