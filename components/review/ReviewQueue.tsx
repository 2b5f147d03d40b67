'use client'

// The review queue: a reviewer goes through tags one by one, mostly by keyboard. Actions remove the
// tag from the list at once and select the next one; a conflict (someone else was faster) puts the
// tag's current state back in its row and says so.
import { Badge, Box, Button, Drawer, Group, Kbd, Loader, Pagination, Paper, Select, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useFormatter, useLocale, useTranslations } from 'next-intl'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { actionsFor, canApply, isReasoned, type ReasonedAction } from '@/lib/review/transitions'
import type { ReviewAction } from '@/lib/schemas/review'
import type { TagView } from '@/lib/schemas/tags'
import { statusColor } from '@/components/annotate/TagList'
import { ReasonDialog } from './ReasonDialog'
import { postReview } from './reviewApi'
import { TagHistory, type Reason } from './TagHistory'

export interface QueueItem extends TagView {
  documentTitle: string
  lastReason: string | null
  lastReasonCode: string | null
}

interface Filters {
  status: string
  labelId: string | null
  annotatorId: string | null
  olderThanHours: string | null
  sort: string
  page: number
}

interface Props {
  projectId: string
  labels: { value: string; label: string; color: string }[]
  annotators: { value: string; label: string }[]
  reasons: Reason[]
  labelNames: Record<string, string>
}

const PAGE_SIZE = 50

/** The queue's review keys; whether one applies to a row is the transition table's (lib/review/transitions). */
const keyActions: Record<'a' | 'r' | 'b' | 'o', ReviewAction> = { a: 'approve', r: 'reject', b: 'send_back', o: 'reopen' }
const actionButtons: Record<ReviewAction, { word: 'approve' | 'reject' | 'sendBack' | 'reopen'; color?: string }> = {
  approve: { word: 'approve', color: 'green' },
  reject: { word: 'reject', color: 'red' },
  send_back: { word: 'sendBack', color: 'orange' },
  reopen: { word: 'reopen' },
}

