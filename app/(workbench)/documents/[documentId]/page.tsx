import { Box, Breadcrumbs, Group, Paper, Title } from '@mantine/core'
import { AnchorLink } from '@/components/ui/links'
import { getTranslations } from 'next-intl/server'
import { MetadataCard } from '@/components/documents/MetadataCard'
import { OutlineNav } from '@/components/documents/OutlineNav'
import { paragraphsOf, ReportText } from '@/components/documents/ReportText'
import { forPage, requireActor } from '@/lib/auth/page-guard'
import { getDocument } from '@/lib/services/documents'
import { getProject } from '@/lib/services/projects'
import { CodePointIndex } from '@/lib/text/codepoints'
import { buildOutline } from '@/lib/text/outline'

export async function generateMetadata({ params }: { params: Promise<{ documentId: string }> }) {
  const actor = await requireActor()
  const document = await forPage(getDocument(actor, await params))
  return { title: document.title }
}

export default async function DocumentPage({ params }: { params: Promise<{ documentId: string }> }) {
  const actor = await requireActor()
  const document = await forPage(getDocument(actor, await params))
  const [project, tn] = await Promise.all([forPage(getProject(actor, { projectId: document.projectId })), getTranslations('nav')])

  const outline = buildOutline(document.text)
  const index = new CodePointIndex(document.text)
  const lineStarts: number[] = []
  let offset = 0
  for (const line of document.text.split('\n')) {
    lineStarts.push(index.toCodePoint(offset))
    offset += line.length + 1
  }
  const paragraphOf = (start: number) => {
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (lineStarts[mid] <= start) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  const paragraphs = paragraphsOf(document.text, outline, lineStarts)

  return (
    <Box px="lg" py="md" maw={1500} mx="auto">
      <Breadcrumbs fz="sm" mb="sm">
        <AnchorLink href="/projects" c="dimmed">{tn('projects')}</AnchorLink>
        <AnchorLink href={`/projects/${project.id}`} c="dimmed">{project.name}</AnchorLink>
        <span>{document.title.length > 30 ? `${document.title.slice(0, 30)}…` : document.title}</span>
      </Breadcrumbs>
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Box w={260} visibleFrom="md" style={{ position: 'sticky', top: 72, flexShrink: 0 }}>
          <OutlineNav entries={outline.map((e) => ({ level: e.level, title: e.title, paragraph: paragraphOf(e.start) }))} />
        </Box>
        <Paper withBorder radius="md" px={{ base: 'md', sm: 48 }} py="xl" style={{ flex: 1, minWidth: 0 }}>
          <Title order={1} size="h2" ta="center" mb="xl" style={{ lineHeight: 1.4 }}>
            {document.title}
          </Title>
          <ReportText paragraphs={paragraphs} />
        </Paper>
        <Box w={260} visibleFrom="lg" style={{ position: 'sticky', top: 72, flexShrink: 0 }}>
          <MetadataCard document={document} />
        </Box>
      </Group>
    </Box>
  )
}
