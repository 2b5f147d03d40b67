'use client'

// Guideline examples (issue 13): tags a reviewer linked to a label as "this counts" (approved) or
// "this does not" (rejected), shown with the guideline on the workbench's label card and on the
// taxonomy page; an example whose tag changed since says how. The review queue links them.
import { ActionIcon, Button, Group, Menu, Stack, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconX } from '@tabler/icons-react'
import { useTranslations } from 'next-intl'
import { useEffect, useState } from 'react'
import { call } from '@/lib/api/client'
import { addLabelExampleEndpoint, labelExamplesEndpoint, removeLabelExampleEndpoint } from '@/lib/api/taxonomy-endpoints'
import { useErrorMessage } from '../errors/useErrorMessage'

export type LabelExample = Awaited<ReturnType<typeof call<typeof labelExamplesEndpoint>>>['items'][number]

/** The examples of one label; with `onRemove`, each can be unlinked (reviewers). */
export function ExampleList({ examples, onRemove, compact = false }: { examples: LabelExample[]; onRemove?: (example: LabelExample) => void; compact?: boolean }) {
  const t = useTranslations('taxonomy.examples')
  const ts = useTranslations('annotate.status')
  const statusName = (status: string) => (ts.has(status) ? ts(status) : status)
  if (examples.length === 0) return null
  return (
    <Stack gap={4} mt={6} data-testid="label-examples">
      {examples.map((e) => (
        <Group key={e.id} gap={6} wrap="nowrap" align="flex-start" data-testid="label-example" data-kind={e.kind} data-changed={e.changed?.reason}>
          <Tooltip label={t(e.kind)}>
            {e.kind === 'positive' ? <IconCheck size={14} color="var(--mantine-color-green-7)" aria-label={t(e.kind)} /> : <IconX size={14} color="var(--mantine-color-red-7)" aria-label={t(e.kind)} />}
          </Tooltip>
          <div style={{ minWidth: 0, flex: 1, opacity: e.changed ? 0.6 : 1 }}>
            <Text size="xs" style={{ overflowWrap: 'anywhere', textDecoration: e.changed ? 'line-through' : undefined }}>
              <Text span c="dimmed">{compact ? e.prefix.slice(-8) : e.prefix.slice(-16)}</Text>
              <Text span fw={600}>{e.quote}</Text>
              <Text span c="dimmed">{compact ? e.suffix.slice(0, 8) : e.suffix.slice(0, 16)}</Text>
            </Text>
            {e.changed && (
              <Text size="xs" c="orange.8">
                {e.changed.reason === 'deleted' ? t('changedDeleted') : e.changed.reason === 'relabelled' ? t('changedRelabelled', { name: e.changed.labelName ?? '' }) : t('changedStatus', { status: statusName(e.changed.status ?? '') })}
              </Text>
            )}
          </div>
          {onRemove && (
            <Tooltip label={t('remove')}>
              <ActionIcon size="xs" variant="subtle" color="gray" aria-label={t('remove')} onClick={() => onRemove(e)}>
                <IconX size={12} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ))}
    </Stack>
  )
}

/** The examples of the label being tagged with, read when the label changes (the workbench's label card). */
export function LabelExamplesFor({ labelId }: { labelId: string }) {
  const t = useTranslations('taxonomy.examples')
  const [loaded, setLoaded] = useState<{ labelId: string; items: LabelExample[] } | null>(null)
  useEffect(() => {
    let current = true
    call(labelExamplesEndpoint, { params: { labelId } })
      .then((answer) => current && setLoaded(answer))
      .catch(() => current && setLoaded({ labelId, items: [] }))
    return () => {
      current = false
    }
  }, [labelId])
  const items = loaded?.labelId === labelId ? loaded.items : []
  if (items.length === 0) return null
  return (
    <div>
      <Text size="xs" fw={700} c="dimmed" mt={8}>{t('title')}</Text>
      <ExampleList examples={items} compact />
    </div>
  )
}

/** In the review queue: link an approved tag as "this counts", a rejected one as "this does not", or unlink it. */
export function ExampleButton({ tagId, status }: { tagId: string; status: string }) {
  const t = useTranslations('taxonomy.examples')
  const errorMessage = useErrorMessage()
  const [linked, setLinked] = useState(false)
  const [pending, setPending] = useState(false)
  const kind = status === 'approved' ? 'positive' : status === 'rejected' ? 'negative' : null
  if (!kind) return null
  const run = async (work: () => Promise<unknown>, done: string, next: boolean) => {
    setPending(true)
    try {
      await work()
      setLinked(next)
      notifications.show({ color: 'green', message: done })
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error) })
    } finally {
      setPending(false)
    }
  }
  if (linked) {
    return (
      <Menu withinPortal position="bottom-end">
        <Menu.Target>
          <Button size="compact-xs" variant="light" color={kind === 'positive' ? 'green' : 'red'} onClick={(e) => e.stopPropagation()} data-testid="example-linked">
            {t(kind)}
          </Button>
        </Menu.Target>
        <Menu.Dropdown onClick={(e) => e.stopPropagation()}>
          <Menu.Item onClick={() => void run(() => call(removeLabelExampleEndpoint, { params: { tagId } }), t('removed'), false)}>{t('remove')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
    )
  }
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      color="gray"
      loading={pending}
      data-testid="example-link"
      onClick={(e) => {
        e.stopPropagation()
        void run(() => call(addLabelExampleEndpoint, { params: { tagId }, body: { kind } }), t(kind === 'positive' ? 'linkedPositive' : 'linkedNegative'), true)
      }}
    >
      {t(kind === 'positive' ? 'linkPositive' : 'linkNegative')}
    </Button>
  )
}
