import { Box, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { signOutAction } from '@/app/actions/session'
import { LanguageSwitch } from '@/components/layout/LanguageSwitch'
import { Logo } from '@/components/layout/Logo'
import { ButtonLink } from '@/components/ui/links'
import { requireActor } from '@/lib/auth/page-guard'
import { safeRedirectPath } from '@/lib/auth/redirect'

export async function generateMetadata() {
  return { title: (await getTranslations('auth.sso.noProject'))('title') }
}

// Where a single sign-on lands. A member goes on to where they were going (straight into their
// project when they have only one); a user nobody has added yet is told whom to ask, in their language.
export default async function NoProjectPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const actor = await requireActor()
  const next = safeRedirectPath((await searchParams).next, '/projects')
  const projectIds = [...actor.roles.keys()]
  if (projectIds.length === 1 && (next === '/' || next === '/projects')) redirect(`/projects/${projectIds[0]}`)
  // An instance admin without a project may still create one.
  if (projectIds.length > 0 || actor.isAdmin) redirect(next)
  const t = await getTranslations('auth.sso.noProject')
  return (
    <Center mih="100vh" p="md" style={{ background: 'linear-gradient(160deg, var(--mantine-color-indigo-0), var(--mantine-color-gray-0) 60%)' }}>
      <Stack w={480} gap="lg">
        <Box mx="auto">
          <Logo size={36} />
        </Box>
        <Paper withBorder shadow="sm" p="xl" radius="lg" data-testid="no-project">
          <Title order={1} size="h3" mb="sm">
            {t('title')}
          </Title>
          <Text mb="lg">{t('body', { name: actor.name, email: actor.email })}</Text>
          <Group justify="space-between">
            <ButtonLink href={`/no-project?next=${encodeURIComponent(next)}`} variant="light">
              {t('retry')}
            </ButtonLink>
            <form action={signOutAction}>
              <Button type="submit" variant="subtle" color="gray">
                {t('signOut')}
              </Button>
            </form>
          </Group>
        </Paper>
        <Box mx="auto">
          <LanguageSwitch />
        </Box>
      </Stack>
    </Center>
  )
}
