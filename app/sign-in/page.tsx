import { Alert, Box, Center, Divider, Paper, Stack, Text, Title } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { SignInForm } from '@/components/auth/SignInForm'
import { SsoButton } from '@/components/auth/SsoButton'
import { LanguageSwitch } from '@/components/layout/LanguageSwitch'
import { Logo } from '@/components/layout/Logo'
import { oidcSettings, passwordSignInEnabled } from '@/lib/auth/oidc'
import { currentActor } from '@/lib/auth/session'
import { safeRedirectPath } from '@/lib/auth/redirect'

export async function generateMetadata() {
  return { title: (await getTranslations('signIn'))('submit') }
}

// `?error=` comes from Auth.js (the provider's round trip, a direct credentials POST) or from our
// own refusals (lib/services/identities.ts); anything else reads as a failure on the server.
const ssoErrors = ['not_invited', 'disabled', 'email_taken', 'no_email', 'email_unverified', 'bad_profile', 'OAuthCallbackError', 'InvalidCheck', 'AccessDenied', 'Configuration', 'password_off'] as const
const searchSchema = z.object({
  next: z.unknown().optional(),
  error: z.string().optional().catch(undefined),
  code: z.string().optional().catch(undefined),
  local: z.literal('1').optional().catch(undefined),
})

type SignInError = { kind: 'sso'; key: (typeof ssoErrors)[number] } | { kind: 'password'; key: 'invalid_credentials' | 'rate_limited' }

function errorOf(error: string | undefined, code: string | undefined): SignInError | null {
  if (!error) return null
  if (error === 'CredentialsSignin') {
    if (code === 'password_off') return { kind: 'sso', key: 'password_off' }
    return { kind: 'password', key: code === 'rate_limited' ? 'rate_limited' : 'invalid_credentials' }
  }
  const known = z.enum(ssoErrors).safeParse(error)
  return { kind: 'sso', key: known.success ? known.data : 'Configuration' }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await searchParams)
  const next = safeRedirectPath(search.next, '/projects')
  if (await currentActor()) redirect(next)
  const [t, tSso, tErrors] = await Promise.all([getTranslations('signIn'), getTranslations('auth.sso'), getTranslations('auth.sso.errors')])
  const sso = oidcSettings()
  // Switched off, the form stays reachable at ?local=1 for instance admins (the server refuses everyone else).
  const showPassword = !sso || passwordSignInEnabled() || search.local === '1'
  const error = errorOf(search.error, search.code)
  return (
    <Center mih="100vh" p="md" style={{ background: 'linear-gradient(160deg, var(--mantine-color-indigo-0), var(--mantine-color-gray-0) 60%)' }}>
      <Stack w={400} gap="lg">
        <Stack gap={4} align="center">
          <Logo size={36} />
          <Text c="dimmed" size="sm" ta="center">
            {t('subtitle')}
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <Title order={2} size="h3" mb="lg">
            {t('title')}
          </Title>
          <Stack gap="md">
            {error && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="sso-error">
                {error.kind === 'sso' ? tErrors(error.key) : t(error.key)}
              </Alert>
            )}
            {sso && <SsoButton label={sso.label} next={next} />}
            {sso && showPassword && <Divider label={tSso('or')} labelPosition="center" />}
            {sso && !passwordSignInEnabled() && showPassword && (
              <Text size="sm" c="dimmed">
                {tSso('localOnly')}
              </Text>
            )}
            {showPassword && <SignInForm next={next} />}
          </Stack>
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          {t('noAccount')}
        </Text>
        <Box mx="auto">
          <LanguageSwitch />
        </Box>
      </Stack>
    </Center>
  )
}