export function ReviewQueue({ projectId, labels, annotators, reasons, labelNames }: Props) {
  const t = useTranslations('review')
  const ts = useTranslations('annotate.status')
  const locale = useLocale()
  const format = useFormatter()
  const router = useRouter()
  const [filters, setFilters] = useState<Filters>({ status: 'pending', labelId: null, annotatorId: null, olderThanHours: null, sort: 'oldest', page: 1 })
  const [items, setItems] = useState<QueueItem[]>([])
  const [total, setTotal] = useState(0)
  const [loading, setLoading] = useState(true)
  const [selected, setSelected] = useState(0)
  const [dialog, setDialog] = useState<ReasonedAction | null>(null)
  const [historyOf, setHistoryOf] = useState<QueueItem | null>(null)
  const rows = useRef<Map<string, HTMLTableRowElement>>(new Map())

  const load = useCallback(async (f: Filters) => {
    setLoading(true)
    const params = new URLSearchParams({ status: f.status, sort: f.sort, page: String(f.page), pageSize: String(PAGE_SIZE) })
    if (f.labelId) params.set('labelId', f.labelId)
    if (f.annotatorId) params.set('annotatorId', f.annotatorId)
    if (f.olderThanHours) params.set('olderThanHours', f.olderThanHours)
    const response = await fetch(`/api/v1/projects/${projectId}/review-queue?${params}`)
    const body = (await response.json()) as { items: QueueItem[]; total: number }
    setItems(body.items ?? [])
    setTotal(body.total ?? 0)
    setSelected(0)
    setLoading(false)
  }, [projectId])

  useEffect(() => {
    // Load the page the filters describe; the effect only reacts to filter changes.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load(filters)
  }, [filters, load])

  const current = items[selected] ?? null
  useEffect(() => {
    if (current) rows.current.get(current.id)?.scrollIntoView({ block: 'nearest' })
  }, [current])

  const act = useCallback(
    async (item: QueueItem, action: ReviewAction, reason: { reasonCode?: string; reason?: string } = {}) => {
      const index = items.findIndex((i) => i.id === item.id)
      // Optimistic: the row leaves the queue (its status no longer matches the filter).
      setItems((list) => list.filter((i) => i.id !== item.id))
      setTotal((n) => n - 1)
      const result = await postReview(item.id, { action, version: item.version, ...reason })
      if (result.ok) {
        const word = { approve: t('approved'), reject: t('rejected'), send_back: t('sentBack'), reopen: t('reopened') }[action]
        notifications.show({ message: `${word}：${item.quote.slice(0, 24)}`, autoClose: 1200, color: action === 'approve' ? 'green' : 'orange' })
        if (items.length === 1 && total > 1) void load(filters)
      } else {
        notifications.show({ color: 'red', message: t('conflict', { message: result.message ?? '' }), autoClose: 6000 })
        const back = result.current ? { ...item, ...result.current } : item
        setItems((list) => [...list.slice(0, index), back, ...list.slice(index)])
        setTotal((n) => n + 1)
      }
    },
    [filters, items, load, t, total],
  )

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (dialog || historyOf || target?.closest('input, textarea, [role="dialog"], [role="listbox"]')) return
      if (e.metaKey || e.ctrlKey || e.altKey) return
      const item = items[selected]
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          e.preventDefault()
          setSelected((s) => Math.min(s + 1, items.length - 1))
          return
        case 'k':
        case 'ArrowUp':
          e.preventDefault()
          setSelected((s) => Math.max(s - 1, 0))
          return
        case 'a':
        case 'r':
        case 'b':
        case 'o': {
          const action = keyActions[e.key]
          if (!item || !canApply(item.status, action)) return
          if (isReasoned(action)) setDialog(action)
          else void act(item, action)
          return
        }
        case 'h':
          if (item) setHistoryOf(item)
          return
        case 'Enter':
          if (item) router.push(`/documents/${item.documentId}?tag=${item.id}`)
          return
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [act, dialog, historyOf, items, router, selected])

  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, page: 1, ...patch }))
    // Give the keys back to the queue: a reviewer filters, then goes on with j/k/a at once.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
  }
  const labelColor = useMemo(() => new Map(labels.map((l) => [l.value, l.color])), [labels])
  const reasonName = (code: string | null) => {
    const r = reasons.find((x) => x.code === code)
    return r ? (locale === 'en' ? r.en : r.zh) : null
  }

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap" justify="space-between">
        <Group gap="sm">
          <Select size="xs" w={130} aria-label={t('status')} value={filters.status} allowDeselect={false} onChange={(v) => set({ status: v ?? 'pending' })}
            data={(['pending', 'needs_revision', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: ts(s) }))} />
          <Select size="xs" w={220} aria-label={t('label')} placeholder={t('label')} clearable searchable value={filters.labelId} onChange={(v) => set({ labelId: v })} data={labels} />
          <Select size="xs" w={150} aria-label={t('annotator')} placeholder={t('annotator')} clearable value={filters.annotatorId} onChange={(v) => set({ annotatorId: v })} data={annotators} />
          <Select size="xs" w={130} aria-label={t('olderThan')} placeholder={t('olderThan')} clearable value={filters.olderThanHours} onChange={(v) => set({ olderThanHours: v })}
            data={[{ value: '1', label: t('h1') }, { value: '24', label: t('h24') }, { value: '168', label: t('d7') }]} />
          <Select size="xs" w={130} aria-label={t('sort')} value={filters.sort} allowDeselect={false} onChange={(v) => set({ sort: v ?? 'oldest' })}
            data={[{ value: 'oldest', label: t('oldest') }, { value: 'newest', label: t('newest') }, { value: 'document', label: t('byDocument') }]} />
        </Group>
        <Text size="sm" c="dimmed" data-testid="queue-count">{loading ? '…' : t('count', { total })}</Text>
      </Group>
      <Text size="xs" c="dimmed">{t('keys')}</Text>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        {loading && items.length === 0 ? (
          <Group justify="center" py="xl"><Loader size="sm" /></Group>
        ) : items.length === 0 ? (
          <Text c="dimmed" ta="center" py="xl">{t('empty')}</Text>
        ) : (
          <Table verticalSpacing={6} highlightOnHover data-testid="review-queue">
            <TableThead>
              <TableTr>
                <TableTh w={200}>{t('label')}</TableTh>
                <TableTh>{/* passage */}</TableTh>
                <TableTh w={120}>{t('annotator')}</TableTh>
                <TableTh w={110}>{t('age')}</TableTh>
                <TableTh w={250} />
              </TableTr>
            </TableThead>
            <TableTbody>
              {items.map((item, index) => (
                <TableTr
                  key={item.id}
                  ref={(el) => {
                    if (el) rows.current.set(item.id, el)
                    else rows.current.delete(item.id)
                  }}
                  data-testid="queue-row"
                  data-selected={index === selected || undefined}
                  onClick={() => setSelected(index)}
                  style={{ background: index === selected ? 'var(--mantine-color-indigo-0)' : undefined, cursor: 'pointer' }}
                >
                  <TableTd>
                    <Group gap={6} wrap="nowrap">
                      <span style={{ width: 10, height: 10, borderRadius: 3, flexShrink: 0, background: labelColor.get(item.labelId) ?? '#999' }} />
                      <Text size="sm" fw={600} lineClamp={2}>{item.labelPath.join(' / ')}</Text>
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={1}>{item.documentTitle}</Text>
                  </TableTd>
                  <TableTd>
                    <Text size="sm" lineClamp={3} style={{ fontFamily: 'var(--mantine-font-family)' }}>
                      <Text span c="dimmed">…{item.prefix.slice(-16)}</Text>
                      <Text span fw={600} style={{ background: 'var(--mantine-color-yellow-1)' }}>{item.quote}</Text>
                      <Text span c="dimmed">{item.suffix.slice(0, 16)}…</Text>
                    </Text>
                    {(item.lastReason || item.lastReasonCode) && (
                      <Text size="xs" c="orange.8">{t('lastReason')}：{[reasonName(item.lastReasonCode), item.lastReason].filter(Boolean).join('：')}</Text>
                    )}
                  </TableTd>
                  <TableTd><Text size="sm">{item.authorName}</Text></TableTd>
                  <TableTd>
                    <Text size="xs" c="dimmed">{format.relativeTime(new Date(item.createdAt), new Date())}</Text>
                    {item.status !== 'pending' && <Badge size="xs" variant="light" color={statusColor[item.status]}>{ts(item.status)}</Badge>}
                  </TableTd>
                  <TableTd>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {actionsFor(item.status).map((action) => (
                        <Button key={action} size="compact-xs" color={actionButtons[action].color} variant="light"
                          onClick={(e) => { e.stopPropagation(); if (isReasoned(action)) { setSelected(index); setDialog(action) } else void act(item, action) }}>
                          {t(actionButtons[action].word)}{action === 'approve' && <Kbd size="xs" ml={4}>a</Kbd>}
                        </Button>
                      ))}
                      <Button size="compact-xs" variant="subtle" color="gray" onClick={(e) => { e.stopPropagation(); setHistoryOf(item) }}>{t('history')}</Button>
                    </Group>
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        )}
      </Paper>
      {total > PAGE_SIZE && (
        <Group justify="center">
          <Pagination total={Math.ceil(total / PAGE_SIZE)} value={filters.page} onChange={(p) => setFilters((f) => ({ ...f, page: p }))} />
        </Group>
      )}
      <ReasonDialog
        opened={dialog !== null}
        title={dialog === 'reject' ? t('reject') : dialog === 'send_back' ? t('sendBack') : t('reopen')}
        reasons={reasons}
        onCancel={() => setDialog(null)}
        onConfirm={(reason) => {
          const action = dialog
          setDialog(null)
          if (current && action) void act(current, action, reason)
        }}
      />
      <Drawer opened={historyOf !== null} onClose={() => setHistoryOf(null)} position="right" title={t('history')} size="md">
        {historyOf && (
          <Box>
            <Text size="sm" fw={600} mb="xs">{historyOf.labelPath.join(' / ')}</Text>
            <Text size="sm" mb="md" style={{ background: 'var(--mantine-color-yellow-1)' }}>{historyOf.quote}</Text>
            <TagHistory tagId={historyOf.id} version={historyOf.version} labelName={(id) => labelNames[id] ?? id} reasons={reasons} />
          </Box>
        )}
      </Drawer>
    </Stack>
  )
}
