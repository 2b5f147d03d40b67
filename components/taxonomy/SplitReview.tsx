'use client'

// A split label's review list (issue 13): its tags one after another with their text in context; a
// reviewer assigns the current one to a new label by its key (1, 2, …), skips it (0 or →), or takes
// the last assignment back (z). Each assignment is one call; the list is then read again, so that
// two reviewers working the same list see each other's progress and a row taken meanwhile is a 409.
import { Alert, Badge, Button, Group, Kbd, Paper, Progress, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslations } from 'next-intl'
import { useEffect, useRef, useState } from 'react'
import { call } from '@/lib/api/client'
import { assignSplitTagEndpoint, splitReviewEndpoint } from '@/lib/api/taxonomy-endpoints'
import { useErrorMessage } from '../errors/useErrorMessage'

type Review = Awaited<ReturnType<typeof call<typeof splitReviewEndpoint>>>
type Split = NonNullable<Review['split']>

export function SplitReview({ initial }: { initial: Review }) {
  const t = useTranslations('taxonomy.split')
  const errorMessage = useErrorMessage()
  const [review, setReview] = useState(initial)
  const [skipped, setSkipped] = useState<string[]>([])
  const [undo, setUndo] = useState<{ tagId: string; version: number; target: string }[]>([])
  const busy = useRef(false)
  const [pending, setPending] = useState(false)
  const split = review.split

  const items = split ? [...split.items.filter((i) => !skipped.includes(i.tagId)), ...split.items.filter((i) => skipped.includes(i.tagId))] : []
  const current = items[0]

  const act = async (work: () => Promise<void>) => {
    if (busy.current) return // one action at a time: a second key press never lands on the next row
    busy.current = true
    setPending(true)
    try {
      await work()
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error) })
    } finally {
      const fresh = await call(splitReviewEndpoint, { params: { labelId: initial.labelId } }).catch(() => null)
      if (fresh) setReview(fresh)
      busy.current = false
      setPending(false)
    }
  }

  const assign = (target: Split['targets'][number]) => {
    const row = current
    if (!row) return
    return act(async () => {
      const done = await call(assignSplitTagEndpoint, { params: { labelId: initial.labelId }, body: { tagId: row.tagId, version: row.version, intoLabelId: target.id } })
      setUndo((u) => [...u, { tagId: done.tagId, version: done.version, target: target.name }])
    })
  }

  const takeBack = () => {
    const last = undo.at(-1)
    if (!last) return
    return act(async () => {
      await call(assignSplitTagEndpoint, { params: { labelId: initial.labelId }, body: { tagId: last.tagId, version: last.version, intoLabelId: initial.labelId } })
      setUndo((u) => u.slice(0, -1))
      setSkipped((s) => s.filter((id) => id !== last.tagId))
      notifications.show({ color: 'gray', message: t('takenBack', { name: last.target }) })
    })
  }

  const skip = () => {
    const row = current
    if (row) setSkipped((s) => [...s.filter((id) => id !== row.tagId), row.tagId])
  }

  // The keys always reach the latest handlers (the list changes after every action).
  const keys = useRef({ assign, skip, takeBack })
  useEffect(() => {
    keys.current = { assign, skip, takeBack }
  })

  useEffect(() => {
    if (!split) return
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null
      if (event.ctrlKey || event.metaKey || event.altKey || target?.closest('input, textarea, [contenteditable="true"]')) return
      const n = Number(event.key)
      if (/^[1-9]$/.test(event.key) && split.targets[n - 1]) {
        event.preventDefault()
        void keys.current.assign(split.targets[n - 1])
      } else if (event.key === '0' || event.key === 'ArrowRight') {
        event.preventDefault()
        keys.current.skip()
      } else if (event.key === 'z') {
        event.preventDefault()
        void keys.current.takeBack()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [split])

  if (!split) return <Alert color="gray">{t('notSplit', { name: review.path.join(' / ') })}</Alert>
  const total = split.assigned + split.remaining
  return (
    <Stack gap="md" data-testid="split-review">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">{t('title', { name: review.path.join(' / ') })}</Title>
          <Text size="sm" c="dimmed">{t('intro')}</Text>
        </div>
        <Text size="sm" fw={600} data-testid="split-progress">{t('progress', { assigned: split.assigned, total })}</Text>
      </Group>
      <Progress value={total ? (100 * split.assigned) / total : 100} aria-label={t('progress', { assigned: split.assigned, total })} />
      <Group gap="xs">
        {split.targets.map((target, i) => (
          <Button key={target.id} variant="light" size="xs" color="gray" disabled={!current || pending} onClick={() => void assign(target)} leftSection={<Kbd size="xs">{i + 1}</Kbd>} data-testid="split-target">
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: target.color, marginRight: 6 }} aria-hidden />
            {target.name}
          </Button>
        ))}
        <Button variant="subtle" size="xs" color="gray" disabled={!current || items.length < 2} onClick={skip} leftSection={<Kbd size="xs">0</Kbd>}>
          {t('skip')}
        </Button>
        <Button variant="subtle" size="xs" color="gray" disabled={undo.length === 0 || pending} onClick={() => void takeBack()} leftSection={<Kbd size="xs">z</Kbd>}>
          {t('undo')}
        </Button>
      </Group>
      {current ? (
        <Paper withBorder radius="md" p="lg" data-testid="split-current" data-tag-id={current.tagId}>
          <Group justify="space-between" mb="xs">
            <Text size="xs" c="dimmed">{current.documentTitle}</Text>
            <Badge size="xs" variant="outline" color="gray">{current.status}</Badge>
          </Group>
          <Text size="lg" style={{ lineHeight: 1.9 }}>
            <span style={{ color: 'var(--mantine-color-dimmed)' }}>{current.prefix}</span>
            <mark data-testid="split-quote">{current.quote}</mark>
            <span style={{ color: 'var(--mantine-color-dimmed)' }}>{current.suffix}</span>
          </Text>
        </Paper>
      ) : (
        <Alert color="green" data-testid="split-done">{t('done', { name: review.path.join(' / ') })}</Alert>
      )}
      {items.length > 1 && (
        <Stack gap={4}>
          <Text size="xs" c="dimmed">{t('next', { count: items.length - 1 })}</Text>
          {items.slice(1, 6).map((item) => (
            <Text key={item.tagId} size="sm" c="dark.4" truncate="end">
              {item.prefix.slice(-12)}<b>{item.quote}</b>{item.suffix.slice(0, 12)}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  )
}
