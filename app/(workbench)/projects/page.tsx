import { Badge, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { IconFileText } from '@tabler/icons-react'
import { CardLink } from '@/components/ui/links'
import { getTranslations } from 'next-intl/server'
import { requireActor } from '@/lib/auth/page-guard'
import { listProjects } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('projects'))('title') }
}

export default async function ProjectsPage() {
  const actor = await requireActor()
  const [projects, t, tr] = await Promise.all([listProjects(actor), getTranslations('projects'), getTranslations('roles')])
  return (
    <Container size="lg" py="xl">
      <Title order={1} size="h2" mb="lg">
        {t('title')}
      </Title>
      {projects.length === 0 ? (
        <Text c="dimmed">{t('empty')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {projects.map((p) => (
            <CardLink key={p.id} withBorder shadow="xs" padding="lg" href={`/projects/${p.id}`} data-testid="project-card">
              <Stack gap="xs">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Text fw={600} size="lg">
                    {p.name}
                  </Text>
                  <Badge variant="light">{tr(p.role)}</Badge>
                </Group>
                <Text size="sm" c="dimmed" lineClamp={3}>
                  {p.description}
                </Text>
                <Group gap={6} c="dimmed">
                  <IconFileText size={16} />
                  <Text size="sm">{t('documents', { count: p.documentCount })}</Text>
                </Group>
              </Stack>
            </CardLink>
          ))}
        </SimpleGrid>
      )}
    </Container>
  )
}
