'use client'

import { Alert, Button, Checkbox, Chip, Group, MultiSelect, NumberInput, Paper, Progress, Radio, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput, Title, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconDownload } from '@tabler/icons-react'
import { useTranslations } from 'next-intl'
import { ExportLayerChoice } from '@/components/curation/ExportLayerChoice'
import { useEffect, useMemo, useState } from 'react'
import { z } from 'zod'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { createExportEndpoint, previewExportEndpoint } from '@/lib/api/endpoints'
import { tagStatusSchema, type ExportPreview } from '@/lib/schemas/exports'

export interface ExportFormOptions {
  labels: { value: string; label: string }[]
  annotators: { value: string; label: string }[]
  provinces: string[]
  years: number[]
  issuers: string[]
  /** An annotator in blind mode may export approved tags only. */
  approvedOnly: boolean
  /** The project's taxonomy version now: an export may be written as of an earlier one (issue 13). */
  taxonomyVersion: number
}

const formats = ['jsonl', 'doccano', 'label-studio', 'conll', 'sentences'] as const
const statuses = ['approved', 'pending', 'needs_revision', 'rejected'] as const

export function ExportForm({ projectId, options, onStarted }: { projectId: string; options: ExportFormOptions; onStarted: () => void }) {
  const t = useTranslations('export')
  const ts = useTranslations('annotate.status')
  const [format, setFormat] = useState<(typeof formats)[number]>('jsonl')
  const [status, setStatus] = useState<z.infer<typeof tagStatusSchema>[]>(['approved'])
  const [labels, setLabels] = useState<string[]>([])
  const [annotators, setAnnotators] = useState<string[]>([])
  const [provinces, setProvinces] = useState<string[]>([])
  const [years, setYears] = useState<string[]>([])
  const [issuers, setIssuers] = useState<string[]>([])
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [includeUntagged, setIncludeUntagged] = useState(false)
  const [split, setSplit] = useState(false)
  const [ratios, setRatios] = useState<[number, number, number]>([0.8, 0.1, 0.1])
  const [seed, setSeed] = useState(42)
  const [conllLayers, setConllLayers] = useState<'per_top_label' | 'single'>('per_top_label')
  const [layer, setLayer] = useState<'tags' | 'gold'>('tags')
  const [asOfVersion, setAsOfVersion] = useState<number | ''>('')
  const [preview, setPreview] = useState<ExportPreview | null>(null)
  const errorMessage = useErrorMessage()
  const [previewError, setPreviewError] = useState<string | null>(null)
  const [startError, setStartError] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)

  const filters = useMemo(() => {
    const documents = {
      ...(provinces.length ? { provinces } : {}),
      ...(years.length ? { years: years.map(Number) } : {}),
      ...(issuers.length ? { issuers } : {}),
    }
    return {
      status,
      ...(labels.length ? { labels } : {}),
      ...(annotators.length ? { annotators } : {}),
      ...(Object.keys(documents).length ? { documents } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      includeUntagged,
    }
  }, [status, labels, annotators, provinces, years, issuers, from, to, includeUntagged])
  // The preview counts what the file will hold: of the layer and as of the taxonomy version chosen.
  const previewed = useMemo(
    () => ({ ...filters, layer, ...(asOfVersion !== '' && asOfVersion !== options.taxonomyVersion ? { taxonomyVersion: asOfVersion } : {}) }),
    [filters, layer, asOfVersion, options.taxonomyVersion],
  )
  const [debounced] = useDebouncedValue(previewed, 250)

  useEffect(() => {
    let current = true
    call(previewExportEndpoint, { params: { projectId }, body: debounced })
      .then((p) => {
        if (!current) return
        setPreview(p)
        setPreviewError(null)
      })
      .catch((error: unknown) => current && setPreviewError(errorMessage(error)))
    return () => {
      current = false
    }
  }, [errorMessage, projectId, debounced])

  const start = async () => {
    setStarting(true)
    setStartError(null)
    try {
      await call(createExportEndpoint, { params: { projectId }, body: { format, ...previewed, ...(split ? { split: { ratios, seed } } : {}), ...(format === 'conll' ? { conllLayers } : {}) },
      })
      onStarted()
    } catch (error) {
      setStartError(errorMessage(error))
    } finally {
      setStarting(false)
    }
  }

  const maxSpans = Math.max(1, ...(preview?.perLabel.map((l) => l.spans) ?? []))
  const empty = preview !== null && preview.documents === 0

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="new-export">
      <Title order={2} size="h4" id="new-export" mb="md">
        {t('newExport')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack gap="md">
          <Radio.Group value={format} onChange={(v) => setFormat(v as (typeof formats)[number])} label={t('format')} name="format">
            <Stack gap={6} mt={6}>
              {formats.map((f) => (
                <Radio key={f} value={f} label={<Text size="sm" fw={600}>{t(`formats.${f}.name`)}</Text>} description={t(`formats.${f}.describe`)} data-testid={`format-${f}`} />
              ))}
            </Stack>
          </Radio.Group>
          <ExportLayerChoice value={layer} onChange={setLayer} />
          {options.taxonomyVersion > 1 && (
            <NumberInput
              label={t('taxonomyVersion')}
              description={t('taxonomyVersionHelp', { current: options.taxonomyVersion })}
              placeholder={t('taxonomyVersionCurrent', { current: options.taxonomyVersion })}
              min={1}
              max={options.taxonomyVersion}
              allowDecimal={false}
              clampBehavior="strict"
              w={260}
              value={asOfVersion}
              onChange={(v) => setAsOfVersion(typeof v === 'number' ? v : '')}
              data-testid="export-taxonomy-version"
            />
          )}
          {format === 'conll' && (
            <div>
              <Text size="sm" fw={500} mb={4}>{t('conllLayers')}</Text>
              <SegmentedControl
                value={conllLayers}
                onChange={(v) => setConllLayers(v as typeof conllLayers)}
                data={[
                  { value: 'per_top_label', label: t('conllPerTop') },
                  { value: 'single', label: t('conllSingle') },
                ]}
              />
              <Text size="xs" c="dimmed" mt={4}>{t('conllHelp')}</Text>
            </div>
          )}
          <div>
            <Text size="sm" fw={500} mb={6}>{t('statuses')}</Text>
            <Chip.Group multiple value={status} onChange={(v) => setStatus(v.length ? z.array(tagStatusSchema).parse(v) : ['approved'])}>
              <Group gap="xs">
                {statuses.map((s) => (
                  <Tooltip key={s} label={t('approvedOnlyBlind')} disabled={!options.approvedOnly || s === 'approved'}>
                    <span>
                      <Chip value={s} size="sm" disabled={options.approvedOnly && s !== 'approved'}>
                        {ts(s)}
                      </Chip>
                    </span>
                  </Tooltip>
                ))}
              </Group>
            </Chip.Group>
            <Text size="xs" c="dimmed" mt={4}>{t('statusHelp')}</Text>
          </div>
          <div>
            <Switch label={t('split')} checked={split} onChange={(e) => setSplit(e.currentTarget.checked)} data-testid="split-switch" />
            {split && (
              <Group mt="xs" gap="xs" align="flex-end">
                {(['train', 'dev', 'test'] as const).map((part, i) => (
                  <NumberInput
                    key={part}
                    label={t(`parts.${part}`)}
                    w={90}
                    min={0}
                    max={1}
                    step={0.05}
                    decimalScale={2}
                    value={ratios[i]}
                    onChange={(v) => setRatios((r) => r.map((x, j) => (j === i ? Number(v) || 0 : x)) as [number, number, number])}
                  />
                ))}
                <NumberInput label={t('seed')} w={90} min={0} value={seed} onChange={(v) => setSeed(Number(v) || 0)} />
              </Group>
            )}
            {split && <Text size="xs" c="dimmed" mt={4}>{t('splitHelp')}</Text>}
          </div>
        </Stack>
        <Stack gap="md">
          <MultiSelect label={t('labels')} placeholder={labels.length ? undefined : t('all')} data={options.labels} value={labels} onChange={setLabels} searchable clearable description={t('labelsHelp')} />
          <SimpleGrid cols={3} spacing="xs">
            <MultiSelect label={t('provinces')} placeholder={provinces.length ? undefined : t('all')} data={options.provinces} value={provinces} onChange={setProvinces} searchable clearable />
            <MultiSelect label={t('years')} placeholder={years.length ? undefined : t('all')} data={options.years.map(String)} value={years} onChange={setYears} clearable />
            <MultiSelect label={t('issuers')} placeholder={issuers.length ? undefined : t('all')} data={options.issuers} value={issuers} onChange={setIssuers} searchable clearable />
          </SimpleGrid>
          <MultiSelect label={t('annotators')} placeholder={annotators.length ? undefined : t('all')} data={options.annotators} value={annotators} onChange={setAnnotators} searchable clearable />
          <Group grow gap="xs">
            <TextInput type="date" label={t('from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput type="date" label={t('to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </Group>
          <Checkbox label={t('includeUntagged')} description={t('includeUntaggedHelp')} checked={includeUntagged} onChange={(e) => setIncludeUntagged(e.currentTarget.checked)} />

          <Paper bg="gray.0" p="md" radius="md" data-testid="export-preview" aria-live="polite">
            {previewError ? (
              <Text c="red" size="sm">{previewError}</Text>
            ) : preview ? (
              <>
                <Text fw={600}>{t('previewCounts', { documents: preview.documents, spans: preview.spans })}</Text>
                {preview.leftOut > 0 && <Text size="xs" c="dimmed" data-testid="export-preview-left-out">{t('previewLeftOut', { count: preview.leftOut })}</Text>}
                <Stack gap={4} mt="xs">
                  {preview.perLabel.slice(0, 12).map((l) => (
                    <Group key={l.label} gap="xs" wrap="nowrap">
                      <Text size="xs" w={220} truncate="end" title={l.label}>{l.label}</Text>
                      <Progress value={(100 * l.spans) / maxSpans} color={l.color} style={{ flex: 1 }} size="sm" aria-hidden />
                      <Text size="xs" w={40} ta="right">{l.spans}</Text>
                    </Group>
                  ))}
                  {preview.perLabel.length > 12 && <Text size="xs" c="dimmed">{t('moreLabels', { count: preview.perLabel.length - 12 })}</Text>}
                </Stack>
              </>
            ) : (
              <Text size="sm" c="dimmed">{t('counting')}</Text>
            )}
          </Paper>
          {startError && <Alert color="red" title={t('startFailed')}>{startError}</Alert>}
          <Group justify="flex-end">
            <Button leftSection={<IconDownload size={16} />} onClick={start} loading={starting} disabled={empty} data-testid="start-export">
              {t('start')}
            </Button>
          </Group>
        </Stack>
      </SimpleGrid>
    </Paper>
  )
}
