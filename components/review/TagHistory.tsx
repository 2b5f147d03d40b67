'use client'

import { Badge, Group, Loader, Stack, Text, Timeline, TimelineItem } from '@mantine/core'
import { useFormatter, useLocale, useTranslations } from 'next-intl'
import { useEffect, useState } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { TagComments } from '@/components/comments/TagComments'
import { call } from '@/lib/api/client'
import { tagEventsEndpoint } from '@/lib/api/endpoints'
import type { TagEventView } from '@/lib/schemas/review'

export interface Reason {
  code: string
  zh: string
  en: string
}

/** What an event's before/after holds (lib/services/tags.ts snapshot()); the API types it as any JSON. */
type Snapshot = { start?: number; end?: number; quote?: string; labelId?: string; status?: string } | null

const actionColor: Record<string, string> = { created: 'gray', edited: 'blue', approved: 'green', rejected: 'red', sent_back: 'orange', deleted: 'dark', restored: 'gray', reopened: 'grape' }

/** Every TagEvent of a tag, oldest first: who did what, the change, the reason, when. */
export function TagHistory({ tagId, version, labelName, reasons }: { tagId: string; version: number; labelName: (id: string) => string; reasons: Reason[] }) {
  const t = useTranslations('review')
  const locale = useLocale()
  const format = useFormatter()
  const errorMessage = useErrorMessage()
  const [events, setEvents] = useState<TagEventView[] | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    call(tagEventsEndpoint, { params: { tagId } })
      .then(({ items }) => live && setEvents(items))
      .catch((error: unknown) => {
        if (!live) return
        setFailure(errorMessage(error))
        setEvents([])
      })
    return () => {
      live = false
    }
  }, [errorMessage, tagId, version])
  if (!events) return <Loader size="sm" />
  if (failure) return <Text size="sm" c="red">{failure}</Text>
  if (events.length === 0) return <Text size="sm" c="dimmed">{t('noHistory')}</Text>
  const reasonText = (code: string | null) => {
    const r = reasons.find((x) => x.code === code)
    return r ? (locale === 'en' ? r.en : r.zh) : code
  }
  const change = (e: TagEventView) => {
    const parts: string[] = []
    const before = e.before as Snapshot
    const after = e.after as Snapshot
    if (before && after) {
      if (before.start !== after.start || before.end !== after.end) parts.push(`“${before.quote}” → “${after.quote}”`)
      if (before.labelId !== after.labelId && before.labelId && after.labelId) parts.push(`${labelName(before.labelId)} → ${labelName(after.labelId)}`)
    }
    return parts
  }
  return (
    <>
    <Timeline bulletSize={14} lineWidth={2} data-testid="tag-history">
      {events.map((e) => (
        <TimelineItem key={e.id} color={actionColor[e.action]} title={<Group gap={6}><Badge size="xs" color={actionColor[e.action]} variant="light">{t(`events.${e.action}`)}</Badge><Text size="xs" fw={600}>{e.actorName}</Text></Group>}>
          <Stack gap={2}>
            {change(e).map((c) => (
              <Text key={c} size="xs">{c}</Text>
            ))}
            {(e.reasonCode || e.reason) && (
              <Text size="xs" c="orange.8">
                {[reasonText(e.reasonCode), e.reason].filter(Boolean).join('：')}
              </Text>
            )}
            <Text size="xs" c="dimmed">{format.dateTime(new Date(e.createdAt), { dateStyle: 'short', timeStyle: 'short' })}</Text>
          </Stack>
        </TimelineItem>
      ))}
    </Timeline>
    <TagComments tagId={tagId} defaultOpen />
    </>
  )
}
