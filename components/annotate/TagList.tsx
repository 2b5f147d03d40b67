'use client'

import { Badge, Group, Select, Stack, Text, UnstyledButton } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslations } from 'next-intl'
import { memo, useMemo, useRef, useState } from 'react'
import type { TagView } from '@/lib/schemas/tags'
import type { LabelInfo } from './labels'
import { TagStatus } from '@/lib/generated/prisma/enums'

export const statusColor: Record<TagView['status'], string> = { pending: 'yellow', approved: 'green', rejected: 'red', needs_revision: 'orange' }

interface Props {
  tags: TagView[]
  labels: Map<string, LabelInfo>
  topIds: string[]
  focusedId: string | null
  showAuthors: boolean
  /** Disagreements with other annotators, when their tags are visible. */
  flags?: Map<string, 'conflict' | 'partial' | 'unique'>
  onFocus: (id: string) => void
}

/** The document's tags in text order, filterable; long lists are virtualised. */
export const TagList = memo(function TagList({ tags, labels, topIds, focusedId, showAuthors, flags, onFocus }: Props) {
  const tr = useTranslations('review.disagreement')
  const t = useTranslations('annotate')
  const [label, setLabel] = useState<string | null>(null)
  const [author, setAuthor] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const parent = useRef<HTMLDivElement>(null)

  const authors = useMemo(() => [...new Map(tags.map((tg) => [tg.authorId, tg.authorName || tg.authorId])).entries()], [tags])
  const filtered = useMemo(
    () =>
      tags.filter(
        (tg) => (!label || tg.labelId === label || labels.get(tg.labelId)?.topId === label) && (!author || tg.authorId === author) && (!status || tg.status === status),
      ),
    [tags, label, author, status, labels],
  )
  // initialRect: the server (and the first client render, which must match it) draws the first
  // rows too, so the list is not empty at first paint; the real size is measured after mount.
  const virtualizer = useVirtualizer({ count: filtered.length, getScrollElement: () => parent.current, estimateSize: () => (showAuthors ? 72 : 58), overscan: 8, initialRect: { width: 300, height: 600 } })

  const labelOptions = topIds.flatMap((id) => {
    const top = labels.get(id)!
    return [{ value: id, label: top.name }, ...top.childIds.map((c) => ({ value: c, label: `　${labels.get(c)!.name}` }))]
  })

  return (
    <Stack gap={6}>
      {/* The label filter on its own row: three selects side by side cut their words off in the ~270 px column (issue 16). */}
      <Select size="xs" placeholder={t('filterLabel')} aria-label={t('filterLabel')} data={labelOptions} value={label} onChange={setLabel} clearable />
      <Group gap={6} grow>
        <Select
          size="xs"
          placeholder={t('filterStatus')}
          aria-label={t('filterStatus')}
          data={Object.values(TagStatus).map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
        />
        {showAuthors && (
          <Select size="xs" placeholder={t('filterAuthor')} aria-label={t('filterAuthor')} data={authors.map(([value, name]) => ({ value, label: name }))} value={author} onChange={setAuthor} clearable />
        )}
      </Group>
      {filtered.length === 0 ? (
        <Text size="sm" c="dimmed" py="sm">
          {t('noTags')}
        </Text>
      ) : (
        <div ref={parent} style={{ maxHeight: 'calc(100vh - 420px)', minHeight: 120, overflow: 'auto' }} data-testid="tag-list">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const tag = filtered[item.index]
              const info = labels.get(tag.labelId)
              return (
                <UnstyledButton
                  key={tag.id}
                  data-testid="tag-list-item"
                  data-tag-id={tag.id}
                  onClick={() => onFocus(tag.id)}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${item.start}px)`,
                    padding: '6px 8px',
                    borderRadius: 6,
                    borderLeft: `3px solid ${info?.color ?? '#999'}`,
                    background: tag.id === focusedId ? 'var(--mantine-color-indigo-0)' : undefined,
                  }}
                >
                  <Group gap={6} wrap="nowrap" justify="space-between">
                    <Text size="xs" fw={600} truncate>
                      {tag.labelPath.join(' / ')}
                    </Text>
                    <Badge size="xs" variant="light" color={statusColor[tag.status]}>
                      {t(`status.${tag.status}`)}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed" truncate>
                    {showAuthors ? `${tag.authorName} · ` : ''}
                    {tag.quote}
                  </Text>
                  {flags?.get(tag.id) && (
                    <Text size="10px" c={flags.get(tag.id) === 'conflict' ? 'red.7' : 'orange.7'} data-testid="disagreement">
                      {tr(flags.get(tag.id)!)}
                    </Text>
                  )}
                </UnstyledButton>
              )
            })}
          </div>
        </div>
      )}
    </Stack>
  )
})
