import { Container } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { ReasonEditor } from '@/components/review/ReasonEditor'
import { ReviewQueue } from '@/components/review/ReviewQueue'
import { CurationDocuments } from '@/components/curation/CurationDocuments'
import { curationOverview } from '@/lib/services/curation'
import { authorizeForPage, forPage, requireActor } from '@/lib/auth/page-guard'
import { listMembers } from '@/lib/services/members'
import { getLabelTree, getProject } from '@/lib/services/projects'
import { projectReasons } from '@/lib/services/review'

export async function generateMetadata() {
  return { title: (await getTranslations('review'))('title') }
}

export default async function ReviewPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const project = await forPage(getProject(actor, { projectId }))
  authorizeForPage(actor, projectId, 'tag.review')
  const [tree, members, reasons] = await Promise.all([forPage(getLabelTree(actor, { projectId })), listMembers(actor, { projectId }), projectReasons(actor, { projectId })])
  const labels = tree.labels.flatMap((top) => [
    { value: top.id, label: top.name, color: top.color },
    ...top.children.map((c) => ({ value: c.id, label: `${top.name} / ${c.name}`, color: c.color })),
  ])
  return (
    <>
      <ProjectHeader project={project} active="review" />
      <Container size="xl" py="lg">
        {project.role === 'manager' && <ReasonEditor projectId={projectId} reasons={reasons} />}
        <CurationDocuments items={await curationOverview(actor, { projectId })} />
        <ReviewQueue
          projectId={projectId}
          labels={labels}
          annotators={members.map((m) => ({ value: m.id, label: m.name }))}
          reasons={reasons}
          labelNames={Object.fromEntries(labels.map((l) => [l.value, l.label]))}
        />
      </Container>
    </>
  )
}
