'use client'

// The curation of one document (docs/decisions/0025): the rows where the annotators' tags overlap,
// each shown as one lane per annotator over the passage, with the row's gold lane below. Every
// decision is a key: 1–9 take that annotator's tags, a accept an agreement, Shift+A accept every
// agreement, f fix (span and label), d drop; j/k or ↓/↑ move between rows, n goes to the next
// undecided one. After a decision the view moves on to the next undecided row.
import { Badge, Button, Group, NumberInput, Paper, Progress, ScrollArea, Select, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslations } from 'next-intl'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { curationDecisionEndpoint } from '@/lib/api/curation-endpoints'
import { ApiError, call } from '@/lib/api/client'
import type { CurationDecisionInput, CurationRowView, CurationState } from '@/lib/schemas/curation'
import { useErrorMessage } from '@/components/errors/useErrorMessage'

/** Code points of context shown on each side of a row's passage. */
const CONTEXT = 24

interface Mark {
  start: number
  end: number
  color: string
  title: string
}

/** The passage [from, to) with the marks drawn over it (where marks overlap, the first one drawn wins). */
function Passage(props: { chars: string[]; from: number; to: number; marks: Mark[]; testId: string }) {
  const { chars, from, to, marks } = props
  const runs: { text: string; mark: Mark | null }[] = []
  for (let i = from; i < to; i++) {
    const mark = marks.find((m) => m.start <= i && i < m.end) ?? null
    const last = runs[runs.length - 1]
    if (last && last.mark === mark) last.text += chars[i]
    else runs.push({ text: chars[i], mark })
  }
  return (
    <Text size="sm" data-testid={props.testId} style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, wordBreak: 'break-all' }}>
      {from > 0 && '…'}
      {runs.map((run, i) =>
        run.mark ? (
          <mark key={i} title={run.mark.title} style={{ background: `${run.mark.color}33`, borderBottom: `2px solid ${run.mark.color}`, padding: 0 }}>
            {run.text}
          </mark>
        ) : (
          <span key={i}>{run.text}</span>
        ),
      )}
      {to < chars.length && '…'}
    </Text>
  )
}

const isTyping = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

