import { Container, Group, Paper, Stack, Text } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ButtonLink } from '@/components/ui/links'
import { DocumentFilters } from '@/components/documents/DocumentFilters'
import { DocumentTable } from '@/components/documents/DocumentTable'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { UrlPagination } from '@/components/ui/UrlPagination'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { roleAllows } from '@/lib/auth/permissions'
import { documentListQuery } from '@/lib/schemas/documents'
import { documentFacets, listDocuments } from '@/lib/services/documents'
import { getLabelTree, getProject } from '@/lib/services/projects'

type Search = Record<string, string | string[] | undefined>

export default async function ProjectDocumentsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Search> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === 'string'))
  // A hand-edited URL with a bad filter falls back to the unfiltered first page.
  const parsed = documentListQuery.safeParse(raw)
  const query = parsed.success ? parsed.data : documentListQuery.parse({})
  const [project, page, facets, tree, t] = await Promise.all([
    forPage(getProject(actor, { projectId })),
    forPage(listDocuments(actor, { ...query, projectId })),
    forPage(documentFacets(actor, { projectId })),
    forPage(getLabelTree(actor, { projectId })),
    getTranslations('documents'),
  ])
  const tn = await getTranslations('nextDocument')
  return (
    <>
      <ProjectHeader project={project} active="documents" />
      <Container size="xl" py="lg">
        <Stack gap="md">
          <Group justify="space-between">
            <DocumentFilters provinces={facets.provinces} years={facets.years} canSeeArchived={roleAllows(project.role, 'document.edit')} />
            <Group gap="sm">
              <Text size="sm" c="dimmed" data-testid="document-count">
                {t('count', { total: page.total })}
              </Text>
              <ButtonLink href={`/projects/${projectId}/next`} size="xs" variant="light" data-testid="next-document">
                {tn('button')}
              </ButtonLink>
            </Group>
          </Group>
          <Paper withBorder radius="md">
            <DocumentTable documents={page.items} labels={tree.labels.map((l) => ({ id: l.id, name: l.name, color: l.color }))} />
          </Paper>
          <Group justify="center">
            <UrlPagination total={page.total} page={page.page} pageSize={page.pageSize} />
          </Group>
        </Stack>
      </Container>
    </>
  )
}
