'use client'

import { Badge, Group, Loader, Stack, Text, Timeline, TimelineItem } from '@mantine/core'
import { useFormatter, useLocale, useTranslations } from 'next-intl'
import { useEffect, useState } from 'react'
import { fetchEvents, type TagEventView } from './reviewApi'

export interface Reason {
  code: string
  zh: string
  en: string
}

const actionColor: Record<string, string> = { created: 'gray', edited: 'blue', approved: 'green', rejected: 'red', sent_back: 'orange', deleted: 'dark', restored: 'gray', reopened: 'grape' }

/** Every TagEvent of a tag, oldest first: who did what, the change, the reason, when. */
export function TagHistory({ tagId, version, labelName, reasons }: { tagId: string; version: number; labelName: (id: string) => string; reasons: Reason[] }) {
  const t = useTranslations('review')
  const locale = useLocale()
  const format = useFormatter()
  const [events, setEvents] = useState<TagEventView[] | null>(null)
  useEffect(() => {
    let live = true
    fetchEvents(tagId)
      .then((items) => live && setEvents(items))
      .catch(() => live && setEvents([]))
    return () => {
      live = false
    }
  }, [tagId, version])
  if (!events) return <Loader size="sm" />
  if (events.length === 0) return <Text size="sm" c="dimmed">{t('noHistory')}</Text>
  const reasonText = (code: string | null) => {
    const r = reasons.find((x) => x.code === code)
    return r ? (locale === 'en' ? r.en : r.zh) : code
  }
  const change = (e: TagEventView) => {
    const parts: string[] = []
    if (e.before && e.after) {
      if (e.before.start !== e.after.start || e.before.end !== e.after.end) parts.push(`“${e.before.quote}” → “${e.after.quote}”`)
      if (e.before.labelId !== e.after.labelId && e.before.labelId && e.after.labelId) parts.push(`${labelName(e.before.labelId)} → ${labelName(e.after.labelId)}`)
    }
    return parts
  }
  return (
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
  )
}
