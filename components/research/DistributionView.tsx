'use client'

// Distribution: a region × year heatmap, labels by year as bars, and the provinces as a tile map,
// each in the measure the user picks; every cell, bar and tile opens the concordance of its tags.
import { BarChart } from '@mantine/charts'
import { Alert, Group, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Title, UnstyledButton } from '@mantine/core'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { researchDistributionEndpoint } from '@/lib/api/research-endpoints'
import { concordanceParams, filtersOf, formatMeasure, measureOf, measures, withParams, type Measure } from '@/lib/research/url'
import type { DistributionRow } from '@/lib/schemas/research'
import type { ResearchLabel } from './ResearchWorkspace'
import { ProvinceTileMap } from './ProvinceTileMap'
import { DownloadCsvButton } from './DownloadCsvButton'
import { useEndpoint } from './useResearch'

/** White to indigo by the value's share of the largest one; a zero stays white. */
export function shade(value: number, max: number): string {
  if (!(max > 0) || value <= 0) return 'var(--mantine-color-gray-0)'
  const t = Math.min(1, value / max)
  // indigo-1 (#dbe4ff) to indigo-9 (#364fc7)
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t)
  return `rgb(${mix(219, 54)}, ${mix(228, 79)}, ${mix(255, 199)})`
}
const inkOn = (value: number, max: number) => (max > 0 && value / max > 0.55 ? 'white' : 'var(--mantine-color-dark-7)')

export function Legend({ max, measure }: { max: number; measure: Measure }) {
  const t = useTranslations('research')
  return (
    <Group gap={6} fz="xs" c="dimmed" aria-label={t('legend')}>
      <span>{formatMeasure(0, measure)}</span>
      <div style={{ width: 120, height: 10, borderRadius: 2, background: `linear-gradient(to right, ${shade(0.0001, 1)}, ${shade(1, 1)})` }} />
      <span>{formatMeasure(max, measure)}</span>
    </Group>
  )
}

