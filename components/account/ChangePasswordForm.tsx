'use client'

import { Alert, Button, PasswordInput, Stack } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { changePasswordAction } from '@/app/(workbench)/account/actions'
import { useErrorMessage } from '@/components/errors/useErrorMessage'

/** Change your own password: the current one is required; your other browsers are signed out. */
export function ChangePasswordForm() {
  const t = useTranslations('team')
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [pending, start] = useTransition()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (next !== confirm) return setError(t('invite.mismatch'))
        start(async () => {
          const result = await changePasswordAction({ currentPassword: current, newPassword: next })
          if (!result.ok) return setError(typeof result.error === 'string' ? t(`account.${result.error}`) : errorMessage(result.error))
          setError(null)
          setCurrent('')
          setNext('')
          setConfirm('')
          notifications.show({ color: 'green', message: t('account.changed', { count: result.endedSessions }) })
          router.refresh()
        })
      }}
    >
      <Stack gap="sm" maw={420}>
        {error && <Alert color="red" role="alert" data-testid="password-error">{error}</Alert>}
        <PasswordInput label={t('account.current')} autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} data-testid="password-current" />
        <PasswordInput label={t('account.new')} description={t('invite.passwordRule')} autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.currentTarget.value)} data-testid="password-new" />
        <PasswordInput label={t('invite.confirm')} autoComplete="new-password" required minLength={10} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} data-testid="password-confirm" />
        <div>
          <Button type="submit" loading={pending} data-testid="password-submit">{t('account.submit')}</Button>
        </div>
      </Stack>
    </form>
  )
}
