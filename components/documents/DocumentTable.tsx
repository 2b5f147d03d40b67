import { Group, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Tooltip } from '@mantine/core'
import { AnchorLink } from '@/components/ui/links'
import { AssignmentToggle } from './AssignmentToggle'
import { getTranslations } from 'next-intl/server'
import type { DocumentSummary } from '@/lib/services/documents'

export function regionOf(meta: DocumentSummary['meta']): string {
  return [meta.province, meta.city, meta.county].filter(Boolean).join(' · ')
}

export interface TopLabel {
  id: string
  name: string
  color: string
}

/** Tags per top-level label as one stacked bar, widest label first in the tooltip order. */
function ProgressBar({ counts, labels }: { counts: Record<string, number>; labels: TopLabel[] }) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  if (total === 0) return <Text size="xs" c="dimmed">—</Text>
  return (
    <Tooltip label={labels.filter((l) => counts[l.id]).map((l) => `${l.name} ${counts[l.id]}`).join(' · ')}>
      <Group gap={6} wrap="nowrap">
        <div style={{ display: 'flex', width: 90, height: 8, borderRadius: 4, overflow: 'hidden', background: 'var(--mantine-color-gray-2)' }}>
          {labels.map((l) => (counts[l.id] ? <div key={l.id} style={{ flexGrow: counts[l.id], background: l.color }} /> : null))}
        </div>
        <Text size="xs" fw={600}>{total}</Text>
      </Group>
    </Tooltip>
  )
}

export async function DocumentTable({ documents, labels }: { documents: DocumentSummary[]; labels: TopLabel[] }) {
  const t = await getTranslations('documents')
  const tDocument = await getTranslations('document')
  if (documents.length === 0) return <Text c="dimmed" py="xl" ta="center">{t('empty')}</Text>
  return (
    <Table highlightOnHover verticalSpacing="sm" data-testid="document-table">
      <TableThead>
        <TableTr>
          <TableTh>{t('columns.title')}</TableTh>
          <TableTh w={200}>{t('columns.region')}</TableTh>
          <TableTh w={100}>{t('columns.year')}</TableTh>
          <TableTh w={180} visibleFrom="md">{t('columns.issuer')}</TableTh>
          <TableTh w={90} ta="right">{t('columns.length')}</TableTh>
          <TableTh w={130}>{t('columns.tags')}</TableTh>
          <TableTh w={170} ta="right">{t('columns.state')}</TableTh>
        </TableTr>
      </TableThead>
      <TableTbody>
        {documents.map((d) => (
          <TableTr key={d.id} data-testid="document-row">
            <TableTd>
              <AnchorLink href={`/documents/${d.id}`} fw={500} c="dark">
                {d.title}
              </AnchorLink>
            </TableTd>
            <TableTd>
              <Text size="sm">{regionOf(d.meta)}</Text>
              {d.meta.level && <Text size="xs" c="dimmed">{tDocument.has(`levels.${d.meta.level}`) ? tDocument(`levels.${d.meta.level}`) : d.meta.level}</Text>}
            </TableTd>
            <TableTd data-testid="document-year">
              {d.meta.report_year ?? <Text span size="sm" c="dimmed">{t('unknown')}</Text>}
            </TableTd>
            <TableTd visibleFrom="md">
              <Text size="sm">{d.meta.issuer}</Text>
            </TableTd>
            <TableTd ta="right">
              <Text size="sm" ff="monospace">{d.length.toLocaleString()}</Text>
            </TableTd>
            <TableTd data-testid="document-tags">
              <ProgressBar counts={d.tagsByTopLabel} labels={labels} />
            </TableTd>
            <TableTd>
              <AssignmentToggle documentId={d.id} state={d.myState} />
            </TableTd>
          </TableTr>
        ))}
      </TableTbody>
    </Table>
  )
}
