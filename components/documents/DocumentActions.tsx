'use client'

// A manager's corrections to a document (issue 16): edit the metadata, archive or restore, delete
// one without tags; and, for everyone, the document's history (the page itself says when it is archived).
// Plain fetch to the same /api/v1 routes that scripts use (no typed client on main yet).
import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import type { DocumentMeta } from '@/lib/schemas/documents'

type EditableField = Exclude<keyof DocumentMeta, 'original_file_name'>
const textFields: EditableField[] = ['province', 'city', 'county', 'level', 'issuer', 'source_url']
const dateFields: EditableField[] = ['published', 'signed']

interface DocumentEvent {
  id: string
  action: 'edited' | 'archived' | 'restored'
  actorName: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  createdAt: string
}

interface ApiFailure {
  error?: { message?: string; messageKey?: string; messageValues?: Record<string, string | number> }
}

async function send(method: string, url: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const payload = (await response.json().catch(() => null)) as unknown
  return { ok: response.ok, status: response.status, payload }
}

export function DocumentActions(props: { document: { id: string; projectId: string; title: string; meta: DocumentMeta; archivedAt: string | null }; canEdit: boolean }) {
  const { document: doc, canEdit } = props
  const t = useTranslations('document')
  const tm = useTranslations('document.manage')
  const ta = useTranslations('apiErrors')
  const router = useRouter()
  const [pending, startTransition] = useTransition()
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState<'archive' | 'delete' | null>(null)
  const [history, setHistory] = useState<DocumentEvent[] | null>(null)
  const archived = doc.archivedAt !== null

  /** The API's sentence in the UI's language when it has a key, else as sent. */
  const failure = (status: number, payload: unknown) => {
    const error = (payload as ApiFailure | null)?.error
    if (error?.messageKey && ta.has(error.messageKey)) return ta(error.messageKey, error.messageValues)
    return error?.message ?? String(status)
  }

  const act = (method: string, url: string, body: unknown, done: string, after?: () => void) =>
    startTransition(async () => {
      const result = await send(method, url, body)
      if (!result.ok) {
        notifications.show({ color: 'red', message: failure(result.status, result.payload) })
        return
      }
      notifications.show({ color: 'green', message: done })
      setEditing(false)
      setConfirming(null)
      setHistory(null)
      if (after) after()
      else router.refresh()
    })

  const openHistory = () =>
    startTransition(async () => {
      const result = await send('GET', `/api/v1/documents/${doc.id}/events`)
      if (!result.ok) notifications.show({ color: 'red', message: failure(result.status, result.payload) })
      else setHistory((result.payload as { items: DocumentEvent[] }).items)
    })

  const show = (field: string, value: unknown) => (value === null || value === undefined || value === '' ? tm('empty') : String(value))
  const fieldName = (field: string) => (field === 'title' ? tm('title') : t(`meta.${field}` as 'meta.province'))

  return (
    <Stack gap="xs" data-testid="document-actions">
      <Group gap={6}>
        {canEdit && !archived && (
          <Button size="compact-xs" variant="light" onClick={() => setEditing(true)} data-testid="edit-metadata">
            {tm('edit')}
          </Button>
        )}
        {canEdit &&
          (archived ? (
            <Button size="compact-xs" variant="light" loading={pending} onClick={() => act('POST', `/api/v1/documents/${doc.id}/restore`, undefined, tm('restoredDone'))} data-testid="restore-document">
              {tm('restore')}
            </Button>
          ) : (
            <Button size="compact-xs" variant="light" color="gray" onClick={() => setConfirming('archive')} data-testid="archive-document">
              {tm('archive')}
            </Button>
          ))}
        {canEdit && (
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirming('delete')} data-testid="delete-document">
            {tm('delete')}
          </Button>
        )}
        <Button size="compact-xs" variant="subtle" onClick={openHistory} data-testid="document-history">
          {tm('history')}
        </Button>
      </Group>

      {editing && <MetadataForm document={doc} pending={pending} onCancel={() => setEditing(false)} onSave={(body) => act('PATCH', `/api/v1/documents/${doc.id}`, body, tm('saved'))} />}

      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={confirming === 'delete' ? tm('delete') : tm('archive')} centered>
        <Text size="sm" mb="md">
          {confirming === 'delete' ? tm('deleteConfirm') : tm('archiveConfirm')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(null)}>
            {tm('cancel')}
          </Button>
          <Button
            color={confirming === 'delete' ? 'red' : undefined}
            loading={pending}
            data-testid="confirm-document-action"
            onClick={() =>
              confirming === 'delete'
                ? act('DELETE', `/api/v1/documents/${doc.id}`, undefined, tm('deletedDone'), () => router.push(`/projects/${doc.projectId}`))
                : act('POST', `/api/v1/documents/${doc.id}/archive`, undefined, tm('archivedDone'))
            }
          >
            {confirming === 'delete' ? tm('delete') : tm('archive')}
          </Button>
        </Group>
      </Modal>

      <Modal opened={history !== null} onClose={() => setHistory(null)} title={tm('history')} size="lg">
        <Stack gap="sm" data-testid="document-events">
          {history?.length === 0 && <Text size="sm" c="dimmed">{tm('noHistory')}</Text>}
          {history?.map((e) => (
            <div key={e.id}>
              <Text size="sm" fw={500}>
                {tm(`event.${e.action}`, { name: e.actorName })}
                <Text span size="xs" c="dimmed" ml="xs">
                  {new Date(e.createdAt).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' })}
                </Text>
              </Text>
              {Object.keys(e.after ?? {}).map((field) => (
                <Text key={field} size="xs" c="dimmed">
                  {tm('change', { field: fieldName(field), before: show(field, e.before?.[field]), after: show(field, e.after?.[field]) })}
                </Text>
              ))}
            </div>
          ))}
        </Stack>
      </Modal>
    </Stack>
  )
}

