import { Container, Text } from '@mantine/core'
import { redirect } from 'next/navigation'
import { AnchorLink } from '@/components/ui/links'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { nextDocument } from '@/lib/services/next-document'
import { getProject } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('nextDocument'))('title') }
}

// ?after=<document id>: the document the annotator is leaving, not offered again. A bad value is ignored.
const searchSchema = z.object({ after: z.string().min(1).max(100).optional() })

/** "Next document": sends the annotator to their next open document (list order, or by uncertainty: lib/services/next-document.ts). */
export default async function NextDocumentPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const parsed = searchSchema.safeParse(await searchParams)
  const project = await forPage(getProject(actor, { projectId }))
  const next = await forPage(nextDocument(actor, { projectId, after: parsed.success ? parsed.data.after : undefined }))
  if (next.documentId) redirect(`/documents/${next.documentId}`)
  const t = await getTranslations('nextDocument')
  return (
    <>
      <ProjectHeader project={project} active="documents" />
      <Container size="xl" py="lg">
        <Text data-testid="next-document-none">{t('none')}</Text>
        <AnchorLink href={`/projects/${projectId}`}>
          {t('back')}
        </AnchorLink>
      </Container>
    </>
  )
}
