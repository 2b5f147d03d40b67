import { Badge, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core'
import { AnchorLink } from '@/components/ui/links'
import { getTranslations } from 'next-intl/server'
import type { DocumentSummary } from '@/lib/services/documents'

export function regionOf(meta: DocumentSummary['meta']): string {
  return [meta.province, meta.city, meta.county].filter(Boolean).join(' · ')
}

export async function DocumentTable({ documents }: { documents: DocumentSummary[] }) {
  const t = await getTranslations('documents')
  if (documents.length === 0) return <Text c="dimmed" py="xl" ta="center">{t('empty')}</Text>
  return (
    <Table highlightOnHover verticalSpacing="sm" data-testid="document-table">
      <TableThead>
        <TableTr>
          <TableTh>{t('columns.title')}</TableTh>
          <TableTh w={200}>{t('columns.region')}</TableTh>
          <TableTh w={80}>{t('columns.year')}</TableTh>
          <TableTh w={180} visibleFrom="md">{t('columns.issuer')}</TableTh>
          <TableTh w={90} ta="right">{t('columns.length')}</TableTh>
          <TableTh w={80} ta="right">{t('columns.tags')}</TableTh>
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
              {d.meta.level && <Text size="xs" c="dimmed">{d.meta.level}</Text>}
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
            <TableTd ta="right">
              <Badge variant={d.tagCount ? 'light' : 'outline'} color={d.tagCount ? 'indigo' : 'gray'}>{d.tagCount}</Badge>
            </TableTd>
          </TableTr>
        ))}
      </TableTbody>
    </Table>
  )
}
