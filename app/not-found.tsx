import { Center, Stack, Text, Title } from '@mantine/core'
import { ButtonLink } from '@/components/ui/links'
import { getTranslations } from 'next-intl/server'

export default async function NotFound() {
  const t = await getTranslations('errors')
  return (
    <Center mih="70vh">
      <Stack align="center" gap="sm">
        <Title order={1} size={64} c="gray.4">404</Title>
        <Text>{t('notFound')}</Text>
        <ButtonLink href="/projects" variant="light">{t('home')}</ButtonLink>
      </Stack>
    </Center>
  )
}
