'use client'

// The taxonomy page (issue 13): every member reads the labels with their guideline in the UI's
// language; a manager adds, edits, moves, reorders (buttons or Alt+↑/↓ on a focused label), archives,
// merges and deletes labels, with an impact preview before anything that touches tags, and reads the
// history of changes. Each change is one call to /api/v1 and a refresh of the server's tree.
import { ActionIcon, Alert, Badge, Button, ColorInput, Drawer, FileButton, Group, Kbd, List, Menu, Modal, Paper, Select, SimpleGrid, Stack, Switch, Table, TagsInput, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowBackUp, IconArrowDown, IconArrowUp, IconDots, IconDownload, IconHistory, IconPlus, IconUpload } from '@tabler/icons-react'
import { useRouter } from 'next/navigation'
import { useFormatter, useLocale, useTranslations } from 'next-intl'
import { type KeyboardEvent, useEffect, useState, useTransition } from 'react'
import { call } from '@/lib/api/client'
import { createLabelEndpoint, deleteLabelEndpoint, importTaxonomyEndpoint, labelImpactEndpoint, mergeLabelEndpoint, removeLabelExampleEndpoint, splitLabelEndpoint, taxonomyEventsEndpoint, undoTaxonomyChangeEndpoint, updateLabelEndpoint } from '@/lib/api/taxonomy-endpoints'
import type { LabelNode } from '@/lib/schemas/projects'
import type { UpdateLabelInput } from '@/lib/schemas/taxonomy'
import { guidelineFor } from '@/lib/taxonomy/guideline'
import { useErrorMessage } from '../errors/useErrorMessage'
import { ExampleList, type LabelExample } from './LabelExamples'

interface Props {
  projectId: string
  labels: LabelNode[]
  canEdit: boolean
  taxonomyVersion: number
  /** The change that produced taxonomyVersion, offered for undo (not when it was itself an undo). */
  lastChange: { action: string; name: string } | null
  /** Split labels (their id) with the tags still to assign; given to reviewers and managers, who work the review lists. */
  splits?: Record<string, number>
  /** Guideline examples by label id (issue 13). */
  examples?: Partial<Record<string, LabelExample[]>>
  /** Reviewers and managers may unlink examples. */
  canReview?: boolean
}

type Impact = Awaited<ReturnType<typeof call<typeof labelImpactEndpoint>>>
type TaxonomyEvents = Awaited<ReturnType<typeof call<typeof taxonomyEventsEndpoint>>>
type Editing = { mode: 'create'; parentId: string | null } | { mode: 'edit'; label: LabelNode; parentId: string | null }
type Confirming =
  | { kind: 'archive' | 'merge' | 'delete'; label: LabelNode; impact: Impact }
  // A move under another parent: the edit form's changes, applied once the preview is confirmed.
  | { kind: 'move'; label: LabelNode; impact: Impact; change: Omit<UpdateLabelInput, 'version'> }
type ImportPreview = { file: unknown; name: string; plan: Awaited<ReturnType<typeof call<typeof importTaxonomyEndpoint>>> }

function Swatch({ color }: { color: string }) {
  return <span aria-hidden style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 3, background: color, flexShrink: 0 }} />
}

