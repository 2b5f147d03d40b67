import { Alert, Box, Breadcrumbs } from '@mantine/core'
import { cache } from 'react'
import { getTranslations } from 'next-intl/server'
import { AnnotationWorkbench } from '@/components/annotate/AnnotationWorkbench'
import { MetadataCard } from '@/components/documents/MetadataCard'
import { CurationLink } from '@/components/curation/CurationLink'
import { AnchorLink } from '@/components/ui/links'
import type { Actor } from '@/lib/auth/actor'
import { roleAllows } from '@/lib/auth/permissions'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { getOwnAssignmentState } from '@/lib/services/assignments'
import { getDocument } from '@/lib/services/documents'
import { getLabelTree, getProject } from '@/lib/services/projects'
import { projectReasons } from '@/lib/services/review'
import { listTags } from '@/lib/services/tags'
import { buildOutline } from '@/lib/text/outline'

// generateMetadata and the page both need the document: read it once per request.
const loadDocument = cache((actor: Actor, documentId: string) => forPage(getDocument(actor, { documentId, withProgress: false })))

export async function generateMetadata({ params }: { params: Promise<{ documentId: string }> }) {
  const actor = await requireActor()
  const document = await loadDocument(actor, (await params).documentId)
  return { title: document.title }
}

export default async function DocumentPage({ params, searchParams }: { params: Promise<{ documentId: string }>; searchParams: Promise<{ tag?: string }> }) {
  const actor = await requireActor()
  const { documentId } = await params
  const document = await loadDocument(actor, documentId)
  const { tag: initialTagId } = await searchParams
  const [project, tree, tags, assignmentState, reasons, tn, tm, tp] = await Promise.all([
    forPage(getProject(actor, { projectId: document.projectId })),
    // Archived labels too: their tags stay drawn (the palette leaves them out).
    forPage(getLabelTree(actor, { projectId: document.projectId, includeArchived: true })),
    forPage(listTags(actor, { documentId })),
    forPage(getOwnAssignmentState(actor, { documentId })),
    forPage(projectReasons(actor, { projectId: document.projectId })),
    getTranslations('nav'),
    getTranslations('document.manage'),
    getTranslations('projects'),
  ])
  const canEdit = roleAllows(project.role, 'document.edit')

  return (
    <>
      <Box px="md" pt="sm" maw={1680} mx="auto">
        <Breadcrumbs fz="sm">
          {/* Not prefetched: annotators open report after report, and each prefetch would be two more server renders. */}
          <AnchorLink href="/projects" c="dimmed" prefetch={false}>{tn('projects')}</AnchorLink>
          <AnchorLink href={`/projects/${project.id}`} c="dimmed" prefetch={false}>{project.name}</AnchorLink>
          <span>{document.title.length > 40 ? `${document.title.slice(0, 40)}…` : document.title}</span>
        </Breadcrumbs>
        {roleAllows(project.role, 'tag.review') && <CurationLink documentId={document.id} annotators={new Set(tags.items.map((t) => t.authorId)).size} />}
        {project.archived && (
          <Alert color="gray" variant="light" py={6} mt={6} data-testid="archived-project-notice">
            {tp('archivedBanner')}
          </Alert>
        )}
        {document.archivedAt && (
          // Above the workbench, not in the metadata tab: whoever opens an archived document sees at once that it is read-only.
          <Alert color="gray" variant="light" py={6} mt={6} data-testid="archived-notice">
            {tm('archivedNotice')} {canEdit ? tm('archivedNoticeManager') : ''}
          </Alert>
        )}
      </Box>
      <AnnotationWorkbench
        document={{ id: document.id, title: document.title, text: document.text }}
        labels={tree.labels}
        tags={tags.items.map((t) => ({ id: t.id, labelId: t.labelId, start: t.start, end: t.end, authorId: t.authorId, status: t.status, version: t.version, source: t.source, reviewerId: t.reviewerId }))}
        authors={Object.fromEntries(tags.items.map((t) => [t.authorId, t.authorName]))}
        blind={tags.blind}
        me={{ id: actor.id, name: actor.name }}
        outline={buildOutline(document.text)}
        assignmentState={assignmentState}
        metadata={<MetadataCard document={document} canEdit={canEdit} />}
        role={project.role}
        reasons={reasons}
        initialTagId={typeof initialTagId === 'string' ? initialTagId : null}
        maxSpanLength={project.maxSpanLength}
        archived={document.archivedAt !== null}
      />
    </>
  )
}
