'use client'

import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import { redeemInvitationAction, type RedeemState } from '@/app/invite/[token]/actions'
import { useErrorMessage } from '@/components/errors/useErrorMessage'

/** Sets the password of an invited (or reset) account; on success the server signs them in and opens their project. */
export function InvitationForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations('team')
  const errorMessage = useErrorMessage()
  const [state, action, pending] = useActionState<RedeemState, FormData>(redeemInvitationAction, {})
  const error = state.error
  return (
    <form action={action}>
      <Stack gap="md">
        {error && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="invite-error">
            {typeof error === 'string' ? t(`invite.${error}`) : errorMessage(error)}
          </Alert>
        )}
        <Text size="sm">{t('invite.account', { email })}</Text>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="username" value={email} autoComplete="username" />
        <PasswordInput name="password" label={t('invite.password')} description={t('invite.passwordRule')} autoComplete="new-password" required minLength={10} autoFocus data-testid="invite-password" />
        <PasswordInput name="confirm" label={t('invite.confirm')} autoComplete="new-password" required minLength={10} data-testid="invite-confirm" />
        <Button type="submit" loading={pending} fullWidth size="md" data-testid="invite-submit">
          {t('invite.submit')}
        </Button>
      </Stack>
    </form>
  )
}
