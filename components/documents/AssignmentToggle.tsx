'use client'

import { Badge, Button, Group } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck } from '@tabler/icons-react'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useTransition } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { setAssignmentEndpoint } from '@/lib/api/endpoints'

const stateColor = { todo: 'gray', in_progress: 'blue', done: 'green' } as const

/** The caller's own state on a document, with the one action that moves it on. */
export function AssignmentToggle({ documentId, state }: { documentId: string; state: 'todo' | 'in_progress' | 'done' | null }) {
  const t = useTranslations('annotate')
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [pending, start] = useTransition()
  const set = (next: 'in_progress' | 'done') =>
    start(async () => {
      try {
        await call(setAssignmentEndpoint, { params: { documentId }, body: { state: next } })
        router.refresh()
      } catch (error) {
        notifications.show({ color: 'red', message: t('failed', { message: errorMessage(error) }) })
      }
    })
  const current = state ?? 'todo'
  const label = { todo: t('todo'), in_progress: t('inProgress'), done: t('done') }[current]
  return (
    <Group gap={6} wrap="nowrap" justify="flex-end">
      <Badge variant="light" color={stateColor[current]} data-testid="assignment-state">
        {label}
      </Badge>
      {current === 'done' ? (
        <Button size="compact-xs" variant="subtle" color="gray" loading={pending} onClick={() => set('in_progress')}>
          {t('reopen')}
        </Button>
      ) : (
        <Button size="compact-xs" variant="subtle" leftSection={<IconCheck size={12} />} loading={pending} onClick={() => set('done')} data-testid="mark-done">
          {t('markDone')}
        </Button>
      )}
    </Group>
  )
}
