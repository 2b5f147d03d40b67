'use client'

// The review queue: a reviewer goes through tags one by one, mostly by keyboard. An action is bound
// to the row (tag id and version) it was shown for and runs once: while it is in flight the row's
// buttons are disabled and the review keys wait. A row acted on stays where it was (marked done),
// so that a second click of a double click never lands on the next row; once a page is all done, the
// next one loads after a pause longer than a double click. Approve, reject and send back can be
// undone from their toast (or z / Ctrl+Z). A conflict (someone else was faster) refreshes the row
// to the tag's current state, or marks it gone when it left the queue, and says so.
// The filters live in the URL (shareable, and the back button returns to the earlier ones).
import { Badge, Box, Button, Drawer, Group, Kbd, Loader, Pagination, Paper, Select, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useFormatter, useLocale, useTranslations } from 'next-intl'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { actionsFor, canApply, isReasoned, type ReasonedAction } from '@/lib/review/transitions'
import { filtersFromSearch, searchOfFilters, type QueueFilters } from '@/lib/review/queue-filters'
import { reviewQueueQuery, type ReviewAction } from '@/lib/schemas/review'
import type { TagView } from '@/lib/schemas/tags'
import { statusColor } from '@/components/annotate/TagList'
import { ReasonDialog } from './ReasonDialog'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { ApiError, call } from '@/lib/api/client'
import { reviewQueueEndpoint, reviewTagEndpoint } from '@/lib/api/endpoints'
import { TagHistory, type Reason } from './TagHistory'
import { ExampleButton } from '../taxonomy/LabelExamples'
import { TagComments, useCommentCounts } from '@/components/comments/TagComments'
import { currentOf, toastPosition, useReviewUndo } from './useReviewUndo'

export interface QueueItem extends TagView {
  documentTitle: string
  lastReason: string | null
  lastReasonCode: string | null
}

interface Props {
  projectId: string
  labels: { value: string; label: string; color: string }[]
  annotators: { value: string; label: string }[]
  reasons: Reason[]
  labelNames: Record<string, string>
}

const PAGE_SIZE = 50
/** Longer than any double click: the next page never appears under the second click. */
const NEXT_PAGE_DELAY_MS = 1200
/**
 * Passages longer than this (in code points) are shown cut, with a button to expand them; shorter ones
 * are shown whole (never clamped), so no part of a passage is hidden without that button.
 */
const LONG_SPAN = 80

