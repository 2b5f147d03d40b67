'use client'

import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import { signInAction, type SignInState } from '@/app/sign-in/actions'

export function SignInForm({ next }: { next: string }) {
  const t = useTranslations('signIn')
  const tSso = useTranslations('auth.sso.errors')
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {})
  return (
    <form action={action}>
      <Stack gap="md">
        {state.error && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="sign-in-error">
            {state.error === 'password_off' ? tSso('password_off') : t(state.error)}
          </Alert>
        )}
        <input type="hidden" name="next" value={next} />
        <TextInput name="email" type="email" label={t('email')} autoComplete="username" required autoFocus defaultValue={state.email} />
        <PasswordInput
          name="password"
          label={t('password')}
          autoComplete="current-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('togglePassword') }}
        />
        <Button type="submit" loading={pending} fullWidth size="md">
          {t('submit')}
        </Button>
      </Stack>
    </form>
  )
}
