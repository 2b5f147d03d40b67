'use client'

import { BarChart } from '@mantine/charts'
import { Badge, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Title } from '@mantine/core'
import { useTranslations } from 'next-intl'
import { useState } from 'react'
import type { AgreementReport } from '@/lib/review/agreement'

type StatusCounts = { pending: number; approved: number; rejected: number; needs_revision: number }

export interface DashboardProps {
  progress: {
    documentCount: number
    documentsDone: number
    perLabel: ({ labelId: string; name: string; color: string } & StatusCounts)[]
    perAnnotator: ({ userId: string; name: string; done: number; inProgress: number } & StatusCounts)[]
  }
  agreement: AgreementReport & { names: Record<string, string>; computedInMs: number }
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2))
const statusColors = { pending: 'yellow.5', approved: 'green.6', rejected: 'red.6', needs_revision: 'orange.6' }

function Stat({ label, value, sub }: { label: string; value: number | string; sub?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>{label}</Text>
      <Text size="xl" fw={700}>{value}</Text>
      {sub && <Text size="xs" c="dimmed">{sub}</Text>}
    </Paper>
  )
}

export function Dashboard({ progress, agreement }: DashboardProps) {
  const t = useTranslations('dashboard')
  const ts = useTranslations('annotate.status')
  const [level, setLevel] = useState<'top' | 'leaf'>('top')
  const totals = progress.perLabel.reduce((acc, l) => ({ pending: acc.pending + l.pending, approved: acc.approved + l.approved, rejected: acc.rejected + l.rejected, needs_revision: acc.needs_revision + l.needs_revision }), { pending: 0, approved: 0, rejected: 0, needs_revision: 0 })
  const series = (['approved', 'pending', 'needs_revision', 'rejected'] as const).map((s) => ({ name: s, label: ts(s), color: statusColors[s] }))
  const current = agreement.levels.find((l) => l.level === level)
  const name = (id: string) => agreement.names[id] ?? id

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Stat label={t('documents')} value={progress.documentCount} sub={`${t('done')} ${progress.documentsDone}`} />
        {(['pending', 'approved', 'needs_revision', 'rejected'] as const).map((s) => (
          <Stat key={s} label={ts(s)} value={totals[s]} />
        ))}
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="md">{t('perLabel')}</Title>
          {/* Without the labels' own `color` field: Mantine would paint each bar in it instead of by status. */}
          <BarChart h={260} data={progress.perLabel.map(({ name, pending, approved, rejected, needs_revision }) => ({ name, pending, approved, rejected, needs_revision }))} dataKey="name" type="stacked" series={series} withLegend legendProps={{ verticalAlign: 'bottom' }} tickLine="y" data-testid="label-chart" />
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="md">{t('perAnnotator')}</Title>
          <Table data-testid="annotator-table">
            <TableThead>
              <TableTr>
                <TableTh>{t('annotator')}</TableTh>
                {series.map((s) => <TableTh key={s.name} ta="right">{s.label}</TableTh>)}
                <TableTh ta="right">{t('docsDone')}</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {progress.perAnnotator.map((a) => (
                <TableTr key={a.userId}>
                  <TableTd>{a.name}</TableTd>
                  {series.map((s) => <TableTd key={s.name} ta="right">{a[s.name]}</TableTd>)}
                  <TableTd ta="right">{a.inProgress ? t('docsDoneWithInProgress', { done: a.done, inProgress: a.inProgress }) : a.done}</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="md" radius="md" data-testid="agreement">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h5">{t('agreement')}</Title>
          <Group gap="sm">
            <Text size="xs" c="dimmed">{t('computed', { ms: agreement.computedInMs })}</Text>
            <SegmentedControl size="xs" value={level} onChange={(v) => setLevel(v as 'top' | 'leaf')} data={[{ value: 'top', label: t('top') }, { value: 'leaf', label: t('leaf') }]} />
          </Group>
        </Group>
        <Text size="xs" c="dimmed" mb="md">{t('explain')}</Text>
        {!current || current.pairs.length === 0 ? (
          <Text c="dimmed">{t('noAgreement')}</Text>
        ) : (
          <Stack gap="lg">
            <BarChart
              h={Math.max(220, current.summary.labels.length * 34)}
              data={current.summary.labels.map((l) => ({ label: l.labelPath.join(' / '), exactF1: l.exactF1, overlapF1: l.overlapF1, kappa: l.kappa ?? 0 }))}
              dataKey="label"
              orientation="vertical"
              yAxisProps={{ width: level === 'leaf' ? 220 : 110 }}
              xAxisProps={{ domain: [0, 1] }}
              series={[
                { name: 'exactF1', label: t('exactF1'), color: 'indigo.6' },
                { name: 'overlapF1', label: t('overlapF1'), color: 'cyan.6' },
                { name: 'kappa', label: t('kappa'), color: 'grape.6' },
              ]}
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              valueFormatter={(v) => v.toFixed(2)}
            />
            <Table striped data-testid="agreement-table">
              <TableThead>
                <TableTr>
                  <TableTh>{t('label')}</TableTh>
                  <TableTh ta="right">{t('pairs')}</TableTh>
                  <TableTh ta="right">{t('exactF1')}</TableTh>
                  <TableTh ta="right">{t('overlapF1')}</TableTh>
                  <TableTh ta="right">{t('kappa')}</TableTh>
                </TableTr>
              </TableThead>
              <TableTbody>
                {current.summary.labels.map((l) => (
                  <TableTr key={l.label}>
                    <TableTd>{l.labelPath.join(' / ')}</TableTd>
                    <TableTd ta="right">{l.pairs}</TableTd>
                    <TableTd ta="right">{fmt(l.exactF1)}</TableTd>
                    <TableTd ta="right">{fmt(l.overlapF1)}</TableTd>
                    <TableTd ta="right">{fmt(l.kappa)}</TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
            <Table>
              <TableThead>
                <TableTr>
                  <TableTh>{t('pair')}</TableTh>
                  <TableTh ta="right">{t('sharedDocs')}</TableTh>
                  <TableTh ta="right">{t('exactF1')}</TableTh>
                  <TableTh ta="right">{t('overlapF1')}</TableTh>
                  <TableTh ta="right">{t('kappa')}</TableTh>
                </TableTr>
              </TableThead>
              <TableTbody>
                {current.pairs.map((p) => (
                  <TableTr key={`${p.annotatorA}-${p.annotatorB}`}>
                    <TableTd>{name(p.annotatorA)} · {name(p.annotatorB)} <Badge size="xs" variant="light" color="gray">{t('macro')}</Badge></TableTd>
                    <TableTd ta="right">{p.documents}</TableTd>
                    <TableTd ta="right">{fmt(p.macro.exactF1)}</TableTd>
                    <TableTd ta="right">{fmt(p.macro.overlapF1)}</TableTd>
                    <TableTd ta="right">{fmt(p.macro.kappa)}</TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          </Stack>
        )}
      </Paper>
    </Stack>
  )
}
