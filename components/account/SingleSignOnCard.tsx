import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { getFormatter, getTranslations } from 'next-intl/server'
import { linkSingleSignOnAction } from '@/app/(workbench)/account/actions'

export interface LinkedIdentity {
  id: string
  issuer: string
  email: string
  lastUsedAt: Date | null
}

/** Which reasons /account?link=… may name: the outcome of a link just tried (lib/auth/sso-link.ts). */
const outcomes = ['done', 'identity_taken', 'link_expired', 'disabled', 'bad_profile'] as const
type Outcome = (typeof outcomes)[number]
export const linkOutcome = (value: unknown): Outcome | null => (outcomes.includes(value as Outcome) ? (value as Outcome) : null)

/** Single sign-on on /account: the provider accounts linked to you, and linking one (as a password user). */
export async function SingleSignOnCard({ label, issuer, identities, outcome }: { label: string; issuer: string; identities: LinkedIdentity[]; outcome: Outcome | null }) {
  const [t, te, format] = await Promise.all([getTranslations('team.account.sso'), getTranslations('auth.sso.errors'), getFormatter()])
  const linked = identities.filter((i) => i.issuer === issuer)
  return (
    <Paper withBorder p="lg" radius="md" data-testid="sso-card">
      <Title order={2} size="h4" mb="sm">{t('title', { label })}</Title>
      <Stack gap="sm">
        {outcome === 'done' && <Alert color="teal" variant="light" data-testid="sso-link-outcome">{t('done', { label })}</Alert>}
        {outcome && outcome !== 'done' && <Alert color="red" variant="light" role="alert" data-testid="sso-link-outcome">{te(outcome)}</Alert>}
        {linked.length > 0 ? (
          linked.map((identity) => (
            <Group key={identity.id} gap="xs" data-testid="sso-identity">
              <Text size="sm">{t('linked', { label, email: identity.email || '—' })}</Text>
              {identity.lastUsedAt && <Text size="xs" c="dimmed">{t('lastUsed', { when: format.dateTime(identity.lastUsedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</Text>}
            </Group>
          ))
        ) : (
          <>
            <Text size="sm" c="dimmed">{t('help', { label })}</Text>
            <form action={linkSingleSignOnAction}>
              <Button type="submit" variant="light">{t('link', { label })}</Button>
            </form>
          </>
        )}
      </Stack>
    </Paper>
  )
}
