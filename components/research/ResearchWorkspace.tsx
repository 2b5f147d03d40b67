'use client'

// The 研究 tab (issue 15): one filter bar over the views, everything in the URL so that a view can
// be shared and reloaded.
import { Button, Group, MultiSelect, Paper, SegmentedControl, Select, Stack } from '@mantine/core'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { withParams, type ResearchView } from '@/lib/research/url'
import { CompareView } from './CompareView'
import { ConcordanceView } from './ConcordanceView'
import { DistributionView } from './DistributionView'
import { RegionYearsView } from './RegionYearsView'

export interface ResearchLabel {
  id: string
  name: string
  path: string
  color: string
  parentId: string | null
}

export interface ResearchFacetsView {
  provinces: { value: string; count: number }[]
  cities: { province: string; value: string; count: number }[]
  levels: { value: string; count: number }[]
  years: { value: number; count: number }[]
}

const statuses = ['approved', 'pending', 'needs_revision', 'rejected'] as const

export function ResearchWorkspace({ projectId, labels, facets }: { projectId: string; labels: ResearchLabel[]; facets: ResearchFacetsView }) {
  const t = useTranslations('research')
  const ts = useTranslations('annotate.status')
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const asked = params.get('view')
  const view: ResearchView = asked === 'concordance' || asked === 'region' || asked === 'compare' ? asked : 'distribution'
  const update = (changes: Record<string, string | number | null>) => router.replace(`${pathname}?${withParams(params, changes)}`, { scroll: false })
  const province = params.get('province')
  const cities = facets.cities.filter((c) => !province || c.province === province)
  const years = facets.years.map((y) => ({ value: String(y.value), label: String(y.value) }))
  const status = (params.get('status') ?? 'approved').split(',').filter(Boolean)

  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        <Group gap="sm" wrap="wrap" align="flex-end" data-testid="research-filters">
          <MultiSelect
            label={t('status')}
            data={statuses.map((s) => ({ value: s, label: ts(s) }))}
            value={status}
            onChange={(v) => update({ status: v.length === 0 || (v.length === 1 && v[0] === 'approved') ? null : v.join(',') })}
            w={190}
          />
          <Select
            label={t('label')}
            placeholder={t('allLabels')}
            clearable
            searchable
            value={params.get('labelId')}
            onChange={(v) => update({ labelId: v })}
            data={labels.map((l) => ({ value: l.id, label: l.parentId ? `　${l.path}` : t('labelFamily', { name: l.name }) }))}
            w={210}
          />
          <Select
            label={t('province')}
            placeholder={t('allProvinces')}
            clearable
            searchable
            value={province}
            onChange={(v) => update({ province: v, city: null })}
            data={facets.provinces.map((p) => ({ value: p.value, label: `${p.value} (${p.count})` }))}
            w={150}
          />
          <Select
            label={t('city')}
            placeholder={t('allCities')}
            clearable
            searchable
            value={params.get('city')}
            onChange={(v) => update({ city: v, province: v ? (cities.find((c) => c.value === v)?.province ?? province) : province })}
            data={[...new Map(cities.map((c) => [c.value, c])).values()].map((c) => ({ value: c.value, label: `${c.value} (${c.count})` }))}
            w={140}
          />
          <Select label={t('level')} placeholder={t('allLevels')} clearable value={params.get('level')} onChange={(v) => update({ level: v })} data={facets.levels.map((l) => ({ value: l.value, label: `${l.value} (${l.count})` }))} w={130} />
          <Select label={t('yearFrom')} placeholder={t('anyYear')} clearable value={params.get('yearFrom')} onChange={(v) => update({ yearFrom: v })} data={years} w={100} />
          <Select label={t('yearTo')} placeholder={t('anyYear')} clearable value={params.get('yearTo')} onChange={(v) => update({ yearTo: v })} data={years} w={100} />
          <Button variant="subtle" onClick={() => router.replace(`${pathname}?${new URLSearchParams(view !== 'distribution' ? { view } : {})}`, { scroll: false })}>
            {t('clearFilters')}
          </Button>
        </Group>
      </Paper>
      <SegmentedControl
        w="fit-content"
        value={view}
        onChange={(v) => update({ view: v === 'distribution' ? null : v })}
        data={[
          { value: 'distribution', label: t('distribution') },
          { value: 'concordance', label: t('concordance') },
          { value: 'region', label: t('regionYears') },
          { value: 'compare', label: t('compareGroups') },
        ]}
        aria-label={t('views')}
      />
      {view === 'distribution' && <DistributionView projectId={projectId} labels={labels} />}
      {view === 'concordance' && <ConcordanceView projectId={projectId} />}
      {view === 'region' && <RegionYearsView projectId={projectId} />}
      {view === 'compare' && <CompareView projectId={projectId} />}
    </Stack>
  )
}
