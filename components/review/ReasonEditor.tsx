'use client'

import { ActionIcon, Button, Collapse, Group, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { updateProjectEndpoint } from '@/lib/api/endpoints'
import type { Reason } from './TagHistory'

/** Managers keep the project's reason codes (at most 9: one digit key each in the reason dialog). */
export function ReasonEditor({ projectId, reasons }: { projectId: string; reasons: Reason[] }) {
  const t = useTranslations('review')
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [open, setOpen] = useState(false)
  const [rows, setRows] = useState(reasons)
  const [pending, start] = useTransition()
  const set = (i: number, patch: Partial<Reason>) => setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const save = () =>
    start(async () => {
      try {
        await call(updateProjectEndpoint, { params: { projectId }, body: { reviewReasons: rows } })
      } catch (error) {
        return void notifications.show({ color: 'red', message: errorMessage(error) })
      }
      notifications.show({ color: 'green', message: t('saved') })
      router.refresh()
    })
  return (
    <div>
      <Button size="compact-xs" variant="subtle" onClick={() => setOpen((v) => !v)}>{t('editReasons')}</Button>
      <Collapse expanded={open}>
        <Stack gap={6} mt="xs" maw={640} data-testid="reason-editor">
          {rows.map((r, i) => (
            <Group key={i} gap={6} wrap="nowrap">
              <Text size="xs" w={14} c="dimmed">{i + 1}</Text>
              <TextInput size="xs" aria-label={t('code')} placeholder={t('code')} value={r.code} onChange={(e) => set(i, { code: e.currentTarget.value })} w={150} />
              <TextInput size="xs" aria-label={t('nameZh')} placeholder={t('nameZh')} value={r.zh} onChange={(e) => set(i, { zh: e.currentTarget.value })} w={160} />
              <TextInput size="xs" aria-label={t('nameEn')} placeholder={t('nameEn')} value={r.en} onChange={(e) => set(i, { en: e.currentTarget.value })} w={200} />
              <ActionIcon variant="subtle" color="red" aria-label="remove" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          ))}
          <Group gap={6}>
            <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} disabled={rows.length >= 9} onClick={() => setRows((list) => [...list, { code: '', zh: '', en: '' }])}>{t('add')}</Button>
            <Button size="compact-xs" loading={pending} onClick={save}>{t('save')}</Button>
          </Group>
        </Stack>
      </Collapse>
    </div>
  )
}
