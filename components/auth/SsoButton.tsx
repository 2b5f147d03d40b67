'use client'

import { Button } from '@mantine/core'
import { IconBuildingBank } from '@tabler/icons-react'
import { useTranslations } from 'next-intl'
import { useFormStatus } from 'react-dom'
import { ssoSignInAction } from '@/app/sign-in/actions'

function Submit({ label }: { label: string }) {
  const { pending } = useFormStatus()
  const t = useTranslations('auth.sso')
  return (
    <Button type="submit" fullWidth size="md" variant="filled" leftSection={<IconBuildingBank size={18} />} loading={pending} loaderProps={{ 'aria-label': t('pending') }} data-testid="sso-button">
      {label}
    </Button>
  )
}

/** The single sign-on button; its text is the configured TAGBENCH_OIDC_LABEL. */
export function SsoButton({ label, next }: { label: string; next: string }) {
  return (
    <form action={ssoSignInAction}>
      <input type="hidden" name="next" value={next} />
      <Submit label={label} />
    </form>
  )
}
