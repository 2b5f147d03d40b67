import { Container } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { Dashboard } from '@/components/dashboard/Dashboard'
import { SuggestionsDashboard } from '@/components/dashboard/SuggestionsDashboard'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { authorizeForPage, forPage, requireActor } from '@/lib/auth/page-guard'
import { projectAgreement, projectProgress } from '@/lib/services/dashboard'
import { getLabelTree, getProject } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('dashboard'))('title') }
}

export default async function DashboardPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const project = await forPage(getProject(actor, { projectId }))
  authorizeForPage(actor, projectId, 'agreement.read')
  const [progress, agreement, tree] = await Promise.all([projectProgress(actor, { projectId }), projectAgreement(actor, { projectId }), getLabelTree(actor, { projectId, includeArchived: false })])
  const labelPaths = tree.labels.flatMap((top) => [{ id: top.id, path: top.name }, ...top.children.map((c) => ({ id: c.id, path: `${top.name}/${c.name}` }))])
  return (
    <>
      <ProjectHeader project={project} active="dashboard" />
      <Container size="xl" py="lg">
        <Dashboard progress={progress} agreement={agreement} />
        <SuggestionsDashboard projectId={projectId} manager={project.role === 'manager'} labels={labelPaths} />
      </Container>
    </>
  )
}
