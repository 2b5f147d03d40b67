'use client'

import { Button, Chip, Group, Kbd, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useLocale, useTranslations } from 'next-intl'
import { useState } from 'react'
import type { Reason } from './TagHistory'

interface Props {
  opened: boolean
  title: string
  reasons: Reason[]
  onCancel: () => void
  onConfirm: (reason: { reasonCode?: string; reason?: string }) => void
}

/** Pick a reason code (digit keys) and optionally write a note; Enter confirms. */
export function ReasonDialog({ opened, title, reasons, onCancel, onConfirm }: Props) {
  const t = useTranslations('review')
  const locale = useLocale()
  const [code, setCode] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState(false)
  // Each opening starts empty: reset on the way out.
  const reset = () => {
    setCode(null)
    setNote('')
    setError(false)
  }
  const cancel = () => {
    reset()
    onCancel()
  }
  const confirm = () => {
    if (!code && !note.trim()) return setError(true)
    const reason = { reasonCode: code ?? undefined, reason: note.trim() || undefined }
    reset()
    onConfirm(reason)
  }
  return (
    <Modal
      opened={opened}
      onClose={cancel}
      title={title}
      onKeyDown={(e) => {
        const index = Number(e.key) - 1
        if (e.target instanceof HTMLTextAreaElement && e.key !== 'Enter') return
        if (index >= 0 && index < reasons.length) {
          e.preventDefault()
          setCode(reasons[index].code)
        } else if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault()
          confirm()
        }
      }}
    >
      <Stack gap="sm" data-testid="reason-dialog">
        <Text size="sm" fw={600}>{t('reasonTitle')}</Text>
        <Group gap={6}>
          {reasons.map((r, i) => (
            <Chip key={r.code} checked={code === r.code} onChange={() => setCode(code === r.code ? null : r.code)} size="sm">
              <Kbd size="xs" mr={6}>{i + 1}</Kbd>
              {locale === 'en' ? r.en : r.zh}
            </Chip>
          ))}
        </Group>
        <Textarea label={t('reasonText')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
        {error && <Text size="sm" c="red">{t('reasonRequired')}</Text>}
        <Group justify="flex-end">
          <Button onClick={confirm} data-testid="reason-confirm">{t('confirm')} <Kbd size="xs" ml={6}>Enter</Kbd></Button>
        </Group>
      </Stack>
    </Modal>
  )
}
