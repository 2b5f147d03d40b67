'use client'

import { Alert, Badge, Button, Group, Paper, Progress, Select, Stack, Text, Title } from '@mantine/core'
import { IconFileUpload, IconFolderUp, IconPlus } from '@tabler/icons-react'
import { useRouter, useSearchParams } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call, upload } from '@/lib/api/client'
import { createImportBatchEndpoint, getImportBatchEndpoint, uploadImportFileEndpoint } from '@/lib/api/ingest-endpoints'
import type { BatchView } from '@/lib/schemas/ingest'
import { droppedFiles, isIgnorable, pickedFiles, type PickedFile } from './dropped-files'
import { StagingTable } from './StagingTable'

/** Uploads at once: enough to keep the line busy, few enough not to starve the page's own requests. */
const PARALLEL_UPLOADS = 4

interface UploadState {
  total: number
  done: number
  failed: { path: string; message: string }[]
}

export function ImportWorkspace({ projectId, initialBatches }: { projectId: string; initialBatches: BatchView[] }) {
  const t = useTranslations('ingest')
  const errorMessage = useErrorMessage()
  const router = useRouter()
  const search = useSearchParams()
  const [batches, setBatches] = useState(initialBatches)
  const [batchId, setBatchId] = useState<string | null>(search.get('batch') ?? initialBatches[0]?.id ?? null)
  const batch = batches.find((b) => b.id === batchId) ?? null
  const [uploads, setUploads] = useState<UploadState | null>(null)
  const [dragging, setDragging] = useState(false)
  const [refreshKey, setRefreshKey] = useState(0)
  const filesInput = useRef<HTMLInputElement>(null)
  const folderInput = useRef<HTMLInputElement>(null)

  const choose = useCallback(
    (id: string) => {
      setBatchId(id)
      router.replace(`?batch=${id}`, { scroll: false })
    },
    [router],
  )

  const refreshBatch = useCallback(async (id: string) => {
    const fresh = await call(getImportBatchEndpoint, { params: { batchId: id } })
    setBatches((list) => (list.some((b) => b.id === id) ? list.map((b) => (b.id === id ? fresh : b)) : [fresh, ...list]))
    return fresh
  }, [])

  // While files are read (or sent), the counts and the table follow every second.
  const busy = (batch?.counts.queued ?? 0) > 0 || (uploads !== null && uploads.done < uploads.total)
  useEffect(() => {
    if (!busy || !batchId) return
    const timer = setInterval(() => {
      refreshBatch(batchId)
        .then(() => setRefreshKey((k) => k + 1))
        .catch(() => undefined)
    }, 1000)
    return () => clearInterval(timer)
  }, [busy, batchId, refreshBatch])

  const newBatch = async () => {
    const created = await call(createImportBatchEndpoint, { params: { projectId }, body: {} })
    setBatches((list) => [created, ...list])
    choose(created.id)
    return created.id
  }

  const send = async (files: PickedFile[]) => {
    const wanted = files.filter((f) => !isIgnorable(f.path))
    if (wanted.length === 0) return
    let id = batchId
    try {
      id = id ?? (await newBatch())
    } catch (error) {
      setUploads({ total: wanted.length, done: 0, failed: [{ path: '', message: errorMessage(error) }] })
      return
    }
    const state: UploadState = { total: wanted.length, done: 0, failed: [] }
    setUploads({ ...state })
    // manifest.csv first, so that files read after it take its values at once.
    const queue = [...wanted].sort((a, b) => Number(b.path.toLowerCase().endsWith('manifest.csv')) - Number(a.path.toLowerCase().endsWith('manifest.csv')))
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          await upload(uploadImportFileEndpoint, { params: { batchId: id }, query: { path: next.path }, file: next.file, contentType: 'application/octet-stream' })
        } catch (error) {
          state.failed.push({ path: next.path, message: errorMessage(error) })
        }
        state.done++
        setUploads({ ...state, failed: [...state.failed] })
      }
    }
    await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, worker))
    await refreshBatch(id).catch(() => undefined)
    setRefreshKey((k) => k + 1)
  }

  const counts = batch?.counts
  const read = counts ? counts.staged + counts.refused + counts.committed : 0
  return (
    <Stack gap="md">
      <Paper
        withBorder
        p="lg"
        radius="md"
        data-testid="drop-zone"
        style={{ borderStyle: 'dashed', borderWidth: 2, borderColor: dragging ? 'var(--mantine-color-blue-5)' : undefined, background: dragging ? 'var(--mantine-color-blue-0)' : undefined }}
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault()
          setDragging(false)
          void droppedFiles(e.dataTransfer).then(send)
        }}
      >
        <Group justify="space-between" wrap="wrap" gap="sm">
          <div style={{ minWidth: 260, flex: 1 }}>
            <Title order={4}>{t('dropTitle')}</Title>
            <Text size="sm" c="dimmed">{t('dropHint')}</Text>
          </div>
          <Group gap="xs">
            <Button leftSection={<IconFileUpload size={16} />} variant="light" onClick={() => filesInput.current?.click()}>
              {t('chooseFiles')}
            </Button>
            <Button leftSection={<IconFolderUp size={16} />} variant="light" onClick={() => folderInput.current?.click()}>
              {t('chooseFolder')}
            </Button>
          </Group>
        </Group>
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          accept=".html,.htm,.shtml,.txt,.docx,.pdf,.zip,.csv"
          onChange={(e) => {
            if (e.target.files) void send(pickedFiles(e.target.files))
            e.target.value = ''
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          // @ts-expect-error webkitdirectory is not in React's input attributes, but every browser we support knows it.
          webkitdirectory=""
          onChange={(e) => {
            if (e.target.files) void send(pickedFiles(e.target.files))
            e.target.value = ''
          }}
        />
        {uploads && (
          <Stack gap={4} mt="md" data-testid="upload-progress">
            <Text size="sm">{t('uploading', { done: uploads.done, total: uploads.total })}</Text>
            <Progress value={(100 * uploads.done) / Math.max(uploads.total, 1)} size="sm" />
            {uploads.failed.slice(0, 10).map((f) => (
              <Text key={f.path} size="sm" c="red">
                {f.path}: {f.message}
              </Text>
            ))}
            {uploads.failed.length > 10 && <Text size="sm" c="red">{t('moreFailed', { count: uploads.failed.length - 10 })}</Text>}
          </Stack>
        )}
      </Paper>

      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Select
            aria-label={t('batch')}
            placeholder={t('noBatch')}
            data={batches.map((b) => ({ value: b.id, label: t('batchLabel', { date: new Date(b.createdAt).toLocaleString(), files: b.files }) }))}
            value={batchId}
            onChange={(v) => v && choose(v)}
            w={300}
            allowDeselect={false}
          />
          <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={() => void newBatch()}>
            {t('newBatch')}
          </Button>
        </Group>
        {counts && batch && (
          <Group gap="xs" data-testid="batch-counts">
            <Badge variant="light" color="gray">{t('counts.read', { read, files: batch.files })}</Badge>
            <Badge variant="light" color="blue">{t('counts.staged', { count: counts.staged })}</Badge>
            <Badge variant="light" color="orange">{t('counts.withWarnings', { count: counts.withWarnings })}</Badge>
            <Badge variant="light" color="red">{t('counts.refused', { count: counts.refused })}</Badge>
            <Badge variant="light" color="green">{t('counts.committed', { count: counts.committed })}</Badge>
            {batch.hasManifest && <Badge variant="outline">{t('counts.manifest')}</Badge>}
          </Group>
        )}
      </Group>
      {batch && batch.files > 0 && counts && counts.queued > 0 && <Progress value={(100 * read) / Math.max(batch.files, 1)} size="sm" animated aria-label={t('reading')} />}
      {batch ? (
        <StagingTable key={batch.id} batchId={batch.id} refreshKey={refreshKey} onChanged={() => void refreshBatch(batch.id).then(() => setRefreshKey((k) => k + 1))} />
      ) : (
        <Alert variant="light">{t('empty')}</Alert>
      )}
    </Stack>
  )
}
