'use client'

// View 4 (issue 15; docs/decisions/0032): two groups of reports (a./b. in the URL, the API's names),
// per label each group's measure and the difference; a figure opens the concordance of its group and label.
import { Alert, Group, Loader, Paper, SegmentedControl, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, TextInput, UnstyledButton } from '@mantine/core'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { researchCompareEndpoint } from '@/lib/api/research-views-endpoints'
import { formatMeasure, measures, withParams, type Measure } from '@/lib/research/url'
import { DownloadCsvButton } from './DownloadCsvButton'
import { useEndpoint } from './useResearch'

const groupKeys = ['province', 'city', 'level', 'yearFrom', 'yearTo'] as const

export function CompareView({ projectId }: { projectId: string }) {
  const t = useTranslations('research.compare')
  const tr = useTranslations('research')
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const measure: Measure = (measures as readonly string[]).includes(params.get('measure') ?? '') ? (params.get('measure') as Measure) : 'perTenThousand'
  const query: Record<string, string> = { measure }
  for (const key of ['status', 'labelId']) if (params.get(key)) query[key] = params.get(key)!
  for (const side of ['a', 'b']) for (const key of groupKeys) if (params.get(`${side}.${key}`)) query[`${side}.${key}`] = params.get(`${side}.${key}`)!
  const { data, error, loading } = useEndpoint(researchCompareEndpoint, projectId, query)
  const update = (changes: Record<string, string | null>) => router.replace(`${pathname}?${withParams(params, changes)}`, { scroll: false })
  // The concordance of one figure: the group's document filter and the label, in place of the bar's region filters.
  const open = (side: 'a' | 'b', labelId: string) => {
    const changes: Record<string, string | null> = { view: 'concordance', labelId, q: null }
    for (const key of groupKeys) changes[key] = params.get(`${side}.${key}`)
    router.push(`${pathname}?${withParams(params, changes)}`)
  }
  const value = (f: { tags: number; perTenThousand: number | null; share: number | null }) => (measure === 'count' ? f.tags : measure === 'share' ? f.share : f.perTenThousand)
  const show = (v: number | null) => (v === null ? '—' : formatMeasure(v, measure))
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        {(['a', 'b'] as const).map((side) => (
          <Group key={side} gap="sm" mb="xs" data-testid={`compare-group-${side}`}>
            <strong>{t(side)}</strong>
            {groupKeys.map((key) => (
              <TextInput key={key} aria-label={`${t(side)} ${tr(key)}`} placeholder={tr(key)} defaultValue={params.get(`${side}.${key}`) ?? ''} w={130} onBlur={(e) => update({ [`${side}.${key}`]: e.currentTarget.value.trim() || null })} />
            ))}
          </Group>
        ))}
        <Group justify="space-between">
          <SegmentedControl value={measure} onChange={(v) => update({ measure: v })} data={measures.map((m) => ({ value: m, label: tr(`measure.${m}`) }))} />
          {data && (
            <DownloadCsvButton
              fileName="compare.csv"
              testId="compare-csv"
              rows={() => [
                ['label', ...(['a', 'b'] as const).flatMap((g) => [`${g}_tags`, `${g}_reports_with_label`, `${g}_per_10k_characters`, `${g}_share_of_reports`]), 'difference_count', 'difference_per_10k_characters', 'difference_share_of_reports'],
                ...data.rows.map((r) => [
                  data.labels.find((l) => l.id === r.labelId)?.path ?? r.labelId,
                  ...[r.a, r.b].flatMap((f) => [f.tags, f.reportsWithLabel, f.perTenThousand, f.share]),
                  r.difference.count,
                  r.difference.perTenThousand,
                  r.difference.share,
                ]),
              ]}
            />
          )}
        </Group>
      </Paper>
      {error && <Alert color="red">{error}</Alert>}
      {!data ? (
        !error && <Loader />
      ) : (
        <Table striped withTableBorder opacity={loading ? 0.6 : 1} data-testid="compare-table">
          <TableThead>
            <TableTr>
              <TableTh>{tr('label')}</TableTh>
              <TableTh>{t('a')}</TableTh>
              <TableTh>{t('b')}</TableTh>
              <TableTh>{t('difference')}</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {data.rows.map((r) => (
              <TableTr key={r.labelId}>
                <TableTd>{data.labels.find((l) => l.id === r.labelId)?.path ?? r.labelId}</TableTd>
                <TableTd><UnstyledButton onClick={() => open('a', r.labelId)} data-testid="compare-a">{show(value(r.a))}</UnstyledButton></TableTd>
                <TableTd><UnstyledButton onClick={() => open('b', r.labelId)} data-testid="compare-b">{show(value(r.b))}</UnstyledButton></TableTd>
                <TableTd>{formatMeasure(Math.abs(r.difference[measure]), measure).replace(/^/, r.difference[measure] < 0 ? '−' : '')}</TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      )}
    </Stack>
  )
}
