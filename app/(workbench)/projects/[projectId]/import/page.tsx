import { Container, Text } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ImportWorkspace } from '@/components/ingest/ImportWorkspace'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { listBatches } from '@/lib/services/ingest'
import { getProject } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('ingest'))('title') }
}

/** Managers bring in raw files here; everyone else sees the 404 page (the service refuses them). */
export default async function ImportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const project = await forPage(getProject(actor, { projectId }))
  const batches = await forPage(listBatches(actor, { projectId }))
  const t = await getTranslations('ingest')
  return (
    <>
      <ProjectHeader project={project} active="import" />
      <Container size="xl" py="lg">
        <Text c="dimmed" size="sm" maw={860} mb="md">
          {t('intro')}
        </Text>
        <ImportWorkspace projectId={projectId} initialBatches={batches.items} />
      </Container>
    </>
  )
}
