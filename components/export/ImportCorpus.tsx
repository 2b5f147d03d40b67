'use client'

import { Alert, Button, FileButton, Group, List, Paper, Progress, Text, Title } from '@mantine/core'
import { IconUpload } from '@tabler/icons-react'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useRef, useState } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { upload } from '@/lib/api/client'
import { importCorpusEndpoint } from '@/lib/api/import-endpoints'
import type { ImportResult } from '@/lib/schemas/imports'

type State = { phase: 'idle' } | { phase: 'uploading'; percent: number; name: string } | { phase: 'importing'; name: string } | { phase: 'done'; result: ImportResult } | { phase: 'failed'; message: string }

export function ImportCorpus({ projectId }: { projectId: string }) {
  const t = useTranslations('export.import')
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [state, setState] = useState<State>({ phase: 'idle' })
  const busy = state.phase === 'uploading' || state.phase === 'importing'
  // Cleared after each pick, so choosing the same file again (a second import) still fires.
  const resetRef = useRef<() => void>(null)
  const start = (file: File | null) => {
    if (!file) return
    resetRef.current?.()
    setState({ phase: 'uploading', percent: 0, name: file.name })
    upload(importCorpusEndpoint, {
      params: { projectId },
      query: { fileName: file.name },
      file,
      contentType: file.name.endsWith('.zip') ? 'application/zip' : 'application/x-ndjson',
      onProgress: (percent) => setState({ phase: 'uploading', percent, name: file.name }),
      onSent: () => setState({ phase: 'importing', name: file.name }),
    })
      .then((result) => {
        setState({ phase: 'done', result })
        router.refresh()
      })
      .catch((error: unknown) => setState({ phase: 'failed', message: errorMessage(error) }))
  }
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="import-corpus">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h4" id="import-corpus">{t('title')}</Title>
          <Text size="sm" c="dimmed" maw={720} mt={4}>{t('help')}</Text>
        </div>
        <FileButton onChange={start} resetRef={resetRef} accept=".zip,.jsonl,application/zip,application/x-ndjson">
          {(props) => (
            <Button {...props} variant="light" leftSection={<IconUpload size={16} />} loading={busy} data-testid="import-button">
              {t('choose')}
            </Button>
          )}
        </FileButton>
      </Group>
      {state.phase === 'uploading' && (
        <>
          <Text size="sm" mt="md">{t('uploading', { name: state.name, percent: state.percent })}</Text>
          <Progress value={state.percent} mt={4} />
        </>
      )}
      {state.phase === 'importing' && (
        <>
          <Text size="sm" mt="md">{t('importing', { name: state.name })}</Text>
          <Progress value={100} animated mt={4} />
        </>
      )}
      {state.phase === 'failed' && <Alert color="red" mt="md" title={t('failed')}>{state.message}</Alert>}
      {state.phase === 'done' && (
        <Alert color="green" mt="md" title={t('done', { file: state.result.file, seconds: state.result.seconds.toFixed(1) })} data-testid="import-result">
          <List size="sm">
            <List.Item>{t('documents', state.result.documents)}</List.Item>
            <List.Item>{t('tags', state.result.tags)}</List.Item>
            <List.Item>{t('labels', state.result.labels)}</List.Item>
            {state.result.users.unmatched > 0 && <List.Item>{t('unmatched', { count: state.result.users.unmatched, emails: state.result.users.unmatchedEmails.slice(0, 5).join(', ') })}</List.Item>}
          </List>
        </Alert>
      )}
    </Paper>
  )
}
