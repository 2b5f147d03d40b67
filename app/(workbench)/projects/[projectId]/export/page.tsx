import { Container, Group, Text } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ExportAccess } from '@/components/export/ExportAccess'
import { ExportWorkspace } from '@/components/export/ExportWorkspace'
import { ImportCorpus } from '@/components/export/ImportCorpus'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { exportsApprovedOnly } from '@/lib/auth/permissions'
import { documentFacets } from '@/lib/services/documents'
import { listExports } from '@/lib/services/exports'
import { listMembers } from '@/lib/services/members'
import { getLabelTree, getProject } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('export'))('title') }
}

export default async function ExportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const project = await forPage(getProject(actor, { projectId }))
  // Members the project does not let export see the 404 page, as for any page they may not use.
  const exports = await forPage(listExports(actor, { projectId }))
  const [tree, members, facets, t] = await Promise.all([getLabelTree(actor, { projectId }), listMembers(actor, { projectId }), documentFacets(actor, { projectId }), getTranslations('export')])
  const labels = tree.labels.flatMap((top) => [{ value: top.id, label: top.name }, ...top.children.map((c) => ({ value: c.id, label: `${top.name}/${c.name}` }))])
  return (
    <>
      <ProjectHeader project={project} active="export" />
      <Container size="xl" py="lg">
        <Group justify="space-between" mb="md">
          <Text c="dimmed" size="sm" maw={760}>{t('intro')}</Text>
          {project.role === 'manager' && <ExportAccess projectId={projectId} exportRole={project.exportRole} />}
        </Group>
        <ExportWorkspace
          projectId={projectId}
          initial={exports.items}
          viewer={{ id: actor.id, manager: project.role === 'manager' }}
          options={{
            labels,
            annotators: members.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` })),
            provinces: facets.provinces.map((p) => p.value),
            years: facets.years.map((y) => y.value),
            issuers: facets.issuers.map((i) => i.value),
            approvedOnly: exportsApprovedOnly(project.role, project),
            taxonomyVersion: project.taxonomyVersion,
          }}
        />
        {project.role === 'manager' && (
          <div style={{ marginTop: 'var(--mantine-spacing-lg)' }}>
            <ImportCorpus projectId={projectId} />
          </div>
        )}
      </Container>
    </>
  )
}
