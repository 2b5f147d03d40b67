import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { SignInForm } from '@/components/auth/SignInForm'
import { LanguageSwitch } from '@/components/layout/LanguageSwitch'
import { Logo } from '@/components/layout/Logo'
import { currentActor } from '@/lib/auth/session'
import { safeRedirectPath } from '@/lib/auth/redirect'

export async function generateMetadata() {
  return { title: (await getTranslations('signIn'))('submit') }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeRedirectPath((await searchParams).next)
  if (await currentActor()) redirect(next)
  const t = await getTranslations('signIn')
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
          <SignInForm next={next} />
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
