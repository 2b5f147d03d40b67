'use client'

import { ActionIcon, Alert, Badge, Button, Group, Paper, Popover, Progress, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Title, Tooltip } from '@mantine/core'
import { IconDownload, IconFileDescription, IconTrash, IconX } from '@tabler/icons-react'
import { useFormatter, useTranslations } from 'next-intl'
import { useState } from 'react'
import { ManifestModal } from './ManifestModal'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { deleteExportEndpoint } from '@/lib/api/endpoints'
import type { ExportSummary } from '@/lib/schemas/exports'

const statusColor = { queued: 'gray', running: 'blue', done: 'green', failed: 'red' } as const

function size(bytes: number | null): string {
  if (bytes === null) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`
}

/** What an export selected, in a few words. */
function FilterSummary({ request }: { request: Record<string, unknown> }) {
  const t = useTranslations('export')
  const ts = useTranslations('annotate.status')
  const parts: string[] = [(request.status as string[] | undefined)?.map((s) => ts(s)).join('+') ?? '']
  if (Array.isArray(request.labels) && request.labels.length) parts.push(t('summaryLabels', { count: request.labels.length }))
  if (Array.isArray(request.annotators) && request.annotators.length) parts.push(t('summaryAnnotators', { count: request.annotators.length }))
  if (request.documents) parts.push(t('summaryDocuments'))
  if (request.from || request.to) parts.push(`${request.from ?? '…'} – ${request.to ?? '…'}`)
  const split = request.split as { ratios: number[]; seed: number } | undefined
  if (split) parts.push(t('summarySplit', { ratios: split.ratios.join('/'), seed: split.seed }))
  return <Text size="xs" c="dimmed">{parts.join(' · ')}</Text>
}

/** Delete (or, while it runs, cancel) after a confirmation: an export may be hours of someone's work to reproduce. */
function RemoveExport({ item, onChanged }: { item: ExportSummary; onChanged: () => void }) {
  const t = useTranslations('export')
  const [opened, setOpened] = useState(false)
  const errorMessage = useErrorMessage()
  const [error, setError] = useState<string | null>(null)
  const running = item.status === 'running'
  const label = running ? t('cancel') : t('delete')
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <Tooltip label={label}>
          <ActionIcon variant="subtle" color="red" onClick={() => setOpened((o) => !o)} aria-label={label} data-testid="remove-export">
            {running ? <IconX size={18} /> : <IconTrash size={18} />}
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" maw={260}>
          <Text size="sm">{running ? t('cancelConfirm') : t('deleteConfirm')}</Text>
          {error && <Text size="xs" c="red">{error}</Text>}
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>{t('keep')}</Button>
            <Button
              size="xs"
              color="red"
              data-testid="confirm-remove-export"
              onClick={() =>
                call(deleteExportEndpoint, { params: { exportId: item.id } })
                  .then(() => {
                    setOpened(false)
                    onChanged()
                  })
                  .catch((e: unknown) => setError(errorMessage(e)))
              }
            >
              {label}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

export function ExportList({ items, canRemove, onChanged }: { items: ExportSummary[]; canRemove: (item: ExportSummary) => boolean; onChanged: () => void }) {
  const t = useTranslations('export')
  const format = useFormatter()
  const [open, setOpen] = useState<string | null>(null)
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="past-exports">
      <Title order={2} size="h4" id="past-exports" mb="md">
        {t('pastExports')}
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">{t('noExports')}</Text>
      ) : (
        <Table verticalSpacing="sm" data-testid="export-list">
          <TableThead>
            <TableTr>
              <TableTh>{t('when')}</TableTh>
              <TableTh>{t('format')}</TableTh>
              <TableTh>{t('contents')}</TableTh>
              <TableTh w={260}>{t('state')}</TableTh>
              <TableTh />
            </TableTr>
          </TableThead>
          <TableTbody>
            {items.map((e) => (
              <TableTr key={e.id} data-testid={`export-${e.id}`} data-status={e.status}>
                <TableTd>
                  <Text size="sm">{format.dateTime(new Date(e.createdAt), { dateStyle: 'short', timeStyle: 'short' })}</Text>
                  <Text size="xs" c="dimmed">{e.createdBy.name}</Text>
                </TableTd>
                <TableTd>
                  <Badge variant="light">{t(`formats.${e.format}.name`)}</Badge>
                </TableTd>
                <TableTd>
                  {e.status === 'done' && <Text size="sm">{t('counts', { documents: e.documents ?? 0, spans: e.spans ?? 0 })}</Text>}
                  <FilterSummary request={e.request} />
                </TableTd>
                <TableTd>
                  <Badge color={statusColor[e.status]} variant={e.status === 'done' ? 'light' : 'filled'}>{t(`status.${e.status}`)}</Badge>
                  {e.cancelRequested && <Text size="xs" c="dimmed" mt={2}>{t('cancelling')}</Text>}
                  {(e.status === 'running' || e.status === 'queued') && (
                    <>
                      <Progress mt={6} value={e.total ? (100 * e.progress) / e.total : 0} animated aria-label={t('progress')} />
                      <Text size="xs" c="dimmed" mt={2}>{e.total === null ? t('waiting') : t('progressOf', { done: e.progress, total: e.total })}</Text>
                    </>
                  )}
                  {e.status === 'failed' && <Alert color="red" p={6} mt={6}><Text size="xs">{e.error}</Text></Alert>}
                </TableTd>
                <TableTd>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    {e.status === 'done' && (
                      <>
                        <Text size="xs" c="dimmed">{size(e.fileBytes)}</Text>
                        <Tooltip label={t('manifest')}>
                          <ActionIcon variant="subtle" onClick={() => setOpen(e.id)} aria-label={t('manifest')}>
                            <IconFileDescription size={18} />
                          </ActionIcon>
                        </Tooltip>
                        <Button component="a" href={e.downloadUrl ?? undefined} download={e.fileName ?? undefined} size="xs" leftSection={<IconDownload size={14} />} data-testid="download-export">
                          {t('download')}
                        </Button>
                      </>
                    )}
                    {canRemove(e) && !e.cancelRequested && <RemoveExport item={e} onChanged={onChanged} />}
                  </Group>
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      )}
      {open && <ManifestModal exportId={open} onClose={() => setOpen(null)} />}
    </Paper>
  )
}
