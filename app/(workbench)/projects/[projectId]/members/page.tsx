import { Container } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { MemberTable } from '@/components/members/MemberTable'
import { authorizeForPage, forPage, requireActor } from '@/lib/auth/page-guard'
import { listProjectMembers } from '@/lib/services/members'
import { getProject } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('team'))('membersTitle') }
}

export default async function MembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const project = await forPage(getProject(actor, { projectId }))
  authorizeForPage(actor, projectId, 'members.manage')
  const members = await listProjectMembers(actor, { projectId })
  return (
    <>
      <ProjectHeader project={project} active="members" />
      <Container size="xl" py="lg">
        <MemberTable projectId={projectId} members={members.items} currentUserId={actor.id} />
      </Container>
    </>
  )
}
