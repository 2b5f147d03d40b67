'use client'

import { Button, Chip, Group, Kbd, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useLocale, useTranslations } from 'next-intl'
import { useRef, useState } from 'react'
import type { Reason } from './TagHistory'

interface Props {
  opened: boolean
  title: string
  reasons: Reason[]
  onCancel: () => void
  onConfirm: (reason: { reasonCode?: string; reason?: string }) => void
}

/**
 * Pick a reason code (digit keys) and optionally write a note; Enter confirms. After a digit the
 * focus goes to the note, so that what the reviewer types next is the note and Enter sends both.
 */
export function ReasonDialog({ opened, title, reasons, onCancel, onConfirm }: Props) {
  const t = useTranslations('review')
  const locale = useLocale()
  const [code, setCode] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState(false)
  const noteField = useRef<HTMLTextAreaElement>(null)
  const pick = (next: string | null) => {
    setCode(next)
    if (next) {
      setError(false)
      noteField.current?.focus()
    }
  }
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
    // The keys go back to the page at once, not after the dialog's closing transition: a z or j
    // pressed right after Enter would otherwise land in the note of a dialog on its way out.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
    onConfirm(reason)
  }
  return (
    <Modal
      opened={opened}
      onClose={cancel}
      title={title}
      onKeyDown={(e) => {
        // Enter while an input method composes (pinyin) picks a candidate; it does not confirm.
        if (e.nativeEvent.isComposing || e.keyCode === 229) return
        const index = /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : -1
        if (e.target instanceof HTMLTextAreaElement && e.key !== 'Enter') return
        if (index >= 0 && index < reasons.length) {
          // preventDefault keeps the digit itself out of the note, which takes the focus now.
          e.preventDefault()
          pick(reasons[index].code)
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
            <Chip key={r.code} checked={code === r.code} onChange={() => pick(code === r.code ? null : r.code)} size="sm">
              <Kbd size="xs" mr={6}>{i + 1}</Kbd>
              {locale === 'en' ? r.en : r.zh}
            </Chip>
          ))}
        </Group>
        <Textarea
          ref={noteField}
          label={t('reasonText')}
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value)
            if (e.currentTarget.value.trim()) setError(false)
          }}
          autosize
          minRows={2}
          maxLength={2000}
          data-testid="reason-note"
        />
        {error && <Text size="sm" c="red">{t('reasonRequired')}</Text>}
        <Group justify="flex-end">
          <Button onClick={confirm} data-testid="reason-confirm">{t('confirm')} <Kbd size="xs" ml={6}>Enter</Kbd></Button>
        </Group>
      </Stack>
    </Modal>
  )
}
