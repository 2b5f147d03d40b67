import { Container } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { AssignmentMatrix } from '@/components/documents/AssignmentMatrix'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { authorizeForPage, forPage, requireActor } from '@/lib/auth/page-guard'
import { listAssignments } from '@/lib/services/assignments'
import { listMembers } from '@/lib/services/members'
import { getProject } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('assignments'))('title') }
}

export default async function AssignmentsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const project = await forPage(getProject(actor, { projectId }))
  authorizeForPage(actor, projectId, 'assignment.manage')
  const [assignments, members] = await Promise.all([listAssignments(actor, { projectId }), listMembers(actor, { projectId })])
  return (
    <>
      <ProjectHeader project={project} active="assignments" />
      <Container size="xl" py="lg">
        <AssignmentMatrix projectId={projectId} documents={assignments.items} members={members} />
      </Container>
    </>
  )
}
