import { Container } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { ResearchWorkspace, type ResearchLabel } from '@/components/research/ResearchWorkspace'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { getLabelTree, getProject } from '@/lib/services/projects'
import { researchFacets } from '@/lib/services/research'

export async function generateMetadata() {
  return { title: (await getTranslations('research'))('title') }
}

// The 研究 tab: every member may read it (their figures follow blind mode, lib/services/research.ts).
export default async function ResearchPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const [project, tree, facets] = await Promise.all([
    forPage(getProject(actor, { projectId })),
    // Archived labels too: their tags are still counted.
    forPage(getLabelTree(actor, { projectId, includeArchived: true })),
    forPage(researchFacets(actor, { projectId })),
  ])
  const labels: ResearchLabel[] = tree.labels.flatMap((top) => [
    { id: top.id, name: top.name, path: top.path.join('/'), color: top.color, parentId: null },
    ...top.children.map((child) => ({ id: child.id, name: child.name, path: child.path.join('/'), color: child.color, parentId: top.id })),
  ])
  return (
    <>
      <ProjectHeader project={project} active="research" />
      <Container size="xl" py="lg">
        <ResearchWorkspace projectId={projectId} labels={labels} facets={facets} />
      </Container>
    </>
  )
}
