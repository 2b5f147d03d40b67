'use client'

import { Switch, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { updateProjectEndpoint } from '@/lib/api/endpoints'

/** Managers decide whether annotators see each other's tags before review. */
export function BlindModeSwitch({ projectId, blindMode }: { projectId: string; blindMode: boolean }) {
  const t = useTranslations('projectSettings')
  const router = useRouter()
  const errorMessage = useErrorMessage()
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
            try {
              await call(updateProjectEndpoint, { params: { projectId }, body: { blindMode: next } })
              router.refresh()
            } catch (error) {
              setChecked(!next)
              notifications.show({ color: 'red', message: errorMessage(error) })
            }
          })
        }}
      />
    </Tooltip>
  )
}
