'use client'

// The dashboard's suggestions panel (issue 14): how good each source is (precision, recall, F1 per source and label,
// measured on held-out documents when the model was trained), the learning curve, the live acceptance rate, and a notice
// for a source the precision floor switched off. Managers also set the sources, thresholds and rule patterns here, train
// the model and suggest for all documents (a job whose progress is shown).
import { LineChart } from '@mantine/charts'
import { Alert, Badge, Button, Group, NumberInput, Paper, Progress, Select, SimpleGrid, Stack, Switch, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslations } from 'next-intl'
import { useCallback, useEffect, useState } from 'react'
import { call } from '@/lib/api/client'
import {
  createPatternEndpoint,
  deletePatternEndpoint,
  getSuggestionSettingsEndpoint,
  listPatternsEndpoint,
  listSuggestionRunsEndpoint,
  startSuggestionRunEndpoint,
  suggestionEvaluationEndpoint,
  trainSuggestionsEndpoint,
  updateSuggestionSettingsEndpoint,
} from '@/lib/api/suggestion-endpoints'
import type { SuggestionEvaluation, SuggestionSettingsView } from '@/lib/schemas/suggestions'
import { useErrorMessage } from '@/components/errors/useErrorMessage'

const sources = ['rule', 'model', 'propagation'] as const
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2))
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)} %`)

type Settings = SuggestionSettingsView & { floorNotices: { source: string; precision: number; at: string }[] }
type Pattern = { id: string; labelId: string; kind: 'literal' | 'regex'; pattern: string; mustAlsoContain: string | null }
type Run = { id: string; status: string; total: number; done: number; created: number; error: string | null }

export function SuggestionsDashboard({ projectId, manager, labels }: { projectId: string; manager: boolean; labels: { id: string; path: string }[] }) {
  const t = useTranslations('dashboard.suggestions')
  const errorMessage = useErrorMessage()
  const [evaluation, setEvaluation] = useState<SuggestionEvaluation | null>(null)
  const [settings, setSettings] = useState<Settings | null>(null)
  const [patterns, setPatterns] = useState<Pattern[]>([])
  const [run, setRun] = useState<Run | null>(null)
  const [draft, setDraft] = useState<{ labelId: string | null; kind: 'literal' | 'regex'; pattern: string; mustAlsoContain: string }>({ labelId: null, kind: 'literal', pattern: '', mustAlsoContain: '' })
  const fail = useCallback((error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) }), [errorMessage])

  const load = useCallback(async () => {
    try {
      const [e, s, p, r] = await Promise.all([
        call(suggestionEvaluationEndpoint, { params: { projectId } }),
        call(getSuggestionSettingsEndpoint, { params: { projectId } }),
        call(listPatternsEndpoint, { params: { projectId } }),
        call(listSuggestionRunsEndpoint, { params: { projectId } }),
      ])
      setEvaluation(e)
      setSettings(s)
      setPatterns(p.items)
      setRun(r.items[0] ?? null)
    } catch (error) {
      fail(error)
    }
  }, [fail, projectId])

  useEffect(() => {
    // The panel reads its figures from the API once on arrival (and after each action).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load()
  }, [load])

  // A run in progress is polled until it ends.
  const running = run !== null && (run.status === 'queued' || run.status === 'running')
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => void load(), 1500)
    return () => clearInterval(timer)
  }, [load, running])

  const change = async (patch: Partial<SuggestionSettingsView>) => {
    try {
      setSettings(await call(updateSuggestionSettingsEndpoint, { params: { projectId }, body: patch }))
    } catch (error) {
      fail(error)
    }
  }
  const train = async () => {
    try {
      const answer = await call(trainSuggestionsEndpoint, { params: { projectId }, body: { wait: true } })
      notifications.show({ message: answer.model ? t('trained', { version: answer.model.version, tags: answer.model.trainedOnTags }) : t('notTrained'), color: answer.model ? 'green' : 'orange' })
      await load()
    } catch (error) {
      fail(error)
    }
  }
  const suggestAll = async () => {
    try {
      setRun(await call(startSuggestionRunEndpoint, { params: { projectId }, body: {} }))
    } catch (error) {
      fail(error)
    }
  }
  const addPattern = async () => {
    if (!draft.labelId) return
    try {
      await call(createPatternEndpoint, { params: { projectId }, body: { labelId: draft.labelId, kind: draft.kind, pattern: draft.pattern, mustAlsoContain: draft.mustAlsoContain || null } })
      setDraft((d) => ({ ...d, pattern: '', mustAlsoContain: '' }))
      await load()
    } catch (error) {
      fail(error)
    }
  }
  const removePattern = async (patternId: string) => {
    try {
      await call(deletePatternEndpoint, { params: { projectId, patternId } })
      await load()
    } catch (error) {
      fail(error)
    }
  }

  const labelPath = (id: string) => labels.find((l) => l.id === id)?.path ?? id
  const curve = (evaluation?.learningCurve ?? []).map((p) => ({ tags: p.tags, f1: p.f1 ?? 0 }))

  return (
    <Stack gap="md" mt="xl" data-testid="suggestions-dashboard">
      <Title order={3}>{t('title')}</Title>
      {evaluation?.floorNotices.map((n) => (
        <Alert key={`${n.source}-${n.at}`} color="orange" variant="light" data-testid="floor-notice">
          {t('floorNotice', { source: t(`source.${n.source}`), precision: pct(n.precision), floor: pct(evaluation.precisionFloor) })}
        </Alert>
      ))}
      <Text size="sm" c="dimmed" data-testid="suggestions-model">
        {evaluation?.model
          ? t('model', { version: evaluation.model.version, tags: evaluation.model.trainedOnTags, documents: evaluation.model.trainedOnDocuments })
          : t('noModel', { approved: evaluation?.approvedTags ?? 0 })}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Text fw={700} size="sm" mb="xs">
            {t('quality')}
          </Text>
          <Table striped data-testid="suggestion-figures">
            <TableThead>
              <TableTr>
                <TableTh>{t('sourceLabel')}</TableTh>
                <TableTh>P</TableTh>
                <TableTh>R</TableTh>
                <TableTh>F1</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {(evaluation?.sources ?? []).flatMap((s) => [
                <TableTr key={s.source} data-testid={`figures-${s.source}`}>
                  <TableTd fw={700}>{t(`source.${s.source}`)}</TableTd>
                  <TableTd>{fmt(s.overall.precision)}</TableTd>
                  <TableTd>{fmt(s.overall.recall)}</TableTd>
                  <TableTd>{fmt(s.overall.f1)}</TableTd>
                </TableTr>,
                ...s.labels.map((l) => (
                  <TableTr key={`${s.source}-${l.labelId}`}>
                    <TableTd pl="lg">{l.label_path}</TableTd>
                    <TableTd>{fmt(l.precision)}</TableTd>
                    <TableTd>{fmt(l.recall)}</TableTd>
                    <TableTd>{fmt(l.f1)}</TableTd>
                  </TableTr>
                )),
              ])}
            </TableTbody>
          </Table>
          {(evaluation?.sources ?? []).length === 0 && (
            <Text size="sm" c="dimmed">
              {t('noFigures')}
            </Text>
          )}
        </Paper>
        <Stack gap="md">
          <Paper withBorder p="md" radius="md">
            <Text fw={700} size="sm" mb="xs">
              {t('curve')}
            </Text>
            {curve.length > 0 ? (
              <LineChart h={180} data={curve} dataKey="tags" series={[{ name: 'f1', label: 'F1', color: 'grape.6' }]} yAxisProps={{ domain: [0, 1] }} withDots data-testid="learning-curve" />
            ) : (
              <Text size="sm" c="dimmed">
                {t('noCurve')}
              </Text>
            )}
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Text fw={700} size="sm" mb="xs">
              {t('acceptance')}
            </Text>
            <Group gap="md" data-testid="acceptance">
              {(evaluation?.acceptance ?? []).map((a) => (
                <Stack key={a.source} gap={0}>
                  <Text size="xs" c="dimmed">
                    {t(`source.${a.source}`)}
                  </Text>
                  <Text fw={700} data-testid={`acceptance-${a.source}`}>
                    {pct(a.rate)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('decided', { accepted: a.accepted, rejected: a.rejected, open: a.open })}
                  </Text>
                </Stack>
              ))}
            </Group>
          </Paper>
        </Stack>
      </SimpleGrid>

      {manager && settings && (
        <Paper withBorder p="md" radius="md" data-testid="suggestion-settings">
          <Text fw={700} size="sm" mb="xs">
            {t('settings')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} mb="sm">
            {sources.map((s) => (
              <Stack key={s} gap={4}>
                <Switch label={t(`source.${s}`)} checked={settings[`${s}Enabled`]} onChange={(e) => void change({ [`${s}Enabled`]: e.currentTarget.checked })} data-testid={`source-${s}`} />
                <NumberInput size="xs" label={t('threshold')} min={0} max={1} step={0.05} decimalScale={2} value={settings[`${s}Threshold`]} onBlur={(e) => void change({ [`${s}Threshold`]: Number(e.currentTarget.value) })} />
              </Stack>
            ))}
          </SimpleGrid>
          <Group gap="lg" mb="sm" align="flex-end">
            <NumberInput size="xs" w={140} label={t('floor')} min={0} max={1} step={0.05} decimalScale={2} value={settings.precisionFloor} onBlur={(e) => void change({ precisionFloor: Number(e.currentTarget.value) })} />
            <NumberInput size="xs" w={160} label={t('retrainAfter')} min={0} max={100000} value={settings.retrainAfter} onBlur={(e) => void change({ retrainAfter: Number(e.currentTarget.value) })} />
            <Switch label={t('onImport')} checked={settings.suggestOnImport} onChange={(e) => void change({ suggestOnImport: e.currentTarget.checked })} />
            <Switch label={t('byUncertainty')} checked={settings.nextByUncertainty} onChange={(e) => void change({ nextByUncertainty: e.currentTarget.checked })} />
          </Group>
          <Group gap="sm" mb="md">
            <Button size="xs" onClick={() => void train()} data-testid="train-now">
              {t('train')}
            </Button>
            <Button size="xs" variant="light" onClick={() => void suggestAll()} disabled={running} data-testid="suggest-all">
              {t('suggestAll')}
            </Button>
            {run && (
              <Group gap={6} style={{ flex: 1 }} data-testid="suggest-run">
                <Progress value={run.total ? (100 * run.done) / run.total : 100} w={160} />
                <Text size="xs">{t('run', { status: t(`runStatus.${run.status}`), done: run.done, total: run.total, created: run.created })}</Text>
              </Group>
            )}
          </Group>
          <Text fw={700} size="sm" mb={4}>
            {t('patterns')}
          </Text>
          <Stack gap={4} mb="xs">
            {patterns.map((p) => (
              <Group key={p.id} gap="xs">
                <Badge variant="light">{p.kind}</Badge>
                <Text size="sm" ff="monospace">
                  {p.pattern}
                </Text>
                {p.mustAlsoContain && <Text size="xs" c="dimmed">+ {p.mustAlsoContain}</Text>}
                <Text size="xs" c="dimmed">→ {labelPath(p.labelId)}</Text>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => void removePattern(p.id)}>
                  {t('remove')}
                </Button>
              </Group>
            ))}
          </Stack>
          <Group gap="xs" align="flex-end">
            <Select size="xs" w={220} label={t('label')} data={labels.map((l) => ({ value: l.id, label: l.path }))} value={draft.labelId} onChange={(v) => setDraft((d) => ({ ...d, labelId: v }))} searchable />
            <Select size="xs" w={110} label={t('kind')} data={[{ value: 'literal', label: t('literal') }, { value: 'regex', label: t('regex') }]} value={draft.kind} onChange={(v) => setDraft((d) => ({ ...d, kind: v === 'regex' ? 'regex' : 'literal' }))} allowDeselect={false} />
            <TextInput size="xs" w={220} label={t('pattern')} value={draft.pattern} onChange={(e) => setDraft((d) => ({ ...d, pattern: e.currentTarget.value }))} />
            <TextInput size="xs" w={160} label={t('mustAlsoContain')} value={draft.mustAlsoContain} onChange={(e) => setDraft((d) => ({ ...d, mustAlsoContain: e.currentTarget.value }))} />
            <Button size="xs" onClick={() => void addPattern()} disabled={!draft.labelId || !draft.pattern.trim()}>
              {t('add')}
            </Button>
          </Group>
        </Paper>
      )}
    </Stack>
  )
}