export function DistributionView({ projectId, labels }: { projectId: string; labels: ResearchLabel[] }) {
  const t = useTranslations('research')
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const filters = filtersOf(params)
  const measure: Measure = (measures as readonly string[]).includes(params.get('measure') ?? '') ? (params.get('measure') as Measure) : 'count'
  // Inside one province the regions are its cities.
  const regionLevel = params.get('regions') === 'city' || (params.get('regions') !== 'province' && filters.province) ? 'city' : 'province'
  const heat = useEndpoint(researchDistributionEndpoint, projectId, { ...filters, groupBy: `${regionLevel},year` })
  const bars = useEndpoint(researchDistributionEndpoint, projectId, { ...filters, groupBy: 'label,year', labelLevel: filters.labelId ? 'label' : 'top' })
  const map = useEndpoint(researchDistributionEndpoint, projectId, { ...filters, groupBy: 'province' })
  const open = (narrow: Parameters<typeof concordanceParams>[1]) => router.push(`${pathname}?${concordanceParams(params, narrow)}`)
  const set = (changes: Record<string, string | null>) => router.replace(`${pathname}?${withParams(params, changes)}`, { scroll: false })
  const measureName = t(`measure.${measure}`)
  const error = heat.error ?? bars.error ?? map.error

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={measure}
          onChange={(v) => set({ measure: v === 'count' ? null : v })}
          data={measures.map((m) => ({ value: m, label: t(`measure.${m}`) }))}
          aria-label={t('measureLabel')}
          data-testid="measure"
        />
        <Group gap="xs">
          {(heat.loading || bars.loading || map.loading) && <Loader size="xs" />}
          <Text size="xs" c="dimmed" maw={420}>
            {t(`measureHelp.${measure}`)}
          </Text>
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {heat.data && (
        <Heatmap
          rows={heat.data.rows}
          regionLevel={regionLevel}
          measure={measure}
          onRegionLevel={(level) => set({ regions: level })}
          onOpen={open}
          csvRows={() => [
              ['province', 'city', 'year', 'tags', 'reports_with_label', 'reports', 'characters', 'per_10k_characters', 'share_of_reports'],
              ...heat.data!.rows.map((r) => [r.province, r.city, r.year, r.tags, r.reportsWithLabel, r.reports, r.characters, r.perTenThousand, r.share]),
            ]}
        />
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="sm">
            {t('labelsByYear', { measure: measureName })}
          </Title>
          {bars.data && <LabelBars rows={bars.data.rows} labels={labels} measure={measure} onOpen={open} />}
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="sm">
            {t('map', { measure: measureName })}
          </Title>
          {map.data && <ProvinceTileMap rows={map.data.rows} measure={measure} onOpen={(province) => open({ province })} />}
        </Paper>
      </SimpleGrid>
    </Stack>
  )
}

function Heatmap({
  rows,
  regionLevel,
  measure,
  onRegionLevel,
  onOpen,
  csvRows,
}: {
  rows: DistributionRow[]
  regionLevel: 'province' | 'city'
  measure: Measure
  onRegionLevel: (level: 'province' | 'city') => void
  onOpen: (narrow: { province?: string | null; city?: string | null; year?: number | null }) => void
  csvRows: () => unknown[][]
}) {
  const t = useTranslations('research')
  const regionOf = (r: DistributionRow) => (regionLevel === 'city' ? `${r.province ?? ''}\u0000${r.city ?? ''}` : (r.province ?? ''))
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => (a ?? 1e9) - (b ?? 1e9))
  // Regions with the most tags first (the question is usually "who reports it most"), unknown last.
  const tagsOf = new Map<string, number>()
  for (const r of rows) tagsOf.set(regionOf(r), (tagsOf.get(regionOf(r)) ?? 0) + r.tags)
  const regions = [...tagsOf.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : tagsOf.get(b)! - tagsOf.get(a)! || (a < b ? -1 : a > b ? 1 : 0)))
  const cells = new Map(rows.map((r) => [`${regionOf(r)}|${r.year}`, r]))
  const max = Math.max(0, ...rows.map((r) => measureOf(r, measure)))
  const regionName = (key: string) => {
    if (regionLevel === 'province') return key || t('unknown')
    const [province, city] = key.split('\u0000')
    return city ? `${city}` : `${province || t('unknown')} · ${t('unknown')}`
  }
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {t('heatmap', { measure: t(`measure.${measure}`) })}
        </Title>
        <Group gap="sm">
          <Legend max={max} measure={measure} />
          <SegmentedControl
            size="xs"
            value={regionLevel}
            onChange={(v) => onRegionLevel(v as 'province' | 'city')}
            data={[
              { value: 'province', label: t('byProvince') },
              { value: 'city', label: t('byCity') },
            ]}
          />
          <DownloadCsvButton fileName="distribution.csv" testId="distribution-csv" rows={csvRows} />
        </Group>
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('noReports')}
        </Text>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table withTableBorder withColumnBorders={false} fz="xs" data-testid="heatmap" style={{ borderCollapse: 'separate', borderSpacing: 2 }}>
            <TableThead>
              <TableTr>
                <TableTh>{regionLevel === 'city' ? t('city') : t('province')}</TableTh>
                {years.map((y) => (
                  <TableTh key={String(y)} ta="center">
                    {y ?? t('unknown')}
                  </TableTh>
                ))}
              </TableTr>
            </TableThead>
            <TableTbody>
              {regions.map((region) => (
                <TableTr key={region}>
                  <TableTh scope="row" fw={500} style={{ whiteSpace: 'nowrap' }}>
                    {regionName(region)}
                  </TableTh>
                  {years.map((y) => {
                    const row = cells.get(`${region}|${y}`)
                    if (!row) return <TableTd key={String(y)} />
                    const value = measureOf(row, measure)
                    const text = formatMeasure(value, measure)
                    const detail = t('cellDetail', { region: regionName(region), year: y ?? t('unknown'), tags: row.tags, reportsWithLabel: row.reportsWithLabel, reports: row.reports, characters: row.characters })
                    // A cell of unknown region or year cannot be narrowed to by the filters: shown, not a link.
                    const clickable = row.tags > 0 && row.province !== null && row.year !== null && (regionLevel === 'province' || row.city !== null)
                    return (
                      <TableTd key={String(y)} p={0} style={{ background: shade(value, max), minWidth: 56 }}>
                        {clickable ? (
                          <UnstyledButton
                            w="100%"
                            px={6}
                            py={4}
                            ta="center"
                            fz="xs"
                            c={inkOn(value, max)}
                            title={detail}
                            aria-label={`${detail} — ${text}`}
                            data-cell={`${regionName(region)}|${y}`}
                            onClick={() => onOpen({ province: row.province, city: regionLevel === 'city' ? row.city : null, year: row.year })}
                          >
                            {text}
                          </UnstyledButton>
                        ) : (
                          <Text ta="center" fz="xs" px={6} py={4} c="dimmed" title={detail} data-cell={`${regionName(region)}|${y}`}>
                            {text}
                          </Text>
                        )}
                      </TableTd>
                    )
                  })}
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </div>
      )}
    </Paper>
  )
}

function LabelBars({ rows, labels, measure, onOpen }: { rows: DistributionRow[]; labels: ResearchLabel[]; measure: Measure; onOpen: (narrow: { labelId: string; year: number }) => void }) {
  const t = useTranslations('research')
  const years = [...new Set(rows.map((r) => r.year).filter((y): y is number => y !== null))].sort((a, b) => a - b)
  const present = [...new Set(rows.map((r) => r.labelId).filter((id): id is string => id !== null))]
  const series = labels.filter((l) => present.includes(l.id)).map((l) => ({ name: l.id, label: l.path, color: l.color }))
  const data = years.map((year) => ({
    year: String(year),
    ...Object.fromEntries(series.map((s) => [s.name, measureOf(rows.find((r) => r.year === year && r.labelId === s.name) ?? { tags: 0, perTenThousand: 0, share: 0 }, measure)])),
  }))
  if (data.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('noTags')}
      </Text>
    )
  }
  return (
    <BarChart
      h={280}
      data={data}
      dataKey="year"
      // Shares of different labels do not add up: side by side then, stacked otherwise.
      type={measure === 'share' ? 'default' : 'stacked'}
      series={series}
      withLegend
      legendProps={{ verticalAlign: 'bottom' }}
      valueFormatter={(v) => formatMeasure(v, measure)}
      barProps={(s) => ({
        style: { cursor: 'pointer' },
        onClick: (bar: { payload?: { year?: string } }) => bar.payload?.year && onOpen({ labelId: s.name, year: Number(bar.payload.year) }),
      })}
      data-testid="label-bars"
    />
  )
}
