import { Badge, Container, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ChangePasswordForm } from '@/components/account/ChangePasswordForm'
import { SessionManager } from '@/components/settings/SessionManager'
import { TokenManager } from '@/components/settings/TokenManager'
import { requireActor } from '@/lib/auth/page-guard'
import { listSessions } from '@/lib/auth/sessions'
import { listTokens } from '@/lib/services/tokens'

export async function generateMetadata() {
  return { title: (await getTranslations('team'))('account.title') }
}

/** Your account: change your password; see and end your sessions and tokens (the same managers as Settings). */
export default async function AccountPage() {
  const actor = await requireActor()
  const [tokens, sessions, t, ts, tr] = await Promise.all([listTokens(actor), listSessions(actor), getTranslations('team'), getTranslations('settings'), getTranslations('roles')])
  return (
    <Container size="md" py="xl">
      <Title order={1} size="h2" mb="lg">{t('account.title')}</Title>
      <Stack gap="lg">
        <Paper withBorder p="lg" radius="md">
          <Group gap="sm" mb="md">
            <Text fw={500}>{actor.name}</Text>
            <Text c="dimmed">{actor.email}</Text>
            {actor.isAdmin && <Badge>{tr('admin')}</Badge>}
          </Group>
          <Title order={2} size="h4" mb="sm">{t('account.password')}</Title>
          <ChangePasswordForm />
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="sm">{ts('sessions')}</Title>
          <SessionManager sessions={sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() }))} />
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="sm">{ts('tokens')}</Title>
          <TokenManager
            tokens={tokens.map((tk) => ({ ...tk, createdAt: tk.createdAt.toISOString(), lastUsedAt: tk.lastUsedAt?.toISOString() ?? null, revokedAt: tk.revokedAt?.toISOString() ?? null }))}
          />
        </Paper>
      </Stack>
    </Container>
  )
}
