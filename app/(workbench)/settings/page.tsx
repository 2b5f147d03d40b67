import { Badge, Container, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { LanguageSwitch } from '@/components/layout/LanguageSwitch'
import { SessionManager } from '@/components/settings/SessionManager'
import { TokenManager } from '@/components/settings/TokenManager'
import { requireActor } from '@/lib/auth/page-guard'
import { listSessions } from '@/lib/auth/sessions'
import { listTokens } from '@/lib/services/tokens'

export async function generateMetadata() {
  return { title: (await getTranslations('settings'))('title') }
}

export default async function SettingsPage() {
  const actor = await requireActor()
  const [tokens, sessions, t, tr] = await Promise.all([listTokens(actor), listSessions(actor), getTranslations('settings'), getTranslations('roles')])
  return (
    <Container size="md" py="xl">
      <Title order={1} size="h2" mb="lg">{t('title')}</Title>
      <Stack gap="lg">
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="sm">{t('account')}</Title>
          <Group gap="sm">
            <Text fw={500}>{actor.name}</Text>
            <Text c="dimmed">{actor.email}</Text>
            {actor.isAdmin && <Badge>{tr('admin')}</Badge>}
          </Group>
          <Group mt="md" gap="sm">
            <Text size="sm">{t('language')}</Text>
            <LanguageSwitch />
          </Group>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="sm">{t('sessions')}</Title>
          <SessionManager sessions={sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() }))} />
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="sm">{t('tokens')}</Title>
          <TokenManager
            tokens={tokens.map((tk) => ({
              ...tk,
              createdAt: tk.createdAt.toISOString(),
              lastUsedAt: tk.lastUsedAt?.toISOString() ?? null,
              revokedAt: tk.revokedAt?.toISOString() ?? null,
            }))}
          />
        </Paper>
      </Stack>
    </Container>
  )
}
