'use client'

// View 3 (issue 15; docs/decisions/0032): the province (and city) of the filter bar over the years:
// per label its count and share by year, and each report's reuse of its predecessor with the diff.
import { Alert, Badge, Button, Group, Loader, Modal, Paper, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Title } from '@mantine/core'
import { useSearchParams } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { researchRegionEndpoint, researchReuseEndpoint } from '@/lib/api/research-views-endpoints'
import { filtersOf, formatMeasure } from '@/lib/research/url'
import { DownloadCsvButton } from './DownloadCsvButton'
import { useEndpoint } from './useResearch'

const pct = (v: number | null) => (v === null ? '—' : formatMeasure(v, 'share'))

function ReuseDiff({ projectId, documentId }: { projectId: string; documentId: string }) {
  const t = useTranslations('research.region')
  const { data, error } = useEndpoint(researchReuseEndpoint, projectId, { documentId })
  if (error) return <Alert color="red">{error}</Alert>
  if (!data) return <Loader size="sm" />
  return (
    <Stack gap={4} data-testid="reuse-diff">
      {data.entries.map((e, i) => (
        <Text key={i} size="sm" data-kind={e.kind} c={e.kind === 'same' ? 'dimmed' : undefined} td={e.kind === 'dropped' ? 'line-through' : undefined}>
          <Badge size="xs" mr={6} color={e.kind === 'new' ? 'green' : e.kind === 'dropped' ? 'red' : e.kind === 'reworded' ? 'orange' : 'gray'}>
            {t(e.kind)}
          </Badge>
          {e.kind === 'reworded' && e.parts
            ? e.parts.map((p, j) =>
                p.op === 'same' ? <span key={j}>{p.text}</span> : p.op === 'added' ? <ins key={j} style={{ background: '#dcfce7' }}>{p.text}</ins> : <del key={j} style={{ background: '#fee2e2' }}>{p.text}</del>,
              )
            : (e.current ?? e.previous)?.text}
        </Text>
      ))}
    </Stack>
  )
}

export function RegionYearsView({ projectId }: { projectId: string }) {
  const t = useTranslations('research.region')
  const params = useSearchParams()
  const filters = filtersOf(params)
  const [open, setOpen] = useState<string | null>(null)
  const { data, error, loading } = useEndpoint(researchRegionEndpoint, projectId, filters.province ? filters : null)
  if (!filters.province) return <Alert>{t('pickProvince')}</Alert>
  if (error) return <Alert color="red">{error}</Alert>
  if (!data) return <Loader />
  const years = [...new Set(data.years.map((y) => y.year))].filter((y): y is number => y !== null).sort((a, b) => a - b)
  return (
    <Stack gap="md" opacity={loading ? 0.6 : 1}>
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={4}>{t('byYear')}</Title>
          <DownloadCsvButton
            fileName="region-labels.csv"
            testId="region-labels-csv"
            rows={() => [
              ['label', 'year', 'tags', 'reports_with_label', 'reports', 'characters', 'per_10k_characters', 'share_of_reports'],
              ...data.rows.map((r) => [data.labels.find((l) => l.id === r.labelId)?.path ?? r.labelId, r.year, r.tags, r.reportsWithLabel, r.reports, r.characters, r.perTenThousand, r.share]),
            ]}
          />
        </Group>
        <Table striped withTableBorder data-testid="region-labels">
          <TableThead>
            <TableTr>
              <TableTh>{t('label')}</TableTh>
              {years.map((y) => <TableTh key={y}>{y}</TableTh>)}
            </TableTr>
          </TableThead>
          <TableTbody>
            {data.labels.map((l) => (
              <TableTr key={l.id}>
                <TableTd>{l.path}</TableTd>
                {years.map((y) => {
                  const row = data.rows.find((r) => r.labelId === l.id && r.year === y)
                  return <TableTd key={y}>{row ? `${row.tags} · ${pct(row.share)}` : '0'}</TableTd>
                })}
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </Paper>
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={4}>{t('reports')}</Title>
          <DownloadCsvButton
            fileName="region-reports.csv"
            testId="region-reports-csv"
            rows={() => [
              ['year', 'title', 'city', 'level', 'characters', 'document_id', 'predecessor_year', 'predecessor_title', 'predecessor_id', 'sentences', 'identical', 'reworded', 'new', 'dropped', 'reuse_share'],
              ...data.reports.map((r) => [r.year, r.title, r.city, r.level, r.length, r.documentId, r.predecessor?.year, r.predecessor?.title, r.predecessor?.documentId, r.reuse?.sentences, r.reuse?.identical, r.reuse?.reworded, r.reuse?.added, r.reuse?.dropped, r.reuse?.reuseShare]),
            ]}
          />
        </Group>
        <Table striped withTableBorder data-testid="region-reports">
          <TableThead>
            <TableTr>
              <TableTh>{t('year')}</TableTh>
              <TableTh>{t('report')}</TableTh>
              <TableTh>{t('predecessor')}</TableTh>
              <TableTh>{t('reuseShare')}</TableTh>
              <TableTh />
            </TableTr>
          </TableThead>
          <TableTbody>
            {data.reports.map((r) => (
              <TableTr key={r.documentId}>
                <TableTd>{r.year ?? '—'}</TableTd>
                <TableTd>{r.title}</TableTd>
                <TableTd>{r.predecessor ? `${r.predecessor.year} ${r.predecessor.title}` : '—'}</TableTd>
                <TableTd data-testid="reuse-share">{r.reuse ? `${pct(r.reuse.reuseShare)} (${t('counts', { identical: r.reuse.identical, reworded: r.reuse.reworded, added: r.reuse.added, dropped: r.reuse.dropped })})` : '—'}</TableTd>
                <TableTd>{r.predecessor && <Button size="xs" variant="light" onClick={() => setOpen(r.documentId)}>{t('showDiff')}</Button>}</TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </Paper>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={t('diffTitle')} size="xl">
        {open && <ReuseDiff projectId={projectId} documentId={open} />}
      </Modal>
    </Stack>
  )
}
