'use client'

import { Stack } from '@mantine/core'
import { useCallback, useEffect, useState } from 'react'
import { ExportForm, type ExportFormOptions } from './ExportForm'
import { ExportList } from './ExportList'
import { exportApi, type ExportSummary } from './exportApi'

/** The export page's live part: the form, and the list of exports, polled while one is under way. */
export function ExportWorkspace({ projectId, options, initial, viewer }: { projectId: string; options: ExportFormOptions; initial: ExportSummary[]; viewer: { id: string; manager: boolean } }) {
  const [items, setItems] = useState(initial)
  const refresh = useCallback(() => {
    exportApi.list(projectId).then((r) => setItems(r.items)).catch(() => undefined)
  }, [projectId])
  const busy = items.some((e) => e.status === 'queued' || e.status === 'running')
  useEffect(() => {
    if (!busy) return
    const timer = setInterval(refresh, 1000)
    return () => clearInterval(timer)
  }, [busy, refresh])
  return (
    <Stack gap="lg">
      <ExportForm projectId={projectId} options={options} onStarted={refresh} />
      <ExportList items={items} onChanged={refresh} canRemove={(e) => viewer.manager || e.createdBy.id === viewer.id} />
    </Stack>
  )
}
