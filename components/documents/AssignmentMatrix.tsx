'use client'

import { Badge, Button, Checkbox, Group, MultiSelect, NumberInput, Paper, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { assignEvenlyEndpoint, setMemberAssignmentEndpoint } from '@/lib/api/endpoints'

interface Props {
  projectId: string
  documents: { documentId: string; title: string; assignments: { userId: string; state: 'todo' | 'in_progress' | 'done' }[] }[]
  members: { id: string; name: string; role: string }[]
}

const stateColor = { todo: 'gray', in_progress: 'blue', done: 'green' } as const

/** Managers assign documents: a tick per document and annotator, or evenly N per document. */
export function AssignmentMatrix({ projectId, documents, members }: Props) {
  const t = useTranslations('assignments')
  const ta = useTranslations('annotate')
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [pending, start] = useTransition()
  const annotators = members.filter((m) => m.role === 'annotator')
  const [chosen, setChosen] = useState<string[]>(annotators.map((a) => a.id))
  const [perDocument, setPerDocument] = useState<number>(Math.min(2, Math.max(1, annotators.length)))
  const columns = members.filter((m) => m.role === 'annotator' || documents.some((d) => d.assignments.some((a) => a.userId === m.id)))

  const run = (work: () => Promise<string | void>) =>
    start(async () => {
      try {
        const message = await work()
        if (message) notifications.show({ message, color: 'green' })
        router.refresh()
      } catch (error) {
        notifications.show({ color: 'red', message: errorMessage(error) })
      }
    })

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Text size="sm" c="dimmed" mb="sm">{t('help')}</Text>
        <Group align="flex-end" gap="sm">
          <MultiSelect label={t('annotators')} data={members.map((m) => ({ value: m.id, label: m.name }))} value={chosen} onChange={setChosen} w={360} />
          <NumberInput label={t('perDocument')} value={perDocument} onChange={(v) => setPerDocument(Number(v) || 1)} min={1} max={Math.max(1, chosen.length)} w={150} />
          <Button
            loading={pending}
            data-testid="assign-evenly"
            onClick={() =>
              run(async () => {
                const r = await call(assignEvenlyEndpoint, { params: { projectId }, body: { annotatorIds: chosen, perDocument } })
                return t('created', { created: r.created, documents: r.documents })
              })
            }
          >
            {t('even')}
          </Button>
        </Group>
      </Paper>
      <Paper withBorder radius="md">
        <Table data-testid="assignment-matrix">
          <TableThead>
            <TableTr>
              <TableTh>{t('document')}</TableTh>
              {columns.map((m) => <TableTh key={m.id} ta="center">{m.name}</TableTh>)}
            </TableTr>
          </TableThead>
          <TableTbody>
            {documents.map((d) => (
              <TableTr key={d.documentId}>
                <TableTd><Text size="sm" lineClamp={1}>{d.title}</Text></TableTd>
                {columns.map((m) => {
                  const a = d.assignments.find((x) => x.userId === m.id)
                  return (
                    <TableTd key={m.id} ta="center">
                      <Group gap={4} justify="center" wrap="nowrap">
                        <Checkbox
                          aria-label={`${d.title} · ${m.name}`}
                          checked={Boolean(a)}
                          disabled={pending}
                          onChange={(e) => {
                            const assigned = e.currentTarget.checked
                            run(async () => {
                              await call(setMemberAssignmentEndpoint, { params: { projectId }, body: { documentId: d.documentId, userId: m.id, assigned } })
                            })
                          }}
                        />
                        {a && a.state !== 'todo' && <Badge size="xs" variant="light" color={stateColor[a.state]}>{a.state === 'done' ? ta('done') : ta('inProgress')}</Badge>}
                      </Group>
                    </TableTd>
                  )
                })}
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </Paper>
    </Stack>
  )
}
