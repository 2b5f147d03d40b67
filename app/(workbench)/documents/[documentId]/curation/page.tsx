import { Box, Breadcrumbs } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { CurationView } from '@/components/curation/CurationView'
import { AnchorLink } from '@/components/ui/links'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { curationState } from '@/lib/services/curation'
import { getDocument } from '@/lib/services/documents'
import { getProject } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('curation'))('title') }
}

export default async function CurationPage({ params }: { params: Promise<{ documentId: string }> }) {
  const actor = await requireActor()
  const { documentId } = await params
  // The curation first: it refuses annotators (403) before the document's text is read.
  const state = await forPage(curationState(actor, { documentId }))
  const [document, project, tn] = await Promise.all([forPage(getDocument(actor, { documentId, withProgress: false })), forPage(getProject(actor, { projectId: state.projectId })), getTranslations('nav')])
  return (
    <Box px="md" py="sm" maw={1680} mx="auto">
      <Breadcrumbs fz="sm" mb="xs">
        <AnchorLink href="/projects" c="dimmed" prefetch={false}>
          {tn('projects')}
        </AnchorLink>
        <AnchorLink href={`/projects/${project.id}/review`} c="dimmed" prefetch={false}>
          {project.name}
        </AnchorLink>
        <AnchorLink href={`/documents/${document.id}`} c="dimmed" prefetch={false}>
          {document.title.length > 40 ? `${document.title.slice(0, 40)}…` : document.title}
        </AnchorLink>
      </Breadcrumbs>
      <CurationView document={{ id: document.id, title: document.title, text: document.text }} initial={state} />
    </Box>
  )
}
