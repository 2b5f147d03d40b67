'use client'

import { Switch, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'

/** Managers decide whether annotators see each other's tags before review. */
export function BlindModeSwitch({ projectId, blindMode }: { projectId: string; blindMode: boolean }) {
  const t = useTranslations('projectSettings')
  const router = useRouter()
  const [checked, setChecked] = useState(blindMode)
  const [pending, start] = useTransition()
  return (
    <Tooltip label={t('blindHelp')} multiline w={280}>
      <Switch
        label={t('blind')}
        checked={checked}
        disabled={pending}
        data-testid="blind-mode"
        onChange={(e) => {
          const next = e.currentTarget.checked
          setChecked(next)
          start(async () => {
            const response = await fetch(`/api/v1/projects/${projectId}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ blindMode: next }) })
            if (!response.ok) {
              setChecked(!next)
              const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null
              notifications.show({ color: 'red', message: body?.error?.message ?? String(response.status) })
            } else router.refresh()
          })
        }}
      />
    </Tooltip>
  )
}
