import { Badge, Breadcrumbs, Container, Group, Title } from '@mantine/core'
import { AnchorLink } from '@/components/ui/links'
import { getTranslations } from 'next-intl/server'
import { BlindModeSwitch } from './BlindModeSwitch'
import { ProjectTabs } from './ProjectTabs'

export async function ProjectHeader({ project, active }: { project: { id: string; name: string; role: string; blindMode: boolean }; active: 'documents' | 'taxonomy' }) {
  const [t, tr] = await Promise.all([getTranslations('nav'), getTranslations('roles')])
  return (
    <div style={{ background: 'white', borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Container size="xl" pt="md">
        <Breadcrumbs mb={6} fz="sm">
          <AnchorLink href="/projects" c="dimmed">
            {t('projects')}
          </AnchorLink>
          <span>{project.name}</span>
        </Breadcrumbs>
        <Group justify="space-between" mb="sm">
          <Title order={1} size="h2">
            {project.name}
          </Title>
          <Group gap="lg">
            {project.role === 'manager' && <BlindModeSwitch projectId={project.id} blindMode={project.blindMode} />}
            <Badge variant="light" size="lg">
              {tr(project.role)}
            </Badge>
          </Group>
        </Group>
        <ProjectTabs
          active={active}
          tabs={[
            { value: 'documents', label: t('documents'), href: `/projects/${project.id}` },
            { value: 'taxonomy', label: t('taxonomy'), href: `/projects/${project.id}/taxonomy` },
          ]}
        />
      </Container>
    </div>
  )
}
