'use client'

import { Badge, Button, Group, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useFormatter, useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { useTransition } from 'react'
import { endSessionsAction } from '@/app/(workbench)/settings/actions'
import { useErrorMessage } from '@/components/errors/useErrorMessage'

export interface SessionRow {
  handle: string
  createdAt: string
  lastSeenAt: string
  userAgent: string
  address: string
  current: boolean
}

/** A short browser description from a User-Agent ("Chrome 156 · Linux"), enough to tell sessions apart. */
function browserOf(userAgent: string): string {
  const browser = /(Edg|Firefox|Chrome|Safari)\/(\d+)/.exec(userAgent)
  const system = /(Windows|Mac OS X|Android|iPhone|Linux)/.exec(userAgent)
  const name = browser ? `${browser[1] === 'Edg' ? 'Edge' : browser[1]} ${browser[2]}` : userAgent.slice(0, 40)
  return [name, system?.[1]].filter(Boolean).join(' · ')
}

export function SessionManager({ sessions }: { sessions: SessionRow[] }) {
  const t = useTranslations('settings')
  const format = useFormatter()
  const [pending, startTransition] = useTransition()
  const errorMessage = useErrorMessage()
  const router = useRouter()
  const others = sessions.filter((s) => !s.current).length

  const end = (input: { handle: string } | { others: true } | { all: true }) =>
    startTransition(async () => {
      const result = await endSessionsAction(input)
      if (!result.ok) notifications.show({ color: 'red', message: errorMessage(result.error) })
      // Ending every session ends this one too: the next page is the sign-in page.
      else if ('all' in input) window.location.assign('/sign-in')
      // The list is the server's: read it again on whichever page shows it (Settings or Account).
      else router.refresh()
    })

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">{t('sessionsHelp')}</Text>
      <Table data-testid="session-table">
        <TableThead>
          <TableTr>
            <TableTh>{t('sessionBrowser')}</TableTh>
            <TableTh>{t('sessionSignedIn')}</TableTh>
            <TableTh>{t('lastUsed')}</TableTh>
            <TableTh />
          </TableTr>
        </TableThead>
        <TableTbody>
          {sessions.map((session) => (
            <TableTr key={session.handle} data-testid="session-row" data-current={session.current || undefined}>
              <TableTd>
                <Text size="sm" fw={500}>{browserOf(session.userAgent) || t('sessionUnknownBrowser')}</Text>
                {session.address && <Text size="xs" c="dimmed">{session.address}</Text>}
              </TableTd>
              <TableTd>{format.dateTime(new Date(session.createdAt), { dateStyle: 'medium', timeStyle: 'short' })}</TableTd>
              <TableTd>{format.dateTime(new Date(session.lastSeenAt), { dateStyle: 'medium', timeStyle: 'short' })}</TableTd>
              <TableTd ta="right">
                {session.current ? (
                  <Badge variant="light">{t('sessionCurrent')}</Badge>
                ) : (
                  <Button size="xs" color="red" variant="subtle" onClick={() => end({ handle: session.handle })} disabled={pending}>
                    {t('sessionEnd')}
                  </Button>
                )}
              </TableTd>
            </TableTr>
          ))}
        </TableTbody>
      </Table>
      <Group gap="sm">
        <Button variant="light" color="red" onClick={() => end({ others: true })} disabled={pending || others === 0}>
          {t('sessionEndOthers')}
        </Button>
        <Button variant="subtle" color="red" onClick={() => end({ all: true })} disabled={pending}>
          {t('sessionEndAll')}
        </Button>
      </Group>
    </Stack>
  )
}
