import { Alert, Anchor, Box, Center, Paper, Stack, Text, Title } from '@mantine/core'
import { getFormatter, getTranslations } from 'next-intl/server'
import { InvitationForm } from '@/components/account/InvitationForm'
import { LanguageSwitch } from '@/components/layout/LanguageSwitch'
import { Logo } from '@/components/layout/Logo'
import { inspectInvitation } from '@/lib/services/invitations'

export async function generateMetadata() {
  return { title: (await getTranslations('team'))('invite.title') }
}

// The link's own page: anyone holding it may open it (proxy.ts lets /invite/ through without a session).
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  const [state, t, format] = await Promise.all([inspectInvitation(token), getTranslations('team'), getFormatter()])
  return (
    <Center mih="100vh" p="md" style={{ background: 'linear-gradient(160deg, var(--mantine-color-indigo-0), var(--mantine-color-gray-0) 60%)' }}>
      <Stack w={420} gap="lg">
        <Stack gap={4} align="center">
          <Logo size={36} />
        </Stack>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          {state.state === 'valid' ? (
            <>
              <Title order={2} size="h3" mb={4}>
                {state.purpose === 'reset' ? t('invite.resetTitle') : t('invite.welcome', { name: state.name })}
              </Title>
              <Text size="sm" c="dimmed" mb="lg">
                {t('invite.expires', { expires: format.dateTime(new Date(state.expiresAt), { dateStyle: 'medium', timeStyle: 'short' }) })}
              </Text>
              <InvitationForm token={token} email={state.email} />
            </>
          ) : (
            <>
              <Title order={2} size="h3" mb="md">{t('invite.notUsable')}</Title>
              <Alert color="orange" data-testid="invite-refused">{t(`invite.${state.state}`)}</Alert>
              <Anchor href="/sign-in" size="sm" mt="md" display="block">{t('invite.toSignIn')}</Anchor>
            </>
          )}
        </Paper>
        <Box mx="auto">
          <LanguageSwitch />
        </Box>
      </Stack>
    </Center>
  )
}