/** The edit form: sends only the fields that changed; an emptied field is cleared (null). */
function MetadataForm(props: {
  document: { title: string; meta: DocumentMeta }
  pending: boolean
  onCancel: () => void
  onSave: (body: { title?: string; meta?: Partial<Record<EditableField, string | number | null>> }) => void
}) {
  const t = useTranslations('document')
  const tm = useTranslations('document.manage')
  const { meta } = props.document
  const [title, setTitle] = useState(props.document.title)
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries([...textFields, ...dateFields].map((f) => [f, (meta[f] as string | null | undefined) ?? ''])),
  )
  // The value is read from the event at once: React clears currentTarget before a state updater runs.
  const setField = (field: string, value: string) => setValues((v) => ({ ...v, [field]: value }))
  const [year, setYear] = useState<string | number>(meta.report_year ?? '')
  const yearValid = year === '' || (Number.isInteger(Number(year)) && Number(year) >= 1949 && Number(year) <= 2100)

  const submit = () => {
    const changed: Partial<Record<EditableField, string | number | null>> = {}
    for (const f of [...textFields, ...dateFields]) {
      const value = values[f].trim()
      if (value !== ((meta[f] as string | null | undefined) ?? '')) changed[f] = value === '' ? null : value
    }
    const nextYear = year === '' ? null : Number(year)
    if (nextYear !== (meta.report_year ?? null)) changed.report_year = nextYear
    const nextTitle = title.trim()
    if (nextTitle === props.document.title && Object.keys(changed).length === 0) return props.onCancel()
    props.onSave({ ...(nextTitle !== props.document.title ? { title: nextTitle } : {}), ...(Object.keys(changed).length ? { meta: changed } : {}) })
  }

  return (
    <Modal opened onClose={props.onCancel} title={tm('editTitle')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
        data-testid="metadata-form"
      >
        <Stack gap="sm">
          <TextInput label={tm('title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required maxLength={300} name="title" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {textFields.slice(0, 5).map((f) => (
              <TextInput key={f} label={t(`meta.${f}`)} name={f} value={values[f]} maxLength={f === 'issuer' ? 200 : 50} onChange={(e) => setField(f, e.currentTarget.value)} />
            ))}
            <NumberInput label={t('meta.report_year')} name="report_year" value={year} onChange={setYear} min={1949} max={2100} allowDecimal={false} error={yearValid ? undefined : tm('yearInvalid')} />
            {dateFields.map((f) => (
              <TextInput key={f} type="date" label={t(`meta.${f}`)} name={f} value={values[f]} onChange={(e) => setField(f, e.currentTarget.value)} />
            ))}
          </SimpleGrid>
          <TextInput label={t('meta.source_url')} name="source_url" type="url" value={values.source_url} maxLength={2000} onChange={(e) => setField('source_url', e.currentTarget.value)} />
          <Text size="xs" c="dimmed">
            {tm('textImmutable')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onCancel}>
              {tm('cancel')}
            </Button>
            <Button type="submit" loading={props.pending} disabled={!yearValid || title.trim() === ''} data-testid="save-metadata">
              {tm('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
