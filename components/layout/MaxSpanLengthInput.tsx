'use client'

import { NumberInput, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'

/** Managers set the longest span a tag may cover (Project.maxSpanLength); saved when the field is left. */
export function MaxSpanLengthInput({ projectId, maxSpanLength }: { projectId: string; maxSpanLength: number }) {
  const t = useTranslations('projectSettings')
  const router = useRouter()
  const [value, setValue] = useState<string | number>(maxSpanLength)
  const [saved, setSaved] = useState(maxSpanLength)
  const [pending, start] = useTransition()
  const save = () => {
    const next = Number(value)
    if (!Number.isInteger(next) || next < 1 || next === saved) return setValue(saved)
    start(async () => {
      const response = await fetch(`/api/v1/projects/${projectId}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ maxSpanLength: next }) })
      if (!response.ok) {
        setValue(saved)
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null
        notifications.show({ color: 'red', message: body?.error?.message ?? String(response.status) })
        return
      }
      setSaved(next)
      notifications.show({ color: 'green', message: t('saved') })
      router.refresh()
    })
  }
  return (
    <Tooltip label={t('maxSpanLengthHelp')} multiline w={280}>
      <NumberInput
        label={t('maxSpanLength')}
        size="xs"
        w={120}
        min={1}
        max={1_000_000}
        allowDecimal={false}
        thousandSeparator=","
        value={value}
        onChange={setValue}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save()
        }}
        disabled={pending}
        data-testid="max-span-length"
      />
    </Tooltip>
  )
}
