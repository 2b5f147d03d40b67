import { Badge, Container, Group, Paper, Stack, Text } from '@mantine/core'
import { getLocale, getTranslations } from 'next-intl/server'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { ButtonLink } from '@/components/ui/links'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { getProject } from '@/lib/services/projects'
import { myRevisions, projectReasons } from '@/lib/services/review'
import { TagComments } from '@/components/comments/TagComments'
import { commentCounts } from '@/lib/services/comments'

export async function generateMetadata() {
  return { title: (await getTranslations('revisions'))('title') }
}

/** The annotator's "needs revision" list: tags a reviewer sent back, with the reason. */
export default async function RevisionsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const [project, list, reasons, t, locale] = await Promise.all([
    forPage(getProject(actor, { projectId })),
    forPage(myRevisions(actor, { projectId })),
    forPage(projectReasons(actor, { projectId })),
    getTranslations('revisions'),
    getLocale(),
  ])
  const { counts } = await commentCounts(actor, { projectId, tagIds: list.items.map((item) => item.id) })
  const reasonName = (code: string | null) => {
    const r = reasons.find((x) => x.code === code)
    return r ? (locale === 'en' ? r.en : r.zh) : null
  }
  return (
    <>
      <ProjectHeader project={project} active="revisions" />
      <Container size="lg" py="lg">
        <Text fw={600} mb="sm">{t('title')}</Text>
        {list.items.length === 0 ? (
          <Text c="dimmed">{t('empty')}</Text>
        ) : (
          <Stack gap="sm" data-testid="revisions">
            {list.items.map((item) => (
              <Paper key={item.id} withBorder p="md" radius="md" data-testid="revision-item">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Group gap={8}>
                      <Text fw={600} size="sm">{item.labelPath.join(' / ')}</Text>
                      <Text size="xs" c="dimmed">{item.documentTitle}</Text>
                    </Group>
                    <Text size="sm" style={{ background: 'var(--mantine-color-yellow-1)' }} lineClamp={3}>{item.quote}</Text>
                    <Group gap={6}>
                      <Badge color="orange" variant="light">{t('reason')}</Badge>
                      <Text size="sm" c="orange.9">{[reasonName(item.lastReasonCode), item.lastReason].filter(Boolean).join('：')}</Text>
                    </Group>
                    <TagComments tagId={item.id} count={counts[item.id] ?? 0} />
                  </Stack>
                  <ButtonLink href={`/documents/${item.documentId}?tag=${item.id}`} size="xs" variant="light">{t('open')}</ButtonLink>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Container>
    </>
  )
}