export function TaxonomyEditor({ projectId, labels, canEdit, taxonomyVersion, lastChange, splits = {}, examples = {}, canReview = false }: Props) {
  const t = useTranslations('taxonomy')
  const locale = useLocale()
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [pending, startTransition] = useTransition()
  const [showArchived, setShowArchived] = useState(false)
  const [editing, setEditing] = useState<Editing | null>(null)
  const [confirming, setConfirming] = useState<Confirming | null>(null)
  const [history, setHistory] = useState<TaxonomyEvents | null>(null)
  const [importing, setImporting] = useState<ImportPreview | null>(null)
  const [splitting, setSplitting] = useState<LabelNode | null>(null)

  // A file is read in the browser and sent as JSON; the server parses it (with a sentence for a bad one) and answers the plan first.
  const previewImport = (file: File | null) =>
    file &&
    startTransition(async () => {
      try {
        let parsed: unknown
        try {
          parsed = JSON.parse(await file.text())
        } catch {
          notifications.show({ color: 'red', message: t('importNotJson', { name: file.name }) })
          return
        }
        const plan = await call(importTaxonomyEndpoint, { params: { projectId }, body: { file: parsed, apply: false } })
        setImporting({ file: parsed, name: file.name, plan })
      } catch (error) {
        notifications.show({ color: 'red', message: errorMessage(error) })
      }
    })

  const shown = (list: LabelNode[]) => list.filter((l) => showArchived || !l.archived)
  const byId = new Map(labels.flatMap((top) => [[top.id, top] as const, ...top.children.map((c) => [c.id, c] as const)]))

  /** Runs one change; on success says so, closes what was open and reloads the server's tree. */
  const run = (work: () => Promise<unknown>, done: string) =>
    startTransition(async () => {
      try {
        await work()
        notifications.show({ color: 'green', message: done })
        setEditing(null)
        setConfirming(null)
        setHistory(null)
        setImporting(null)
        router.refresh()
      } catch (error) {
        notifications.show({ color: 'red', message: errorMessage(error) })
      }
    })

  const patch = (label: LabelNode, body: Omit<UpdateLabelInput, 'version'>, done: string) =>
    run(() => call(updateLabelEndpoint, { params: { labelId: label.id }, body: { version: label.version, ...body } }), done)

  const move = (label: LabelNode, siblings: LabelNode[], step: -1 | 1) => {
    const at = siblings.findIndex((s) => s.id === label.id) + step
    if (at < 0 || at >= siblings.length) return
    patch(label, { order: at }, t('moved', { name: label.name }))
  }

  const confirm = (kind: 'archive' | 'merge' | 'delete', label: LabelNode) =>
    startTransition(async () => {
      try {
        const impact = await call(labelImpactEndpoint, { params: { labelId: label.id } })
        setConfirming({ kind, label, impact })
      } catch (error) {
        notifications.show({ color: 'red', message: errorMessage(error) })
      }
    })

  // A move changes what the tags count under (exports, agreement): with tags, it is previewed first, like a merge.
  const previewMove = (label: LabelNode, change: Omit<UpdateLabelInput, 'version'>, parentId: string | null) =>
    startTransition(async () => {
      try {
        const impact = await call(labelImpactEndpoint, { params: { labelId: label.id }, query: { moveTo: parentId ?? 'top' } })
        if (impact.tags === 0) return patch(label, change, t('saved', { name: label.name }))
        setEditing(null)
        setConfirming({ kind: 'move', label, impact, change })
      } catch (error) {
        notifications.show({ color: 'red', message: errorMessage(error) })
      }
    })

  const openHistory = () =>
    startTransition(async () => {
      try {
        setHistory(await call(taxonomyEventsEndpoint, { params: { projectId }, query: { since: 0 } }))
      } catch (error) {
        notifications.show({ color: 'red', message: errorMessage(error) })
      }
    })

  const reorderKeys = (label: LabelNode, siblings: LabelNode[]) => (event: KeyboardEvent) => {
    if (!canEdit || !event.altKey || event.target !== event.currentTarget) return
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault()
      move(label, siblings, event.key === 'ArrowUp' ? -1 : 1)
    }
  }

  const actions = (label: LabelNode, siblings: LabelNode[], parentId: string | null) =>
    canEdit && (
      <Group gap={2} wrap="nowrap">
        {!label.archived && (
          <>
            <Tooltip label={t('moveUp')}>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('moveUpNamed', { name: label.name })} disabled={pending || siblings[0]?.id === label.id} onClick={() => move(label, siblings, -1)}>
                <IconArrowUp size={14} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('moveDown')}>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('moveDownNamed', { name: label.name })} disabled={pending || siblings.at(-1)?.id === label.id} onClick={() => move(label, siblings, 1)}>
                <IconArrowDown size={14} />
              </ActionIcon>
            </Tooltip>
          </>
        )}
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('actionsFor', { name: label.name })}>
              <IconDots size={14} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {!label.archived && <Menu.Item onClick={() => setEditing({ mode: 'edit', label, parentId })}>{t('edit')}</Menu.Item>}
            {!label.archived && parentId === null && <Menu.Item onClick={() => setEditing({ mode: 'create', parentId: label.id })}>{t('addChild')}</Menu.Item>}
            {!label.archived && <Menu.Item onClick={() => confirm('merge', label)}>{t('merge')}</Menu.Item>}
            {!label.archived && <Menu.Item onClick={() => setSplitting(label)}>{t('split.menu')}</Menu.Item>}
            {label.archived ? (
              !label.aliasOfId && <Menu.Item onClick={() => patch(label, { archived: false }, t('unarchived', { name: label.name }))}>{t('unarchive')}</Menu.Item>
            ) : (
              <Menu.Item onClick={() => confirm('archive', label)}>{t('archive')}</Menu.Item>
            )}
            <Menu.Item color="red" onClick={() => confirm('delete', label)}>{t('delete')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    )

  const examplesOf = (label: LabelNode) => (
    <ExampleList
      examples={examples[label.id] ?? []}
      onRemove={canReview ? (e) => run(() => call(removeLabelExampleEndpoint, { params: { tagId: e.tagId } }), t('examples.removed')) : undefined}
    />
  )

  // A split label's review list, with the tags still to assign.
  const splitLink = (label: LabelNode) =>
    splits[label.id] !== undefined && (
      <Badge component="a" href={`/projects/${projectId}/taxonomy/split/${label.id}`} size="xs" color="orange" variant="light" style={{ cursor: 'pointer' }} data-testid="split-link">
        {t('split.badge', { count: splits[label.id] })}
      </Badge>
    )

  const archivedBadge = (label: LabelNode) =>
    label.archived && (
      <Badge size="xs" color="gray" variant="outline">
        {label.aliasOfId ? t('mergedInto', { name: byId.get(label.aliasOfId)?.name ?? '?' }) : t('archived')}
      </Badge>
    )

  const tops = shown(labels)
  return (
    <Stack gap="lg" data-testid="taxonomy">
      <Group justify="space-between">
        <Group gap="sm">
          {canEdit && (
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing({ mode: 'create', parentId: null })}>
              {t('addTop')}
            </Button>
          )}
          <Button size="xs" variant="default" leftSection={<IconHistory size={14} />} onClick={openHistory} loading={pending && history === null && !editing && !confirming}>
            {t('history')}
          </Button>
          {canEdit && lastChange && lastChange.action !== 'undone' && (
            <Tooltip label={t('undoWhat', { what: t(`actions.${lastChange.action}`, { name: lastChange.name }) })}>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconArrowBackUp size={14} />}
                disabled={pending}
                onClick={() => run(() => call(undoTaxonomyChangeEndpoint, { params: { projectId }, body: { taxonomyVersion } }), t('undone', { what: t(`actions.${lastChange.action}`, { name: lastChange.name }) }))}
              >
                {t('undo')}
              </Button>
            </Tooltip>
          )}
        </Group>
        <Group gap="sm">
          <Button size="xs" variant="subtle" component="a" href={`/api/v1/projects/${projectId}/taxonomy/export`} download="taxonomy.json" leftSection={<IconDownload size={14} />}>
            {t('exportJson')}
          </Button>
          {canEdit && (
            <FileButton onChange={previewImport} accept="application/json,.json">
              {(props) => (
                <Button {...props} size="xs" variant="subtle" leftSection={<IconUpload size={14} />}>
                  {t('importJson')}
                </Button>
              )}
            </FileButton>
          )}
          <Switch size="xs" label={t('showArchived')} checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
        </Group>
      </Group>
      {canEdit && <Text size="xs" c="dimmed">{t('editHint')}</Text>}
      {tops.map((top) => {
        const topSiblings = labels.filter((l) => !l.archived)
        const children = shown(top.children)
        const childSiblings = top.children.filter((c) => !c.archived)
        return (
          <Paper
            key={top.id}
            withBorder
            radius="md"
            p="lg"
            tabIndex={canEdit ? 0 : undefined}
            onKeyDown={reorderKeys(top, topSiblings)}
            style={{ borderLeft: `4px solid ${top.color}`, opacity: top.archived ? 0.6 : 1 }}
            data-testid="taxonomy-top-label"
            data-label={top.name}
          >
            <Group justify="space-between" mb={4} wrap="nowrap">
              <Group gap="sm">
                <Swatch color={top.color} />
                <Title order={2} size="h4">{top.name}</Title>
                <Text c="dimmed" size="sm">{top.en}</Text>
                {archivedBadge(top)}
                {splitLink(top)}
              </Group>
              <Group gap="xs" wrap="nowrap">
                {top.shortcut && <Kbd>{top.shortcut}</Kbd>}
                <Badge variant="light" color="gray">{t('children', { count: childSiblings.length })}</Badge>
                {actions(top, topSiblings, null)}
              </Group>
            </Group>
            <Text size="sm" c="dark.5" mb={examples[top.id]?.length ? 4 : 'md'} maw={900}>{guidelineFor(top, locale)}</Text>
            {examples[top.id]?.length ? <div style={{ marginBottom: 'var(--mantine-spacing-md)', maxWidth: 900 }}>{examplesOf(top)}</div> : null}
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              {children.map((child) => (
                <Paper
                  key={child.id}
                  withBorder
                  radius="sm"
                  p="sm"
                  bg="gray.0"
                  tabIndex={canEdit ? 0 : undefined}
                  onKeyDown={reorderKeys(child, childSiblings)}
                  style={{ opacity: child.archived ? 0.6 : 1 }}
                  data-testid="taxonomy-sub-label"
                  data-label={child.name}
                >
                  <Group gap={8} mb={4} wrap="nowrap">
                    <Swatch color={child.color} />
                    <Text fw={600} size="sm">{child.name}</Text>
                    {archivedBadge(child)}
                    {splitLink(child)}
                    <Group gap={4} ml="auto" wrap="nowrap">
                      {child.shortcut && !child.archived && (
                        <Text size="xs" c="dimmed">
                          <Kbd size="xs">{top.shortcut}</Kbd> <Kbd size="xs">{child.shortcut}</Kbd>
                        </Text>
                      )}
                      {actions(child, childSiblings, top.id)}
                    </Group>
                  </Group>
                  <Text size="xs" c="dimmed" mb={4}>{child.en}</Text>
                  <Text size="xs">{guidelineFor(child, locale)}</Text>
                  {child.keywords.length > 0 && (
                    <Group gap={4} mt={6}>
                      {child.keywords.map((k) => <Badge key={k} size="xs" variant="outline" color="gray">{k}</Badge>)}
                    </Group>
                  )}
                  {examplesOf(child)}
                </Paper>
              ))}
            </SimpleGrid>
          </Paper>
        )
      })}

      <Drawer opened={editing !== null} onClose={() => setEditing(null)} position="right" size="md" title={editing?.mode === 'edit' ? t('editTitle', { name: editing.label.name }) : t('addTitle')}>
        {editing && (
          <LabelForm
            key={editing.mode === 'edit' ? editing.label.id : `new-${editing.parentId}`}
            editing={editing}
            tops={labels.filter((l) => !l.archived)}
            pending={pending}
            onSubmit={(values) => {
              if (editing.mode === 'create') {
                run(() => call(createLabelEndpoint, { params: { projectId }, body: { ...values, parentId: values.parentId } }), t('created', { name: values.name }))
              } else {
                const changed = Object.fromEntries(
                  Object.entries(values).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(field === 'parentId' ? editing.parentId : editing.label[field as keyof LabelNode])),
                )
                if (Object.keys(changed).length === 0) setEditing(null)
                else if ('parentId' in changed) previewMove(editing.label, changed, values.parentId)
                else patch(editing.label, changed, t('saved', { name: values.name }))
              }
            }}
          />
        )}
      </Drawer>

      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={confirming ? t(`${confirming.kind}Title`, { name: confirming.label.name }) : ''} size="lg">
        {confirming && (
          <ConfirmChange
            confirming={confirming}
            targets={labels.flatMap((top) => [top, ...top.children]).filter((l) => !l.archived && l.id !== confirming.label.id && !confirming.label.children.some((c) => c.id === l.id))}
            pending={pending}
            onCancel={() => setConfirming(null)}
            onConfirm={(intoLabelId) => {
              const { kind, label } = confirming
              if (confirming.kind === 'move') patch(label, confirming.change, t('saved', { name: label.name }))
              else if (kind === 'archive') patch(label, { archived: true }, t('archivedDone', { name: label.name }))
              else if (kind === 'delete') run(() => call(deleteLabelEndpoint, { params: { labelId: label.id }, query: { version: label.version } }), t('deleted', { name: label.name }))
              else if (intoLabelId) run(() => call(mergeLabelEndpoint, { params: { labelId: label.id }, body: { intoLabelId, version: label.version } }), t('mergedDone', { name: label.name, into: byId.get(intoLabelId)?.name ?? '' }))
            }}
          />
        )}
      </Modal>

      <Modal opened={splitting !== null} onClose={() => setSplitting(null)} title={splitting ? t('split.dialogTitle', { name: splitting.name }) : ''} size="md">
        {splitting && (
          <SplitForm
            label={splitting}
            pending={pending}
            onCancel={() => setSplitting(null)}
            onSubmit={(into) =>
              startTransition(async () => {
                try {
                  await call(splitLabelEndpoint, { params: { labelId: splitting.id }, body: { version: splitting.version, into } })
                  notifications.show({ color: 'green', message: t('split.made', { name: splitting.name, count: into.length }) })
                  // A full load of the list page: a client navigation inside this transition kept the page pending.
                  window.location.assign(`/projects/${projectId}/taxonomy/split/${splitting.id}`)
                } catch (error) {
                  notifications.show({ color: 'red', message: errorMessage(error) })
                }
              })
            }
          />
        )}
      </Modal>

      <Modal opened={importing !== null} onClose={() => setImporting(null)} title={t('importTitle', { name: importing?.name ?? '' })} size="lg">
        {importing && (
          <Stack gap="sm" data-testid="import-preview">
            <Text size="sm">{t('importSummary', { add: importing.plan.add.length, change: importing.plan.change.length, unchanged: importing.plan.unchanged })}</Text>
            {importing.plan.add.length > 0 && (
              <>
                <Text size="sm" fw={600}>{t('importAdd')}</Text>
                <List size="sm" spacing={2}>{importing.plan.add.map((p) => <List.Item key={p.join('/')}>{p.join(' / ')}</List.Item>)}</List>
              </>
            )}
            {importing.plan.change.length > 0 && (
              <>
                <Text size="sm" fw={600}>{t('importChange')}</Text>
                <List size="sm" spacing={2}>
                  {importing.plan.change.map((c) => (
                    <List.Item key={c.path.join('/')}>{c.path.join(' / ')}: {c.fields.map((f) => (t.has(`fields.${f}`) ? t(`fields.${f}`) : f)).join('、')}</List.Item>
                  ))}
                </List>
              </>
            )}
            {importing.plan.archived.length > 0 && <Text size="sm" c="dimmed">{t('importArchived', { labels: importing.plan.archived.map((p) => p.join(' / ')).join('、') })}</Text>}
            <Text size="xs" c="dimmed">{t('importExplain')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setImporting(null)}>{t('cancel')}</Button>
              <Button
                loading={pending}
                disabled={importing.plan.add.length + importing.plan.change.length === 0}
                onClick={() => run(() => call(importTaxonomyEndpoint, { params: { projectId }, body: { file: importing.file, apply: true } }), t('imported', { add: importing.plan.add.length, change: importing.plan.change.length }))}
              >
                {t('importApply')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Drawer opened={history !== null} onClose={() => setHistory(null)} position="right" size="xl" title={t('historyTitle', { version: history?.taxonomyVersion ?? '' })}>
        {history && <TaxonomyHistory events={history.items} />}
      </Drawer>
    </Stack>
  )
}

interface FormValues {
  name: string
  en: string
  color: string
  shortcut: string | null
  guideline: string
  guidelineZh: string
  keywords: string[]
  parentId: string | null
}

function LabelForm({ editing, tops, pending, onSubmit }: { editing: Editing; tops: LabelNode[]; pending: boolean; onSubmit: (values: FormValues) => void }) {
  const t = useTranslations('taxonomy')
  const label = editing.mode === 'edit' ? editing.label : null
  const [values, setValues] = useState<FormValues>({
    name: label?.name ?? '',
    en: label?.en ?? '',
    color: label?.color ?? '',
    shortcut: label?.shortcut ?? null,
    guideline: label?.guideline ?? '',
    guidelineZh: label?.guidelineZh ?? '',
    keywords: label?.keywords ?? [],
    parentId: editing.parentId,
  })
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => setValues((v) => ({ ...v, [field]: value }))
  const hasChildren = (label?.children.length ?? 0) > 0
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        // An empty colour on a new label: the server picks one (the parent's hue for a sub-label).
        const { color, ...rest } = values
        onSubmit(color ? values : (rest as FormValues))
      }}
    >
      <Stack gap="sm">
        <TextInput label={t('fields.name')} required data-autofocus value={values.name} onChange={(e) => set('name', e.currentTarget.value)} />
        <TextInput label={t('fields.en')} value={values.en} onChange={(e) => set('en', e.currentTarget.value)} />
        <Select
          label={t('fields.parent')}
          description={hasChildren ? t('fields.parentLocked') : undefined}
          disabled={hasChildren}
          data={[{ value: '', label: t('fields.topLevel') }, ...tops.filter((l) => l.id !== label?.id).map((l) => ({ value: l.id, label: l.name }))]}
          value={values.parentId ?? ''}
          onChange={(v) => set('parentId', v ? v : null)}
          allowDeselect={false}
        />
        <Group grow>
          <ColorInput label={t('fields.color')} placeholder={t('fields.colorAuto')} value={values.color} onChange={(v) => set('color', v)} format="hex" />
          <Select
            label={t('fields.key')}
            data={[{ value: '', label: t('fields.noKey') }, ...'1234567890'.split('').map((k) => ({ value: k, label: k }))]}
            value={values.shortcut ?? ''}
            onChange={(v) => set('shortcut', v ? v : null)}
            allowDeselect={false}
          />
        </Group>
        <Textarea label={t('fields.guidelineZh')} autosize minRows={3} value={values.guidelineZh} onChange={(e) => set('guidelineZh', e.currentTarget.value)} />
        <Textarea label={t('fields.guideline')} autosize minRows={3} value={values.guideline} onChange={(e) => set('guideline', e.currentTarget.value)} />
        <TagsInput label={t('fields.keywords')} description={t('fields.keywordsHint')} value={values.keywords} onChange={(v) => set('keywords', v)} />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {label ? t('save') : t('add')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

const kappa = (k: number | null | undefined) => (k === null || k === undefined ? '—' : k.toFixed(2))

/** The agreement figures a change would move (issue 13): mean κ per level and each label whose κ changes. */
function AgreementPreview({ agreement, kind, chosen }: { agreement: Impact['agreement'] | undefined; kind: Confirming['kind']; chosen: boolean }) {
  const t = useTranslations('taxonomy')
  if (kind === 'delete') return null
  if (kind === 'archive') return <Text size="sm" mt={4}>{t('impactAgreementArchive')}</Text>
  if (!chosen && kind !== 'move') return <Text size="sm" mt={4} c="dimmed">{t('impactAgreementPick')}</Text>
  if (agreement === undefined) return <Text size="sm" mt={4} c="dimmed">{t('impactAgreementCounting')}</Text>
  if (agreement === null) return <Text size="sm" mt={4}>{t('impactAgreementNone')}</Text>
  const changed = agreement.levels.filter((l) => l.labels.length > 0)
  return (
    <Stack gap={2} mt={6} data-testid="impact-agreement">
      <Text size="sm" fw={600}>{t('impactAgreementTitle', { documents: agreement.documents })}</Text>
      {changed.length === 0 && <Text size="sm">{t('impactAgreementSame')}</Text>}
      {changed.map((level) => (
        <Stack key={level.level} gap={0}>
          <Text size="xs">{t('impactAgreementMacro', { level: level.level, before: kappa(level.macroKappaBefore), after: kappa(level.macroKappaAfter) })}</Text>
          {level.labels.map((l) => (
            <Text key={l.label} size="xs" c="dark.4">
              {t('impactAgreementLabel', { label: l.label, before: kappa(l.before?.kappa), after: l.after ? kappa(l.after.kappa) : t('impactAgreementGone') })}
            </Text>
          ))}
        </Stack>
      ))}
    </Stack>
  )
}

function ConfirmChange({ confirming, targets, pending, onCancel, onConfirm }: { confirming: Confirming; targets: LabelNode[]; pending: boolean; onCancel: () => void; onConfirm: (intoLabelId?: string) => void }) {
  const t = useTranslations('taxonomy')
  const [into, setInto] = useState<string | null>(null)
  const [mergeAgreement, setMergeAgreement] = useState<{ into: string; agreement: Impact['agreement'] } | null>(null)
  const { kind, impact } = confirming
  // The figures after a merge depend on the label merged into: asked again once it is chosen.
  useEffect(() => {
    if (kind !== 'merge' || !into) return
    let current = true
    call(labelImpactEndpoint, { params: { labelId: confirming.label.id }, query: { intoLabelId: into } })
      .then((answer) => current && setMergeAgreement({ into, agreement: answer.agreement }))
      .catch(() => current && setMergeAgreement({ into, agreement: null }))
    return () => {
      current = false
    }
  }, [kind, into, confirming.label.id])
  return (
    <Stack gap="sm">
      <Alert color={kind === 'delete' ? 'red' : 'blue'} variant="light" data-testid="impact-preview">
        <Text size="sm">{t('impact', { tags: impact.tags, approved: impact.approved, documents: impact.documents, subLabels: impact.subLabels })}</Text>
        {impact.agreementDocuments > 0 && kind === 'merge' && <Text size="sm" mt={4}>{t('impactAgreement', { count: impact.agreementDocuments })}</Text>}
        <AgreementPreview
          kind={kind}
          chosen={into !== null}
          agreement={kind === 'move' ? impact.agreement : mergeAgreement?.into === into ? mergeAgreement?.agreement : undefined}
        />
        {kind === 'delete' && confirming.label.aliasOfId && <Text size="sm" mt={4}>{t('deleteMerged')}</Text>}
        <Text size="sm" mt={4}>{t(`${kind}Explain`)}</Text>
      </Alert>
      {kind === 'merge' && (
        <Select label={t('mergeInto')} searchable data={targets.map((l) => ({ value: l.id, label: l.path.join(' / ') }))} value={into} onChange={setInto} comboboxProps={{ withinPortal: false }} />
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>{t('cancel')}</Button>
        <Button color={kind === 'delete' ? 'red' : undefined} loading={pending} disabled={(kind === 'merge' && !into) || (kind === 'delete' && (impact.tags > 0 || confirming.label.aliasOfId !== null))} onClick={() => onConfirm(into ?? undefined)}>
          {t(`${kind}Confirm`)}
        </Button>
      </Group>
    </Stack>
  )
}

function TaxonomyHistory({ events }: { events: TaxonomyEvents['items'] }) {
  const t = useTranslations('taxonomy')
  const format = useFormatter()
  // Only the fields that changed, each as "field: before → after".
  const changes = (before: unknown, after: unknown) => {
    const b = (before ?? {}) as Record<string, unknown>
    const a = (after ?? {}) as Record<string, unknown>
    const show = (v: unknown) => (v === null || v === '' ? '—' : Array.isArray(v) ? v.join('、') : String(v))
    return Object.keys(a)
      .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
      .map((k) => `${t.has(`fields.${k}`) ? t(`fields.${k}`) : k}: ${show(b[k])} → ${show(a[k])}`)
  }
  if (events.length === 0) return <Text c="dimmed">{t('noHistory')}</Text>
  return (
    <Table striped fz="xs" data-testid="taxonomy-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('historyVersion')}</Table.Th>
          <Table.Th>{t('historyWhen')}</Table.Th>
          <Table.Th>{t('historyWho')}</Table.Th>
          <Table.Th>{t('historyWhat')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...events].reverse().map((e) => {
          const name = ((e.after ?? e.before) as { name?: string } | null)?.name ?? ''
          return (
            <Table.Tr key={e.id}>
              <Table.Td>{e.version}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(new Date(e.createdAt), { dateStyle: 'short', timeStyle: 'short' })}</Table.Td>
              <Table.Td>{e.actorName}</Table.Td>
              <Table.Td>
                <Text size="xs" fw={600}>{t(`actions.${e.action}`, { name })}</Text>
                {(e.action === 'edited' || e.action === 'moved') &&
                  changes(e.before, e.after).map((line) => (
                    <Text key={line} size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>{line}</Text>
                  ))}
              </Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}

/** The new labels of a split: two or more names (the review list assigns them by the keys 1, 2, …). */
function SplitForm({ label, pending, onCancel, onSubmit }: { label: LabelNode; pending: boolean; onCancel: () => void; onSubmit: (into: { name: string }[]) => void }) {
  const t = useTranslations('taxonomy')
  const [names, setNames] = useState(['', ''])
  const filled = names.map((n) => n.trim()).filter(Boolean)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit(filled.map((name) => ({ name })))
      }}
    >
      <Stack gap="sm">
        <Text size="sm">{t(label.path.length > 1 ? 'split.explainSub' : 'split.explainTop', { name: label.name })}</Text>
        {names.map((name, i) => (
          <TextInput
            key={i}
            label={t('split.newLabel', { n: i + 1 })}
            value={name}
            onChange={(e) => {
              const value = e.currentTarget.value
              setNames((all) => all.map((x, j) => (j === i ? value : x)))
            }}
            data-testid="split-name"
          />
        ))}
        <Group justify="space-between">
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} disabled={names.length >= 9} onClick={() => setNames((all) => [...all, ''])}>
            {t('split.addName')}
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onCancel}>{t('cancel')}</Button>
            <Button type="submit" loading={pending} disabled={filled.length < 2} data-testid="split-confirm">{t('split.confirm')}</Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}
