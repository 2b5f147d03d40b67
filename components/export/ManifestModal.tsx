'use client'

import { Alert, Code, Loader, Modal, ScrollArea, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Tabs, TabsList, TabsPanel, TabsTab, Text } from '@mantine/core'
import { useTranslations } from 'next-intl'
import { useEffect, useState } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { getExportEndpoint } from '@/lib/api/endpoints'

interface ManifestView {
  counts: { documents: number; spans: number; per_label: Record<string, Record<string, number>>; per_status: Record<string, number> }
  files: { name: string; bytes: number; sha256: string; records?: number }[]
  format_report: { spansNotRepresented?: number; policy?: string; columns?: string[] }
  split: { ratios: number[]; seed: number; parts: Record<string, { documents: number; spans: number }> } | null
  offset_unit: string
  taxonomy: { version: number; labels: { path: string[] }[] }
}

const statusOrder = ['approved', 'pending', 'needs_revision', 'rejected']
const partOrder = ['train', 'dev', 'test']

/** A finished export's manifest: files with their hashes, counts, what CoNLL could not hold, and the raw JSON. */
export function ManifestModal({ exportId, onClose }: { exportId: string; onClose: () => void }) {
  const t = useTranslations('export')
  const ts = useTranslations('annotate.status')
  const [manifest, setManifest] = useState<ManifestView | null>(null)
  const errorMessage = useErrorMessage()
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    call(getExportEndpoint, { params: { exportId } })
      .then((e) => setManifest(e.manifest as unknown as ManifestView))
      .catch((e: unknown) => setError(errorMessage(e)))
  }, [errorMessage, exportId])
  // The stored manifest is JSONB, which does not keep key order: put statuses, parts and labels back in theirs.
  const statuses = manifest ? statusOrder.filter((s) => s in manifest.counts.per_status) : []
  const labelOrder = new Map(manifest?.taxonomy.labels.map((l, i) => [l.path.join('/'), i]) ?? [])
  const perLabel = manifest ? Object.entries(manifest.counts.per_label).sort(([a], [b]) => (labelOrder.get(a) ?? 1e9) - (labelOrder.get(b) ?? 1e9)) : []
  return (
    <Modal opened onClose={onClose} title={t('manifest')} size="xl">
      {error && <Alert color="red">{error}</Alert>}
      {!manifest && !error && <Loader size="sm" />}
      {manifest && (
        <Tabs defaultValue="summary">
          <TabsList>
            <TabsTab value="summary">{t('summary')}</TabsTab>
            <TabsTab value="json">manifest.json</TabsTab>
          </TabsList>
          <TabsPanel value="summary" pt="md">
            <Stack gap="md">
              <Text size="sm">{t('manifestIntro', { documents: manifest.counts.documents, spans: manifest.counts.spans, version: manifest.taxonomy.version })}</Text>
              {manifest.format_report.spansNotRepresented !== undefined && (
                <Alert color={manifest.format_report.spansNotRepresented ? 'orange' : 'green'} data-testid="conll-report">
                  {t('conllReport', { count: manifest.format_report.spansNotRepresented })}
                </Alert>
              )}
              {manifest.split && (
                <Text size="sm">
                  {t('splitReport', { seed: manifest.split.seed })}{' '}
                  {partOrder.filter((p) => manifest.split!.parts[p]).map((p) => `${t(`parts.${p}`)} ${manifest.split!.parts[p].documents}/${manifest.split!.parts[p].spans}`).join(' · ')}
                </Text>
              )}
              <Table fz="xs">
                <TableThead>
                  <TableTr><TableTh>{t('file')}</TableTh><TableTh ta="right">{t('records')}</TableTh><TableTh ta="right">{t('bytes')}</TableTh><TableTh>SHA-256</TableTh></TableTr>
                </TableThead>
                <TableTbody>
                  {manifest.files.map((f) => (
                    <TableTr key={f.name}><TableTd>{f.name}</TableTd><TableTd ta="right">{f.records ?? ''}</TableTd><TableTd ta="right">{f.bytes}</TableTd><TableTd><Code>{f.sha256.slice(0, 16)}…</Code></TableTd></TableTr>
                  ))}
                </TableTbody>
              </Table>
              <Table fz="xs" striped>
                <TableThead>
                  <TableTr><TableTh>{t('label')}</TableTh>{statuses.map((s) => <TableTh key={s} ta="right">{ts(s)}</TableTh>)}</TableTr>
                </TableThead>
                <TableTbody>
                  {perLabel.map(([label, byStatus]) => (
                    <TableTr key={label}><TableTd>{label}</TableTd>{statuses.map((s) => <TableTd key={s} ta="right">{byStatus[s] ?? 0}</TableTd>)}</TableTr>
                  ))}
                </TableTbody>
              </Table>
            </Stack>
          </TabsPanel>
          <TabsPanel value="json" pt="md">
            <ScrollArea h={480}>
              <Code block>{JSON.stringify(manifest, null, 2)}</Code>
            </ScrollArea>
          </TabsPanel>
        </Tabs>
      )}
    </Modal>
  )
}
