import { Anchor, Container } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { SplitReview } from '@/components/taxonomy/SplitReview'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { getProject } from '@/lib/services/projects'
import { splitReview } from '@/lib/services/taxonomy'

export async function generateMetadata() {
  return { title: (await getTranslations('taxonomy.split'))('pageTitle') }
}

/** A split label's review list (reviewers and managers; issue 13). */
export default async function SplitReviewPage({ params }: { params: Promise<{ projectId: string; labelId: string }> }) {
  const actor = await requireActor()
  const { projectId, labelId } = await params
  const [project, review, t] = await Promise.all([forPage(getProject(actor, { projectId })), forPage(splitReview(actor, { labelId })), getTranslations('taxonomy.split')])
  return (
    <>
      <ProjectHeader project={project} active="taxonomy" />
      <Container size="lg" py="lg">
        <Anchor href={`/projects/${projectId}/taxonomy`} size="sm" mb="sm" display="inline-block">
          {t('back')}
        </Anchor>
        <SplitReview initial={review} />
      </Container>
    </>
  )
}
