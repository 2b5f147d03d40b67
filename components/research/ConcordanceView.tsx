'use client'

// The concordance (KWIC): every tag of the filter as one line, left | passage | right, aligned on the
// passage; sorted, searched and paged by the server; each passage opens its tag in the workbench.
import { Alert, Anchor, Badge, Button, Group, Loader, NumberInput, Paper, Select, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, TextInput } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import Link from 'next/link'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { UrlPagination } from '@/components/ui/UrlPagination'
import { queryString } from '@/lib/api/client'
import { researchConcordanceEndpoint } from '@/lib/api/research-endpoints'
import { filtersOf, withParams } from '@/lib/research/url'
import { concordanceSorts, type ConcordanceSort } from '@/lib/schemas/research'
import { useEndpoint } from './useResearch'

const PAGE_SIZE = 100

/** The passage with every occurrence of the search text marked. */
function Highlighted({ text, search }: { text: string; search: string }) {
  if (!search) return <>{text}</>
  const lower = text.toLowerCase()
  const needle = search.toLowerCase()
  const parts: React.ReactNode[] = []
  let from = 0
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    parts.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + needle.length)}</mark>)
    from = at + needle.length
  }
  parts.push(text.slice(from))
  return <>{parts}</>
}

export function ConcordanceView({ projectId }: { projectId: string }) {
  const t = useTranslations('research')
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const filters = filtersOf(params)
  const q = params.get('q') ?? ''
  const width = Math.min(200, Math.max(5, Number(params.get('width')) || 30))
  const sort: ConcordanceSort = (concordanceSorts as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as ConcordanceSort) : 'document'
  const page = Math.max(1, Number(params.get('page')) || 1)
  const query = { ...filters, q: q || undefined, width, sort, page, pageSize: PAGE_SIZE }
  const { data, error, loading } = useEndpoint(researchConcordanceEndpoint, projectId, query)
  const set = (changes: Record<string, string | number | null>) => router.replace(`${pathname}?${withParams(params, changes)}`, { scroll: false })
  const setSearch = useDebouncedCallback((value: string) => set({ q: value.trim() || null }), 300)
  const download = (format: 'csv' | 'xlsx') => `/api/v1/projects/${projectId}/research/concordance/download${queryString({ ...filters, q: q || undefined, width, sort, format })}`

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput label={t('search')} leftSection={<IconSearch size={16} />} placeholder={t('searchPlaceholder')} defaultValue={q} onChange={(e) => setSearch(e.currentTarget.value)} w={240} data-testid="concordance-search" />
        <Select
          label={t('sort')}
          value={sort}
          onChange={(v) => set({ sort: v === 'document' ? null : v })}
          data={concordanceSorts.map((s) => ({ value: s, label: t(`sortBy.${s}`) }))}
          allowDeselect={false}
          w={170}
          data-testid="concordance-sort"
        />
        <NumberInput label={t('width')} value={width} min={5} max={200} step={5} onChange={(v) => typeof v === 'number' && v >= 5 && v <= 200 && set({ width: v === 30 ? null : v })} w={130} />
        <Group gap="xs" ml="auto">
          {loading && <Loader size="xs" />}
          {data && (
            <Text size="sm" c="dimmed" data-testid="concordance-total">
              {t('lines', { total: data.total })}
            </Text>
          )}
          <Button component="a" href={download('csv')} variant="default" size="sm" data-testid="download-csv">
            {t('downloadCsv')}
          </Button>
          <Button component="a" href={download('xlsx')} variant="default" size="sm">
            {t('downloadXlsx')}
          </Button>
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      <Paper withBorder radius="md" style={{ overflowX: 'auto' }}>
        <Table fz="sm" verticalSpacing={4} data-testid="concordance" style={{ tableLayout: 'fixed', minWidth: 900 }}>
          <TableThead>
            <TableTr>
              <TableTh w={150}>{t('where')}</TableTh>
              <TableTh ta="right">{t('left')}</TableTh>
              <TableTh w="18%" ta="center">
                {t('passage')}
              </TableTh>
              <TableTh>{t('right')}</TableTh>
              <TableTh w={150}>{t('label')}</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {data?.items.map((line) => (
              <TableTr key={line.tagId} data-tag={line.tagId}>
                <TableTd>
                  <Text fz="xs" truncate title={`${line.title} — ${[line.province, line.city].filter(Boolean).join(' ')} ${line.year ?? ''}`}>
                    {[line.city ?? line.province, line.year].filter(Boolean).join(' · ') || t('unknown')}
                  </Text>
                  <Text fz={11} c="dimmed" truncate>
                    {line.title}
                  </Text>
                </TableTd>
                {/* The left context keeps its end (next to the passage) in view: it is cut at its start. */}
                <TableTd style={{ overflow: 'hidden' }}>
                  <div style={{ display: 'flex', justifyContent: 'flex-end', whiteSpace: 'nowrap', overflow: 'hidden' }} data-part="left">
                    <span>{line.left}</span>
                  </div>
                </TableTd>
                <TableTd ta="center" style={{ background: 'var(--mantine-color-yellow-0)' }}>
                  <Anchor component={Link} prefetch={false} href={`/documents/${line.documentId}?tag=${line.tagId}`} fw={600} data-part="quote" title={t('openInDocument')}>
                    <Highlighted text={line.quote} search={q} />
                  </Anchor>
                </TableTd>
                <TableTd style={{ overflow: 'hidden', whiteSpace: 'nowrap' }} data-part="right">
                  {line.right}
                </TableTd>
                <TableTd>
                  <Badge variant="light" size="sm" maw="100%" title={line.labelPath} style={{ textTransform: 'none' }}>
                    {line.labelPath}
                  </Badge>
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
        {data && data.items.length === 0 && (
          <Text c="dimmed" size="sm" p="md">
            {t('noLines')}
          </Text>
        )}
      </Paper>
      {data && (
        <Group justify="center">
          <UrlPagination total={data.total} page={page} pageSize={PAGE_SIZE} />
        </Group>
      )}
      <Text size="xs" c="dimmed">
        {t('concordanceNote')}
      </Text>
    </Stack>
  )
}
