import { Anchor, Paper, Stack, Text } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import type { DocumentSummary } from '@/lib/services/documents'
import { DocumentActions } from './DocumentActions'

/** The document's metadata; `canEdit` (a manager) adds the edit, archive and delete actions. */
export async function MetadataCard({ document, canEdit }: { document: DocumentSummary; canEdit: boolean }) {
  const t = await getTranslations('document')
  const tu = await getTranslations('documents')
  const m = document.meta
  const rows: [string, React.ReactNode][] = [
    [t('meta.province'), m.province],
    [t('meta.city'), m.city],
    [t('meta.county'), m.county],
    // Imports store one of five levels; older documents may hold a level in words.
    [t('meta.level'), m.level && t.has(`levels.${m.level}`) ? t(`levels.${m.level}`) : m.level],
    [t('meta.report_year'), m.report_year],
    [t('meta.issuer'), m.issuer],
    [t('meta.published'), m.published],
    [t('meta.signed'), m.signed],
    [t('meta.source_url'), m.source_url ? <Anchor href={m.source_url} target="_blank" rel="noreferrer" size="sm">{new URL(m.source_url).host}</Anchor> : null],
    [t('meta.original_file_name'), m.original_file_name],
    [t('meta.length'), document.length.toLocaleString()],
    [t('meta.importedAt'), document.importedAt.slice(0, 10)],
  ]
  return (
    <Paper withBorder p="md" radius="md" data-testid="metadata">
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb="sm">
        {t('metadata')}
      </Text>
      <DocumentActions document={{ id: document.id, projectId: document.projectId, title: document.title, meta: document.meta, archivedAt: document.archivedAt }} canEdit={canEdit} />
      <Stack gap={8} mt="sm">
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">{label}</Text>
            <Text size="sm" fw={500} c={value === null || value === undefined ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
              {value ?? tu('unknown')}
            </Text>
          </div>
        ))}
        <div>
          <Text size="xs" c="dimmed">{t('meta.textSha256')}</Text>
          <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{document.textSha256}</Text>
        </div>
      </Stack>
    </Paper>
  )
}
