'use client'

import { Stack } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslations } from 'next-intl'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ExportForm, type ExportFormOptions } from './ExportForm'
import { ExportList } from './ExportList'
import { call } from '@/lib/api/client'
import { listExportsEndpoint } from '@/lib/api/endpoints'
import type { ExportSummary } from '@/lib/schemas/exports'

/** The export page's live part: the form, and the list of exports, polled while one is under way. */
export function ExportWorkspace({ projectId, options, initial, viewer }: { projectId: string; options: ExportFormOptions; initial: ExportSummary[]; viewer: { id: string; manager: boolean } }) {
  const t = useTranslations('export')
  const [items, setItems] = useState(initial)
  // Statuses seen while polling: an export that finishes while the user looks elsewhere on the page is announced.
  const seen = useRef(new Map(initial.map((e) => [e.id, e.status])))
  const refresh = useCallback(() => {
    call(listExportsEndpoint, { params: { projectId } })
      .then((r) => {
        for (const e of r.items) {
          const before = seen.current.get(e.id)
          if (before && before !== e.status && (e.status === 'done' || e.status === 'failed')) {
            notifications.show(
              e.status === 'done'
                ? { color: 'green', title: t('finished'), message: t('counts', { documents: e.documents ?? 0, spans: e.spans ?? 0 }) }
                : { color: 'red', title: t('failedTitle'), message: e.error ?? '' },
            )
          }
          seen.current.set(e.id, e.status)
        }
        setItems(r.items)
      })
      .catch(() => undefined)
  }, [projectId, t])
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
