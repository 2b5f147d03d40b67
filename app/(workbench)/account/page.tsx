import { Badge, Container, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ChangePasswordForm } from '@/components/account/ChangePasswordForm'
import { linkOutcome, SingleSignOnCard } from '@/components/account/SingleSignOnCard'
import { SessionManager } from '@/components/settings/SessionManager'
import { TokenManager } from '@/components/settings/TokenManager'
import { requireActor } from '@/lib/auth/page-guard'
import { oidcSettings } from '@/lib/auth/oidc'
import { listSessions } from '@/lib/auth/sessions'
import { listIdentities } from '@/lib/services/identities'
import { listTokens } from '@/lib/services/tokens'

export async function generateMetadata() {
  return { title: (await getTranslations('team'))('account.title') }
}

/** Your account: change your password; see and end your sessions and tokens (the same managers as Settings). */
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ link?: string }> }) {
  const actor = await requireActor()
  const sso = oidcSettings()
  const [tokens, sessions, identities, t, ts, tr] = await Promise.all([
    listTokens(actor),
    listSessions(actor),
    sso ? listIdentities(actor) : [],
    getTranslations('team'),
    getTranslations('settings'),
    getTranslations('roles'),
  ])
  const outcome = linkOutcome((await searchParams).link)
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
        {sso && <SingleSignOnCard label={sso.label} issuer={sso.issuer} identities={identities} outcome={outcome} />}
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
