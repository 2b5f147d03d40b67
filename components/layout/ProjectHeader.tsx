import { Alert, Badge, Breadcrumbs, Container, Group, Title } from '@mantine/core'
import { AnchorLink } from '@/components/ui/links'
import { getTranslations } from 'next-intl/server'
import { BlindModeSwitch } from './BlindModeSwitch'
import { SelfApprovalSwitch } from './SelfApprovalSwitch'
import { MaxSpanLengthInput } from './MaxSpanLengthInput'
import { ProjectTabs } from './ProjectTabs'
import { minimumRole } from '@/lib/auth/permissions'

export type ProjectTab = 'documents' | 'taxonomy' | 'review' | 'revisions' | 'dashboard' | 'research' | 'assignments' | 'export' | 'import' | 'members'

const rank = { annotator: 1, reviewer: 2, manager: 3 } as const

export async function ProjectHeader({ project, active }: { project: { id: string; name: string; role: string; blindMode: boolean; exportRole: string; selfApproval: boolean; maxSpanLength: number; archived: boolean }; active: ProjectTab }) {
  const [t, tr, tt, tp] = await Promise.all([getTranslations('nav'), getTranslations('roles'), getTranslations('team'), getTranslations('projects')])
  // An archived project is read-only: its settings are not offered, and every page of it says why.
  const manages = project.role === 'manager' && !project.archived
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
            {manages && <MaxSpanLengthInput projectId={project.id} maxSpanLength={project.maxSpanLength} />}
            {manages && <BlindModeSwitch projectId={project.id} blindMode={project.blindMode} />}
            {manages && <SelfApprovalSwitch projectId={project.id} selfApproval={project.selfApproval} />}
            <Badge variant="light" size="lg">
              {tr(project.role)}
            </Badge>
          </Group>
        </Group>
        {project.archived && (
          <Alert color="gray" variant="light" py={6} mb="sm" data-testid="archived-project-notice">
            {tp('archivedBanner')}
          </Alert>
        )}
        <ProjectTabs
          active={active}
          tabs={(
            [
              { value: 'documents', label: t('documents'), href: `/projects/${project.id}`, min: 1 },
              { value: 'revisions', label: t('revisions'), href: `/projects/${project.id}/revisions`, min: 1 },
              { value: 'review', label: t('review'), href: `/projects/${project.id}/review`, min: 2 },
              { value: 'dashboard', label: t('dashboard'), href: `/projects/${project.id}/dashboard`, min: 2 },
              { value: 'research', label: t('research'), href: `/projects/${project.id}/research`, min: 1 },
              { value: 'assignments', label: t('assignments'), href: `/projects/${project.id}/assignments`, min: 3 },
              { value: 'taxonomy', label: t('taxonomy'), href: `/projects/${project.id}/taxonomy`, min: 1 },
              { value: 'import', label: t('import'), href: `/projects/${project.id}/import`, min: 3 },
              // Who may export is a project setting (managers always may).
              { value: 'export', label: t('export'), href: `/projects/${project.id}/export`, min: Math.min(3, rank[project.exportRole as keyof typeof rank] ?? 3) },
              { value: 'members', label: tt('membersTab'), href: `/projects/${project.id}/members`, min: rank[minimumRole['members.manage']] },
            ] as const
          )
            .filter((tab) => rank[project.role as keyof typeof rank] >= tab.min)
            .map(({ value, label, href }) => ({ value, label, href }))}
        />
      </Container>
    </div>
  )
}
