'use client'

import { Switch, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'

/** Managers decide whether a reviewer may approve a tag they wrote themselves (off by default). */
export function SelfApprovalSwitch({ projectId, selfApproval }: { projectId: string; selfApproval: boolean }) {
  const t = useTranslations('projectSettings')
  const router = useRouter()
  const [checked, setChecked] = useState(selfApproval)
  const [pending, start] = useTransition()
  return (
    <Tooltip label={t('selfApprovalHelp')} multiline w={280}>
      <Switch
        label={t('selfApproval')}
        checked={checked}
        disabled={pending}
        data-testid="self-approval"
        onChange={(e) => {
          const next = e.currentTarget.checked
          setChecked(next)
          start(async () => {
            const response = await fetch(`/api/v1/projects/${projectId}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ selfApproval: next }) })
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