export function CurationView(props: { document: { id: string; title: string; text: string }; initial: CurationState }) {
  const t = useTranslations('curation')
  const errorMessage = useErrorMessage()
  const [state, setState] = useState(props.initial)
  const [focus, setFocus] = useState(() => Math.max(0, props.initial.rows.findIndex((r) => !r.decision)))
  const [fix, setFix] = useState<{ start: number; end: number; labelId: string } | null>(null)
  const busy = useRef(false)
  const [sending, setSending] = useState(false)
  const chars = useMemo(() => Array.from(props.document.text), [props.document.text])
  const colorOf = useMemo(() => new Map(state.labels.map((l) => [l.id, l.color])), [state.labels])
  const pathOf = useMemo(() => new Map(state.labels.map((l) => [l.id, l.path.join(' / ')])), [state.labels])
  const row: CurationRowView | undefined = state.rows[focus]
  const listRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    listRef.current?.querySelector(`[data-row-index="${focus}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [focus])

  const nextUndecided = useCallback((rows: CurationRowView[], after: number) => {
    for (let step = 1; step <= rows.length; step++) {
      const i = (after + step) % rows.length
      if (!rows[i].decision) return i
    }
    return Math.min(after, rows.length - 1)
  }, [])

  const decide = useCallback(
    async (body: CurationDecisionInput) => {
      // One decision at a time: a second key while one is in flight is ignored.
      if (busy.current) return
      busy.current = true
      setSending(true)
      try {
        const next = await call(curationDecisionEndpoint, { params: { documentId: state.documentId }, body })
        setState(next)
        setFix(null)
        const at = next.rows.findIndex((r) => r.key === body.rowKey)
        setFocus(nextUndecided(next.rows, at >= 0 ? at : focus))
      } catch (error) {
        if (error instanceof ApiError && error.current && typeof error.current === 'object' && 'rows' in error.current) setState(error.current as CurationState)
        notifications.show({ color: 'red', message: errorMessage(error) })
      } finally {
        busy.current = false
        setSending(false)
      }
    },
    [state.documentId, focus, errorMessage, nextUndecided],
  )

  const startFix = useCallback(() => {
    if (!row) return
    const base = row.gold[0] ?? row.tags[0]
    setFix({ start: base.start, end: base.end, labelId: base.labelId })
  }, [row])

  const fixQuote = fix ? chars.slice(fix.start, fix.end).join('') : ''
  const fixValid = fix !== null && fix.start < fix.end && fix.end <= chars.length && fixQuote.trim().length > 0

  const submitFix = useCallback(() => {
    if (!row || !fix || !fixValid) return
    void decide({ decision: 'fix', rowKey: row.key, fix: { ...fix, quote: fixQuote } })
  }, [row, fix, fixValid, fixQuote, decide])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return
      if (fix) {
        if (event.key === 'Escape') setFix(null)
        else if (event.key === 'Enter') {
          event.preventDefault()
          submitFix()
        }
        return
      }
      if (isTyping(event.target) || state.rows.length === 0) return
      const key = event.key
      if (key === 'j' || key === 'ArrowDown') setFocus((f) => Math.min(f + 1, state.rows.length - 1))
      else if (key === 'k' || key === 'ArrowUp') setFocus((f) => Math.max(f - 1, 0))
      else if (key === 'n') setFocus((f) => nextUndecided(state.rows, f))
      else if (key === 'A') void decide({ decision: 'accept_all' })
      else if (!row) return
      else if (key === 'a') void decide({ decision: 'accept', rowKey: row.key })
      else if (key === 'd') void decide({ decision: 'drop', rowKey: row.key })
      else if (key === 'f') startFix()
      else if (/^[1-9]$/.test(key)) {
        const annotator = state.annotators[Number(key) - 1]
        if (annotator) void decide({ decision: 'take', rowKey: row.key, annotatorId: annotator.id })
        else notifications.show({ color: 'yellow', message: t('noSuchAnnotator', { n: key }) })
      } else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [fix, row, state.rows, state.annotators, decide, startFix, submitFix, nextUndecided, t])

  const { progress } = state
  const from = row ? Math.max(0, Math.min(row.start, fix?.start ?? row.start) - CONTEXT) : 0
  const to = row ? Math.min(chars.length, Math.max(row.end, fix?.end ?? row.end) + CONTEXT) : 0
  const markOf = (tag: { start: number; end: number; labelId: string }) => ({ start: tag.start, end: tag.end, color: colorOf.get(tag.labelId) ?? '#888', title: pathOf.get(tag.labelId) ?? '' })
  const decisionWord = (r: CurationRowView) => (r.decision ? t(`decided.${r.decision.kind}`) : r.kind === 'agreement' ? t('proposed') : t('undecided'))

  return (
    <Stack gap="sm" data-testid="curation">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={3}>{t('title')}</Title>
          <Text size="sm" c="dimmed">
            {props.document.title}
          </Text>
        </div>
        <Group gap="sm" wrap="wrap">
          <Text size="sm" data-testid="curation-progress">
            {t('progress', { decided: progress.decided, rows: progress.rows, agreements: progress.agreements, disagreements: progress.disagreements })}
          </Text>
          {state.curated ? (
            <Badge color="green" data-testid="curation-done">
              {t('curated')}
            </Badge>
          ) : null}
          <Button size="xs" variant="light" onClick={() => void decide({ decision: 'accept_all' })} disabled={sending || !state.rows.some((r) => r.kind === 'agreement' && !r.decision)}>
            {t('acceptAll')} (Shift+A)
          </Button>
        </Group>
      </Group>
      <Progress value={progress.rows ? (100 * progress.decided) / progress.rows : 0} size="sm" aria-label={t('progressLabel')} />
      <Text size="xs" c="dimmed" data-testid="curation-keys">
        {t('keys')}
      </Text>
      {state.annotators.length < 2 && (
        <Text size="sm" c="orange">
          {t('fewAnnotators')}
        </Text>
      )}
      {state.rows.length === 0 ? (
        <Text c="dimmed">{t('noRows')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <Paper withBorder p={0} style={{ gridColumn: 'span 1' }}>
            <ScrollArea h={560} viewportRef={listRef}>
              {state.rows.map((r, i) => (
                <UnstyledButton
                  key={r.key}
                  data-row-index={i}
                  data-testid="curation-row"
                  data-kind={r.kind}
                  data-decided={r.decision ? r.decision.kind : ''}
                  aria-current={i === focus ? 'true' : undefined}
                  onClick={() => setFocus(i)}
                  style={{ display: 'block', width: '100%', padding: '6px 10px', borderBottom: '1px solid var(--mantine-color-gray-2)', background: i === focus ? 'var(--mantine-color-blue-0)' : undefined }}
                >
                  <Group gap={6} wrap="nowrap" justify="space-between">
                    <Text size="xs" c="dimmed">
                      {i + 1}
                    </Text>
                    <Text size="sm" lineClamp={1} style={{ flex: 1 }}>
                      {chars.slice(r.start, Math.min(r.end, r.start + 40)).join('')}
                    </Text>
                    <Badge size="xs" variant={r.decision ? 'filled' : 'light'} color={r.decision ? (r.decision.kind === 'drop' ? 'gray' : 'green') : r.kind === 'agreement' ? 'teal' : 'orange'}>
                      {decisionWord(r)}
                    </Badge>
                  </Group>
                </UnstyledButton>
              ))}
            </ScrollArea>
          </Paper>
          {row && (
            <Stack gap="xs" style={{ gridColumn: 'span 2' }} data-testid="curation-focus">
              <Group justify="space-between">
                <Text fw={600}>
                  {t('rowHeading', { n: focus + 1, rows: state.rows.length, start: row.start, end: row.end })}
                </Text>
                <Badge color={row.kind === 'agreement' ? 'teal' : 'orange'} variant="light">
                  {row.kind === 'agreement' ? t('agreement') : t('disagreement')}
                </Badge>
              </Group>
              {state.annotators.map((annotator, i) => {
                const own = row.tags.filter((tag) => tag.authorId === annotator.id)
                return (
                  <Paper key={annotator.id} withBorder p="xs" data-testid="curation-lane" data-annotator={annotator.name}>
                    <Group justify="space-between" mb={4}>
                      <Text size="sm" fw={600}>
                        <kbd>{i + 1}</kbd> {annotator.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {own.length === 0 ? t('nothingTagged') : own.map((tag) => `${tag.labelPath.join(' / ')} [${tag.start}, ${tag.end})`).join(' · ')}
                      </Text>
                    </Group>
                    <Passage chars={chars} from={from} to={to} marks={own.map(markOf)} testId="curation-lane-text" />
                  </Paper>
                )
              })}
              <Paper withBorder p="xs" data-testid="curation-gold" style={{ borderColor: 'var(--mantine-color-yellow-5)' }}>
                <Group justify="space-between" mb={4}>
                  <Text size="sm" fw={600}>
                    {t('gold')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {row.decision
                      ? t('decidedBy', { kind: t(`decided.${row.decision.kind}`), name: row.decision.curatorName, at: new Date(row.decision.at).toLocaleString() })
                      : row.kind === 'agreement'
                        ? t('proposedHint')
                        : t('undecidedHint')}
                  </Text>
                </Group>
                <Passage
                  chars={chars}
                  from={from}
                  to={to}
                  marks={fix ? [markOf(fix)] : row.decision ? row.gold.map(markOf) : row.kind === 'agreement' ? [markOf(row.tags[0])] : []}
                  testId="curation-gold-text"
                />
                {row.gold.length > 0 && !fix && (
                  <Text size="xs" c="dimmed" mt={4}>
                    {row.gold.map((g) => `${g.labelPath.join(' / ')} [${g.start}, ${g.end}) «${g.quote.length > 30 ? `${g.quote.slice(0, 30)}…` : g.quote}»`).join(' · ')}
                  </Text>
                )}
              </Paper>
              {fix ? (
                <Paper withBorder p="xs" data-testid="curation-fix">
                  <Group align="flex-end" gap="xs" wrap="wrap">
                    <NumberInput label={t('fixStart')} size="xs" w={110} min={0} max={chars.length - 1} value={fix.start} onChange={(v) => setFix({ ...fix, start: Number(v) || 0 })} />
                    <NumberInput label={t('fixEnd')} size="xs" w={110} min={1} max={chars.length} value={fix.end} onChange={(v) => setFix({ ...fix, end: Number(v) || 0 })} />
                    <Select
                      label={t('fixLabel')}
                      size="xs"
                      w={260}
                      data={state.labels.map((l) => ({ value: l.id, label: l.path.join(' / ') }))}
                      value={fix.labelId}
                      onChange={(v) => v && setFix({ ...fix, labelId: v })}
                      allowDeselect={false}
                      searchable
                    />
                    <Button size="xs" onClick={submitFix} disabled={!fixValid || sending} data-testid="curation-fix-save">
                      {t('fixSave')} (Enter)
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setFix(null)}>
                      {t('fixCancel')} (Esc)
                    </Button>
                  </Group>
                  <Text size="xs" c={fixValid ? 'dimmed' : 'red'} mt={4}>
                    {fixValid ? `«${fixQuote}»` : t('fixInvalid')}
                  </Text>
                </Paper>
              ) : (
                <Group gap="xs" wrap="wrap">
                  {row.kind === 'agreement' && (
                    <Button size="xs" color="teal" onClick={() => void decide({ decision: 'accept', rowKey: row.key })} disabled={sending}>
                      {t('accept')} (a)
                    </Button>
                  )}
                  {state.annotators.map((annotator, i) => (
                    <Button key={annotator.id} size="xs" variant="light" onClick={() => void decide({ decision: 'take', rowKey: row.key, annotatorId: annotator.id })} disabled={sending}>
                      {t('take', { name: annotator.name })} ({i + 1})
                    </Button>
                  ))}
                  <Button size="xs" variant="light" color="grape" onClick={startFix} disabled={sending}>
                    {t('fix')} (f)
                  </Button>
                  <Button size="xs" variant="light" color="gray" onClick={() => void decide({ decision: 'drop', rowKey: row.key })} disabled={sending}>
                    {t('drop')} (d)
                  </Button>
                </Group>
              )}
            </Stack>
          )}
        </SimpleGrid>
      )}
      {state.staleGold.length > 0 && (
        <Text size="sm" c="orange" data-testid="curation-stale">
          {t('stale', { count: state.staleGold.length })}
        </Text>
      )}
      {state.history.length > 0 && (
        <details>
          <summary>
            <Text span size="sm">
              {t('history', { count: state.history.length })}
            </Text>
          </summary>
          <Stack gap={2} mt={4} data-testid="curation-history">
            {state.history.map((h) => (
              <Text key={h.id} size="xs">
                {new Date(h.createdAt).toLocaleString()} · {h.actorName} · {t(`decided.${h.decision}`)} · {t('historyCounts', { before: Array.isArray(h.before) ? h.before.length : 0, after: Array.isArray(h.after) ? h.after.length : 0 })}
              </Text>
            ))}
          </Stack>
        </details>
      )}
    </Stack>
  )
}