/** A row acted on: in flight, done (by this reviewer), or gone (someone else moved it out of the queue). */
type RowState = { phase: 'busy' } | { phase: 'done'; word: string } | { phase: 'gone'; word: string }

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
  const pathname = usePathname()
  const search = useSearchParams()
  const searchKey = search.toString()
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(searchKey)), [searchKey])
  const [items, setItems] = useState<QueueItem[]>([])
  const commentCounts = useCommentCounts(projectId, items.map((i) => i.id))
  const [total, setTotal] = useState(0)
  const [loading, setLoading] = useState(true)
  const [selected, setSelected] = useState(0)
  const [rowStates, setRowStates] = useState<Map<string, RowState>>(new Map())
  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  const [dialog, setDialog] = useState<{ action: ReasonedAction; item: QueueItem } | null>(null)
  const [historyOf, setHistoryOf] = useState<QueueItem | null>(null)
  const rows = useRef<Map<string, HTMLTableRowElement>>(new Map())
  // Read synchronously by clicks and key presses: two presses in one frame see the same render.
  const inFlight = useRef(new Set<string>())
  // Bumped by every load: an answer for a page no longer shown changes nothing.
  const generation = useRef(0)
  const errorMessage = useErrorMessage()
  const actionWord = useCallback((action: ReviewAction) => ({ approve: t('approved'), reject: t('rejected'), send_back: t('sentBack'), reopen: t('reopened') })[action], [t])

  const load = useCallback(
    async (f: QueueFilters) => {
      const gen = ++generation.current
      setLoading(true)
      try {
        const query = { status: f.status, sort: f.sort, page: f.page, pageSize: PAGE_SIZE, labelId: f.labelId ?? undefined, annotatorId: f.annotatorId ?? undefined, olderThanHours: f.olderThanHours ?? undefined }
        const body = await call(reviewQueueEndpoint, { params: { projectId }, query })
        if (gen !== generation.current) return
        setItems(body.items)
        setTotal(body.total)
      } catch (error) {
        if (gen !== generation.current) return
        setItems([])
        setTotal(0)
        notifications.show({ color: 'red', message: errorMessage(error), autoClose: 6000, position: toastPosition })
      }
      rowStatesRef.current.clear()
      setRowStates(new Map())
      setExpanded(new Set())
      setSelected(0)
      setLoading(false)
    },
    [errorMessage, projectId],
  )

  useEffect(() => {
    // Load the page the filters (the URL) describe; the effect only reacts to filter changes.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load(filters)
  }, [filters, load])

  // The row states as of now, for the answers of actions that were sent a few renders ago.
  const rowStatesRef = useRef(new Map<string, RowState>())
  const setRow = useCallback((id: string, state: RowState | null) => {
    if (state) rowStatesRef.current.set(id, state)
    else rowStatesRef.current.delete(id)
    setRowStates(new Map(rowStatesRef.current))
  }, [])
  const replaceItem = useCallback((id: string, patch: Partial<QueueItem>) => setItems((list) => list.map((i) => (i.id === id ? { ...i, ...patch } : i))), [])
  const open = useCallback((id: string) => !rowStates.has(id), [rowStates])

  // Once every row of the page is acted on, the next page (or the empty queue) follows, after a pause.
  const allActedOn = items.length > 0 && items.every((i) => rowStates.get(i.id)?.phase === 'done' || rowStates.get(i.id)?.phase === 'gone')
  useEffect(() => {
    if (!allActedOn) return
    const timer = setTimeout(() => {
      if (inFlight.current.size === 0) void load(filters)
    }, NEXT_PAGE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [allActedOn, filters, load])

  const undoer = useReviewUndo({
    undoKey: 'z',
    onUndone: (tag) => {
      // Back in the queue it was taken from (when the filter shows pending tags), with its new version.
      if (items.some((i) => i.id === tag.id) && filters.status === tag.status) {
        replaceItem(tag.id, tag)
        setRow(tag.id, null)
        setTotal((n) => n + 1)
      } else if (inFlight.current.size === 0) void load(filters)
    },
    onRefused: (current, tagId) => {
      if (current) replaceItem(tagId, current)
    },
  })

  const current = items[selected] ?? null
  useEffect(() => {
    if (current) rows.current.get(current.id)?.scrollIntoView({ block: 'nearest' })
  }, [current])

  /** The next row still to act on after `index` (or before it, at the end of the page). */
  const nextOpen = useCallback(
    (index: number, states: Map<string, RowState>) => {
      const free = (i: number) => items[i] && !states.has(items[i].id)
      for (let i = index + 1; i < items.length; i++) if (free(i)) return i
      for (let i = index - 1; i >= 0; i--) if (free(i)) return i
      return index
    },
    [items],
  )

  const act = useCallback(
    async (item: QueueItem, action: ReviewAction, reason: { reasonCode?: string; reason?: string } = {}) => {
      if (inFlight.current.has(item.id) || rowStatesRef.current.has(item.id)) return
      inFlight.current.add(item.id)
      const gen = generation.current
      setRow(item.id, { phase: 'busy' })
      try {
        const tag = await call(reviewTagEndpoint, { params: { tagId: item.id }, body: { action, version: item.version, ...reason } })
        if (gen !== generation.current) return
        replaceItem(item.id, tag)
        const done: RowState = { phase: 'done', word: actionWord(action) }
        setRow(item.id, done)
        setTotal((n) => Math.max(0, n - 1))
        setSelected((s) => (items[s]?.id === item.id ? nextOpen(s, rowStatesRef.current) : s))
        undoer.offer(tag, action, actionWord(action))
      } catch (error) {
        if (gen !== generation.current) return
        const now = currentOf(error)
        if (error instanceof ApiError && error.status === 409) {
          if (now && !now.deleted && now.status === filters.status) {
            // Still in this queue, changed by someone else: the row shows it as it is now.
            replaceItem(item.id, now)
            setRow(item.id, null)
            notifications.show({ color: 'orange', message: t('staleRefreshed', { message: errorMessage(error) }), autoClose: 8000, position: toastPosition })
          } else {
            // It left this queue: the row stays in place, marked, so that nothing shifts under the pointer.
            const word = now && !now.deleted ? ts(now.status) : t('deletedStatus')
            if (now) replaceItem(item.id, now)
            const gone: RowState = { phase: 'gone', word }
            setRow(item.id, gone)
            setSelected((s) => (items[s]?.id === item.id ? nextOpen(s, rowStatesRef.current) : s))
            setTotal((n) => Math.max(0, n - 1))
            notifications.show({ color: 'orange', message: t('staleDropped', { status: word, message: errorMessage(error) }), autoClose: 8000, position: toastPosition })
          }
        } else {
          setRow(item.id, null)
          notifications.show({ color: 'red', message: t('conflict', { message: errorMessage(error) }), autoClose: 6000, position: toastPosition })
        }
      } finally {
        inFlight.current.delete(item.id)
      }
    },
    [actionWord, errorMessage, filters.status, items, nextOpen, replaceItem, setRow, t, ts, undoer],
  )

  const toggleExpanded = useCallback((id: string) => setExpanded((s) => {
    const next = new Set(s)
    if (!next.delete(id)) next.add(id)
    return next
  }), [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (dialog || historyOf || target?.closest('input, textarea, [role="dialog"], [role="listbox"]')) return
      if (e.metaKey || e.altKey) return
      if ((e.key === 'z' || e.key === 'Z') && e.ctrlKey) {
        e.preventDefault()
        void undoer.undoLast()
        return
      }
      if (e.ctrlKey) return
      const item = items[selected]
      const step = (by: number) => {
        for (let i = selected + by; i >= 0 && i < items.length; i += by) if (open(items[i].id)) return setSelected(i)
      }
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          e.preventDefault()
          step(1)
          return
        case 'k':
        case 'ArrowUp':
          e.preventDefault()
          step(-1)
          return
        case 'a':
        case 'r':
        case 'b':
        case 'o': {
          // One action at a time from the keyboard, and a held key does not repeat it.
          if (e.repeat || inFlight.current.size > 0) return
          const action = keyActions[e.key]
          if (!item || !open(item.id) || !canApply(item.status, action)) return
          if (isReasoned(action)) setDialog({ action, item })
          else void act(item, action)
          return
        }
        case 'z':
        case 'u':
          if (!e.repeat) void undoer.undoLast()
          return
        case 'e':
          if (item) toggleExpanded(item.id)
          return
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
  }, [act, dialog, historyOf, items, open, router, selected, toggleExpanded, undoer])

  /** A filter change is a new history entry: the URL is shareable and Back returns to the earlier filters. */
  const set = (patch: Partial<QueueFilters>) => {
    const next = { ...filters, page: 1, ...patch }
    const query = searchOfFilters(next)
    window.history.pushState(null, '', query ? `${pathname}?${query}` : pathname)
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
          <Select size="xs" w={130} aria-label={t('status')} value={filters.status} allowDeselect={false} onChange={(v) => set({ status: reviewQueueQuery.shape.status.parse(v ?? undefined) })}
            data={(['pending', 'needs_revision', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: ts(s) }))} />
          <Select size="xs" w={220} aria-label={t('label')} placeholder={t('label')} clearable searchable value={filters.labelId} onChange={(v) => set({ labelId: v })} data={labels} />
          <Select size="xs" w={150} aria-label={t('annotator')} placeholder={t('annotator')} clearable value={filters.annotatorId} onChange={(v) => set({ annotatorId: v })} data={annotators} />
          <Select size="xs" w={130} aria-label={t('olderThan')} placeholder={t('olderThan')} clearable value={filters.olderThanHours} onChange={(v) => set({ olderThanHours: v })}
            data={[{ value: '1', label: t('h1') }, { value: '24', label: t('h24') }, { value: '168', label: t('d7') }]} />
          <Select size="xs" w={130} aria-label={t('sort')} value={filters.sort} allowDeselect={false} onChange={(v) => set({ sort: reviewQueueQuery.shape.sort.parse(v ?? undefined) })}
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
                <TableTh w="20%">{t('label')}</TableTh>
                <TableTh>{/* passage */}</TableTh>
                <TableTh w={110}>{t('annotator')}</TableTh>
                <TableTh w={100}>{t('age')}</TableTh>
                <TableTh w={230} />
              </TableTr>
            </TableThead>
            <TableTbody>
              {items.map((item, index) => {
                const state = rowStates.get(item.id)
                const points = Array.from(item.quote)
                const long = points.length > LONG_SPAN
                const isExpanded = expanded.has(item.id)
                return (
                  <TableTr
                    key={item.id}
                    ref={(el) => {
                      if (el) rows.current.set(item.id, el)
                      else rows.current.delete(item.id)
                    }}
                    data-testid="queue-row"
                    data-state={state?.phase ?? 'open'}
                    data-selected={index === selected || undefined}
                    onClick={() => setSelected(index)}
                    style={{ background: index === selected ? 'var(--mantine-color-indigo-0)' : undefined, cursor: 'pointer', opacity: state && state.phase !== 'busy' ? 0.55 : 1 }}
                  >
                    <TableTd>
                      <Group gap={6} wrap="nowrap">
                        <span style={{ width: 10, height: 10, borderRadius: 3, flexShrink: 0, background: labelColor.get(item.labelId) ?? '#999' }} />
                        <Text size="sm" fw={600} lineClamp={2}>{item.labelPath.join(' / ')}</Text>
                      </Group>
                      <Text size="xs" c="dimmed" lineClamp={1}>{item.documentTitle}</Text>
                    </TableTd>
                    <TableTd>
                      <Text size="sm" data-testid="queue-passage" style={{ fontFamily: 'var(--mantine-font-family)', overflowWrap: 'anywhere' }}>
                        <Text span c="dimmed">…{item.prefix.slice(-16)}</Text>
                        <Text span fw={600} style={{ background: 'var(--mantine-color-yellow-1)' }}>{long && !isExpanded ? `${points.slice(0, LONG_SPAN).join('')}…` : item.quote}</Text>
                        <Text span c="dimmed">{item.suffix.slice(0, 16)}…</Text>
                      </Text>
                      {long && (
                        <Button size="compact-xs" variant="subtle" px={4} data-testid="queue-expand" onClick={(e) => { e.stopPropagation(); toggleExpanded(item.id) }}>
                          {isExpanded ? t('collapse') : t('expand', { count: points.length })} <Kbd size="xs" ml={4}>e</Kbd>
                        </Button>
                      )}
                      {(item.lastReason || item.lastReasonCode) && (
                        <Text size="xs" c="orange.8">{t('lastReason')}：{[reasonName(item.lastReasonCode), item.lastReason].filter(Boolean).join('：')}</Text>
                      )}
                      <TagComments key={item.id} tagId={item.id} count={commentCounts[item.id] ?? 0} />
                    </TableTd>
                    <TableTd><Text size="sm" truncate>{item.authorName}</Text></TableTd>
                    <TableTd>
                      <Text size="xs" c="dimmed">{format.relativeTime(new Date(item.createdAt), new Date())}</Text>
                      {item.status !== 'pending' && !state && <Badge size="xs" variant="light" color={statusColor[item.status]}>{ts(item.status)}</Badge>}
                    </TableTd>
                    <TableTd>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {state && state.phase !== 'busy' ? (
                          <Badge variant="light" color={state.phase === 'done' ? 'gray' : 'orange'} data-testid="queue-row-outcome">{state.word}</Badge>
                        ) : (
                          actionsFor(item.status).map((action) => (
                            <Button key={action} size="compact-xs" color={actionButtons[action].color} variant="light" disabled={state?.phase === 'busy'}
                              onClick={(e) => {
                                e.stopPropagation()
                                if (inFlight.current.has(item.id)) return
                                setSelected(index)
                                if (isReasoned(action)) setDialog({ action, item })
                                else void act(item, action)
                              }}>
                              {t(actionButtons[action].word)}{action === 'approve' && <Kbd size="xs" ml={4}>a</Kbd>}
                            </Button>
                          ))
                        )}
                        {state?.phase === 'busy' && <Loader size="xs" aria-label={t('busy')} />}
                        {!state && <ExampleButton tagId={item.id} status={item.status} />}
                        <Button size="compact-xs" variant="subtle" color="gray" onClick={(e) => { e.stopPropagation(); setHistoryOf(item) }}>{t('history')}</Button>
                      </Group>
                    </TableTd>
                  </TableTr>
                )
              })}
            </TableTbody>
          </Table>
        )}
      </Paper>
      {total > PAGE_SIZE && (
        <Group justify="center">
          <Pagination total={Math.ceil(total / PAGE_SIZE)} value={filters.page} onChange={(p) => set({ page: p })} />
        </Group>
      )}
      <ReasonDialog
        opened={dialog !== null}
        title={dialog?.action === 'reject' ? t('reject') : dialog?.action === 'send_back' ? t('sendBack') : t('reopen')}
        reasons={reasons}
        onCancel={() => setDialog(null)}
        onConfirm={(reason) => {
          // The action goes to the row the dialog was opened for, at the version shown then.
          const target = dialog
          setDialog(null)
          if (target) void act(target.item, target.action, reason)
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
