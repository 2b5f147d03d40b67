import { Container, Text } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { TaxonomyTree } from '@/components/taxonomy/TaxonomyTree'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { getLabelTree, getProject } from '@/lib/services/projects'

export default async function TaxonomyPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const [project, tree, t] = await Promise.all([forPage(getProject(actor, { projectId })), forPage(getLabelTree(actor, { projectId })), getTranslations('taxonomy')])
  return (
    <>
      <ProjectHeader project={project} active="taxonomy" />
      <Container size="xl" py="lg">
        <Text size="sm" c="dimmed" mb="md">{t('version', { version: tree.taxonomyVersion })}</Text>
        <TaxonomyTree labels={tree.labels} />
      </Container>
    </>
  )
}
