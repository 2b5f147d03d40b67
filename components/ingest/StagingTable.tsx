'use client'

import { Alert, Anchor, Badge, Button, Checkbox, Group, Pagination, SegmentedControl, Select, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { IconEye } from '@tabler/icons-react'
import Link from 'next/link'
import { useTranslations } from 'next-intl'
import { useCallback, useEffect, useState } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { bulkEditStagedFilesEndpoint, commitImportEndpoint, getImportBatchEndpoint, listStagedFilesEndpoint, patchStagedFileEndpoint } from '@/lib/api/ingest-endpoints'
import { stagedFieldsSchema, type StagedFieldName, type StagedRow } from '@/lib/schemas/ingest'
import { StagedPreview } from './StagedPreview'

type Show = 'all' | 'warnings' | 'duplicates' | 'refused' | 'ready'
const PAGE_SIZE = 50
/** The columns the table shows; the preview shows every field. */
const columns: StagedFieldName[] = ['title', 'issuer', 'published', 'report_year', 'province', 'city', 'county', 'level']

/** A field value as typed into a cell, in the type the API takes (a year is a number; empty clears). */
export function fieldInput(name: StagedFieldName, raw: string): { ok: true; value: string | number | null } | { ok: false; message: string } {
  const text = raw.trim()
  const value = text === '' ? null : name === 'report_year' ? Number(text) : text
  const parsed = stagedFieldsSchema.shape[name].safeParse(value)
  return parsed.success ? { ok: true, value: value } : { ok: false, message: parsed.error.issues[0]?.message ?? 'invalid' }
}

function EditableCell({ row, name, onSaved }: { row: StagedRow; name: StagedFieldName; onSaved: () => void }) {
  const t = useTranslations('ingest')
  const errorMessage = useErrorMessage()
  const field = row.fields[name]
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  const editable = row.status === 'staged'
  const save = async () => {
    const parsed = fieldInput(name, draft)
    if (!parsed.ok) return setError(parsed.message)
    try {
      await call(patchStagedFileEndpoint, { params: { stagedFileId: row.id }, body: { version: row.version, fields: { [name]: parsed.value } } })
      setEditing(false)
      setError(null)
      onSaved()
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  if (editing) {
    return (
      <TextInput
        size="xs"
        autoFocus
        aria-label={t(`fields.${name}`)}
        value={draft}
        error={error}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={() => {
          if (!error) setEditing(false)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void save()
          if (e.key === 'Escape') setEditing(false)
        }}
      />
    )
  }
  const low = field && field.value !== null && !field.edited && field.confidence < 0.6
  return (
    <Tooltip label={field?.source ? t('readFrom', { source: field.source, confidence: Math.round((field.confidence ?? 0) * 100) }) : t('notFound')} openDelay={400}>
      <Text
        size="sm"
        role={editable ? 'button' : undefined}
        tabIndex={editable ? 0 : undefined}
        data-field={name}
        c={field?.value === null || field?.value === undefined ? 'dimmed' : low ? 'orange.8' : undefined}
        fw={field?.edited ? 600 : undefined}
        style={{ cursor: editable ? 'text' : undefined, overflowWrap: 'anywhere' }}
        onClick={() => {
          if (!editable) return
          setDraft(field?.value === null || field?.value === undefined ? '' : String(field.value))
          setEditing(true)
        }}
        onKeyDown={(e) => {
          if (editable && e.key === 'Enter') {
            setDraft(field?.value === null || field?.value === undefined ? '' : String(field.value))
            setEditing(true)
          }
        }}
      >
        {field?.value ?? '—'}
      </Text>
    </Tooltip>
  )
}

const statusColor: Record<StagedRow['status'], string> = { queued: 'gray', staged: 'blue', refused: 'red', unpacked: 'gray', committed: 'green' }

export function StagingTable({ batchId, refreshKey, onChanged }: { batchId: string; refreshKey: number; onChanged: () => void }) {
  const t = useTranslations('ingest')
  const errorMessage = useErrorMessage()
  const [show, setShow] = useState<Show>('all')
  const [page, setPage] = useState(1)
  const [data, setData] = useState<{ items: StagedRow[]; total: number } | null>(null)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [bulkField, setBulkField] = useState<StagedFieldName>('issuer')
  const [bulkValue, setBulkValue] = useState('')
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null)
  const [preview, setPreview] = useState<string | null>(null)
  const [committing, setCommitting] = useState(false)

  const [reloads, setReloads] = useState(0)
  const load = useCallback(() => setReloads((n) => n + 1), [])

  useEffect(() => {
    let current = true
    call(listStagedFilesEndpoint, { params: { batchId }, query: { show, page, pageSize: PAGE_SIZE } })
      .then((answer) => {
        if (current) setData({ items: answer.items, total: answer.total })
      })
      .catch((e: unknown) => {
        if (current) setMessage({ color: 'red', text: errorMessage(e) })
      })
    return () => {
      current = false
    }
  }, [batchId, show, page, refreshKey, reloads, errorMessage])

  const changed = () => {
    load()
    onChanged()
  }

  const commit = async (body: { ids?: string[]; withoutWarnings: boolean }) => {
    setCommitting(true)
    setMessage(null)
    try {
      const answer = await call(commitImportEndpoint, { params: { batchId }, body })
      setMessage({ color: 'blue', text: t('committing', { count: answer.queued }) })
      // The commit runs as a job, in one transaction: follow the batch until the job has finished.
      let batch = await call(getImportBatchEndpoint, { params: { batchId } })
      for (let i = 0; i < 1800 && batch.commit?.state === 'queued'; i++) {
        await new Promise((r) => setTimeout(r, 1000))
        batch = await call(getImportBatchEndpoint, { params: { batchId } })
      }
      const problem = batch.commit?.problem
      if (batch.commit?.state === 'failed' && problem) setMessage({ color: 'red', text: t.has(`codes.${problem.code}`) ? t(`codes.${problem.code}`, problem.values) : problem.message })
      else if (batch.commit?.state === 'done') setMessage({ color: 'green', text: t('committed') })
      setSelected(new Set())
      changed()
    } catch (e) {
      setMessage({ color: 'red', text: errorMessage(e) })
    } finally {
      setCommitting(false)
    }
  }

  const bulk = async () => {
    const parsed = fieldInput(bulkField, bulkValue)
    if (!parsed.ok) return setMessage({ color: 'red', text: `${t(`fields.${bulkField}`)}: ${parsed.message}` })
    try {
      const answer = await call(bulkEditStagedFilesEndpoint, { params: { batchId }, body: { ids: [...selected], fields: { [bulkField]: parsed.value } } })
      setMessage({ color: 'green', text: t('bulkDone', { count: answer.updated }) })
      changed()
    } catch (e) {
      setMessage({ color: 'red', text: errorMessage(e) })
    }
  }

  const rows = data?.items ?? []
  const selectable = rows.filter((r) => r.status === 'staged')
  const allSelected = selectable.length > 0 && selectable.every((r) => selected.has(r.id))
  return (
    <>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SegmentedControl
          size="xs"
          value={show}
          onChange={(v) => {
            setShow(v as Show)
            setPage(1)
            setSelected(new Set())
          }}
          data={(['all', 'warnings', 'duplicates', 'refused', 'ready'] as const).map((v) => ({ value: v, label: t(`show.${v}`) }))}
        />
        <Group gap="xs">
          <Button size="xs" disabled={selected.size === 0 || committing} loading={committing} onClick={() => void commit({ ids: [...selected], withoutWarnings: false })}>
            {t('importSelected', { count: selected.size })}
          </Button>
          <Button size="xs" variant="light" disabled={committing} onClick={() => void commit({ withoutWarnings: true })}>
            {t('importReady')}
          </Button>
        </Group>
      </Group>
      {selected.size > 0 && (
        <Group gap="xs" data-testid="bulk-edit">
          <Text size="sm">{t('bulkSet', { count: selected.size })}</Text>
          <Select size="xs" w={140} aria-label={t('bulkField')} value={bulkField} allowDeselect={false} onChange={(v) => v && setBulkField(v as StagedFieldName)} data={Object.keys(stagedFieldsSchema.shape).map((f) => ({ value: f, label: t(`fields.${f}`) }))} />
          <TextInput size="xs" w={220} aria-label={t('bulkValue')} value={bulkValue} onChange={(e) => setBulkValue(e.currentTarget.value)} />
          <Button size="xs" variant="light" onClick={() => void bulk()}>
            {t('bulkApply')}
          </Button>
        </Group>
      )}
      {message && (
        <Alert color={message.color} variant="light" withCloseButton onClose={() => setMessage(null)}>
          {message.text}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={1000}>
        <Table striped highlightOnHover verticalSpacing={6} data-testid="staging-table" style={{ tableLayout: 'fixed' }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <Checkbox aria-label={t('selectAll')} checked={allSelected} indeterminate={!allSelected && selectable.some((r) => selected.has(r.id))} onChange={() => setSelected(allSelected ? new Set() : new Set(selectable.map((r) => r.id)))} />
              </Table.Th>
              <Table.Th w={200}>{t('file')}</Table.Th>
              <Table.Th w={110}>{t('status')}</Table.Th>
              {columns.map((c) => (
                <Table.Th key={c} w={c === 'title' ? 240 : c === 'issuer' ? 150 : 100}>
                  {t(`fields.${c}`)}
                </Table.Th>
              ))}
              <Table.Th w={170}>{t('warnings')}</Table.Th>
              <Table.Th w={48} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id} data-path={row.path}>
                <Table.Td>
                  <Checkbox
                    aria-label={t('select', { path: row.path })}
                    disabled={row.status !== 'staged'}
                    checked={selected.has(row.id)}
                    onChange={() =>
                      setSelected((s) => {
                        const next = new Set(s)
                        if (next.has(row.id)) next.delete(row.id)
                        else next.add(row.id)
                        return next
                      })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{row.path}</Text>
                  {row.format && (
                    <Text size="xs" c="dimmed">
                      {row.format}
                      {row.encoding ? ` · ${row.encoding}` : ''}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={statusColor[row.status]}>{t(`statuses.${row.status}`)}</Badge>
                  {row.documentId && (
                    <Anchor component={Link} href={`/documents/${row.documentId}`} size="xs" display="block">
                      {t('openDocument')}
                    </Anchor>
                  )}
                </Table.Td>
                {row.status === 'refused' ? (
                  <Table.Td colSpan={columns.length}>
                    <Text size="sm" c="red" data-testid="refusal">{row.problem ? (t.has(`codes.${row.problem.code}`) ? t(`codes.${row.problem.code}`, row.problem.values) : row.problem.message) : ''}</Text>
                  </Table.Td>
                ) : (
                  columns.map((c) => (
                    <Table.Td key={c}>
                      <EditableCell row={row} name={c} onSaved={changed} />
                    </Table.Td>
                  ))
                )}
                <Table.Td>
                  <Group gap={4}>
                    {row.duplicateOf && (
                      <Anchor component={Link} href={`/documents/${row.duplicateOf.id}`} size="xs" c="red">
                        {t('duplicateOf', { title: row.duplicateOf.title })}
                      </Anchor>
                    )}
                    {row.nearDuplicateOf && (
                      <Anchor component={Link} href={`/documents/${row.nearDuplicateOf.id}`} size="xs" c="orange">
                        {t('nearDuplicateOf', { title: row.nearDuplicateOf.title, share: Math.round(row.nearDuplicateOf.share * 100) })}
                      </Anchor>
                    )}
                    {row.warnings
                      .filter((w) => w.code !== 'duplicate' && w.code !== 'near_duplicate')
                      .map((w, i) => (
                        <Tooltip key={`${w.code}-${i}`} label={t.has(`codes.${w.code}`) ? t(`codes.${w.code}`, w.values) : w.message} multiline w={300}>
                          <Badge size="xs" color="orange" variant="light">{t.has(`warningCodes.${w.code}`) ? t(`warningCodes.${w.code}`) : w.code}</Badge>
                        </Tooltip>
                      ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {row.status !== 'refused' && row.status !== 'queued' && (
                    <Button size="compact-xs" variant="subtle" aria-label={t('preview', { path: row.path })} onClick={() => setPreview(row.id)}>
                      <IconEye size={16} />
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && data.total === 0 && <Text c="dimmed" size="sm">{t('noRows')}</Text>}
      {data && data.total > PAGE_SIZE && <Pagination total={Math.ceil(data.total / PAGE_SIZE)} value={page} onChange={setPage} size="sm" />}
      <StagedPreview key={preview ?? 'closed'} stagedFileId={preview} onClose={() => setPreview(null)} onSaved={changed} />
    </>
  )
}
