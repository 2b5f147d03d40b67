import { Container, Text } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { ProjectHeader } from '@/components/layout/ProjectHeader'
import { TaxonomyEditor } from '@/components/taxonomy/TaxonomyEditor'
import { roleAllows } from '@/lib/auth/permissions'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { getLabelTree, getProject } from '@/lib/services/projects'
import { projectLabelExamples } from '@/lib/services/label-examples'
import { activeSplits, listTaxonomyEvents } from '@/lib/services/taxonomy'

export default async function TaxonomyPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await requireActor()
  const { projectId } = await params
  const [project, t] = await Promise.all([forPage(getProject(actor, { projectId })), getTranslations('taxonomy')])
  const canEdit = roleAllows(project.role, 'taxonomy.edit') && !project.archived
  // Managers see archived labels too (to unarchive them); everyone else reads the labels in use.
  const tree = await forPage(getLabelTree(actor, { projectId, includeArchived: canEdit }))
  // The last version's events (several for a taxonomy import), offered for undo.
  const lastEvents = canEdit ? (await listTaxonomyEvents(actor, { projectId, since: tree.taxonomyVersion - 1 })).items : []
  const last = lastEvents.at(-1)
  // Labels being split, with the tags still to assign: reviewers and managers work their review lists.
  const canReview = roleAllows(project.role, 'tag.review') && !project.archived
  const examples: Record<string, Awaited<ReturnType<typeof projectLabelExamples>>> = {}
  for (const example of await projectLabelExamples(actor, { projectId })) (examples[example.labelId] ??= []).push(example)
  const splits = canReview ? Object.fromEntries((await activeSplits(actor, { projectId })).map((s) => [s.labelId, s.remaining])) : {}
  const lastChange =
    lastEvents.length > 1
      ? { action: 'imported', name: String(lastEvents.length) }
      : last
        ? { action: last.action, name: String(((last.after ?? last.before) as { name?: string } | null)?.name ?? '') }
        : null
  return (
    <>
      <ProjectHeader project={project} active="taxonomy" />
      <Container size="xl" py="lg">
        <Text size="sm" c="dimmed" mb="md" data-testid="taxonomy-version">{t('version', { version: tree.taxonomyVersion })}</Text>
        <TaxonomyEditor projectId={projectId} labels={tree.labels} canEdit={canEdit} taxonomyVersion={tree.taxonomyVersion} lastChange={lastChange} splits={splits} examples={examples} canReview={canReview} />
      </Container>
    </>
  )
}
