'use client'

// The provinces as a tile grid (lib/research/tile-map.ts), shaded by the measure; a tile with tags
// opens the concordance of that province. Beside it, the provinces ranked by the measure.
import { Group, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, UnstyledButton } from '@mantine/core'
import { useTranslations } from 'next-intl'
import { provinceTiles, TILE_COLUMNS, TILE_ROWS, tileOf } from '@/lib/research/tile-map'
import { formatMeasure, measureOf, type Measure } from '@/lib/research/url'
import type { DistributionRow } from '@/lib/schemas/research'
import { Legend, shade } from './DistributionView'

export function ProvinceTileMap({ rows, measure, onOpen }: { rows: DistributionRow[]; measure: Measure; onOpen: (province: string) => void }) {
  const t = useTranslations('research')
  // A tile's row: the document's own spelling of the province is what the concordance filters on.
  const byTile = new Map<string, DistributionRow>()
  for (const r of rows) {
    const tile = r.province ? tileOf(r.province) : null
    if (tile) byTile.set(tile.name, r)
  }
  const max = Math.max(0, ...rows.map((r) => measureOf(r, measure)))
  const ranked = rows.filter((r) => r.province !== null && r.reports > 0).sort((a, b) => measureOf(b, measure) - measureOf(a, measure) || b.reports - a.reports)
  return (
    <Stack gap="sm">
      <div
        role="group"
        aria-label={t('mapLabel')}
        data-testid="tile-map"
        style={{ display: 'grid', gridTemplateColumns: `repeat(${TILE_COLUMNS}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${TILE_ROWS}, auto)`, gap: 3, maxWidth: 460 }}
      >
        {provinceTiles.map((tile) => {
          const row = byTile.get(tile.name)
          const value = row ? measureOf(row, measure) : 0
          const detail = row ? t('tileDetail', { province: tile.name, value: formatMeasure(value, measure), tags: row.tags, reports: row.reports }) : t('tileNoReports', { province: tile.name })
          const style = { gridColumn: tile.col + 1, gridRow: tile.row + 1, aspectRatio: '1', borderRadius: 4, background: row ? shade(value, max) : 'var(--mantine-color-gray-1)', color: max > 0 && value / max > 0.55 ? 'white' : 'var(--mantine-color-dark-7)', border: row ? '1px solid var(--mantine-color-indigo-2)' : '1px dashed var(--mantine-color-gray-3)' }
          const face = (
            <Stack gap={0} align="center" justify="center" h="100%">
              <Text fz={11} fw={600} lh={1.1} c="inherit">
                {tile.short}
              </Text>
              {row && (
                <Text fz={10} lh={1.1} c="inherit">
                  {formatMeasure(value, measure)}
                </Text>
              )}
            </Stack>
          )
          return row && row.tags > 0 ? (
            <UnstyledButton key={tile.name} style={style} title={detail} aria-label={detail} data-tile={tile.name} onClick={() => onOpen(row.province!)}>
              {face}
            </UnstyledButton>
          ) : (
            <div key={tile.name} style={style} title={detail} data-tile={tile.name}>
              {face}
            </div>
          )
        })}
      </div>
      <Group justify="space-between">
        <Legend max={max} measure={measure} />
        <Text fz="xs" c="dimmed">
          {t('mapNote')}
        </Text>
      </Group>
      {ranked.length > 0 && (
        <Table fz="xs" data-testid="province-ranking">
          <TableThead>
            <TableTr>
              <TableTh>{t('province')}</TableTh>
              <TableTh ta="right">{t(`measure.${measure}`)}</TableTh>
              {measure !== 'count' && <TableTh ta="right">{t('tagsColumn')}</TableTh>}
              <TableTh ta="right">{t('reportsColumn')}</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {ranked.slice(0, 10).map((r) => (
              <TableTr key={r.province}>
                <TableTd>
                  {r.tags > 0 ? (
                    <UnstyledButton fz="xs" c="indigo.7" onClick={() => onOpen(r.province!)}>
                      {r.province}
                    </UnstyledButton>
                  ) : (
                    r.province
                  )}
                </TableTd>
                <TableTd ta="right">{formatMeasure(measureOf(r, measure), measure)}</TableTd>
                {measure !== 'count' && <TableTd ta="right">{r.tags}</TableTd>}
                <TableTd ta="right">
                  {r.reportsWithLabel}/{r.reports}
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      )}
    </Stack>
  )
}
