'use client'

// Admin → Projects: create one (name, description, a starting taxonomy: none, the demo one, or a
// JSON file of the same shape, whose problems come back as sentences), rename, archive (read-only,
// out of the lists) and restore.
import { Anchor, Badge, Button, FileInput, Group, Modal, Paper, SegmentedControl, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, Textarea, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useFormatter, useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { createProjectAction } from '@/app/(workbench)/admin/actions'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { administerProjectEndpoint } from '@/lib/api/team-endpoints'
import type { AdminProjectView } from '@/lib/schemas/projects'

type Taxonomy = 'empty' | 'demo' | 'file'

export function ProjectAdmin({ projects }: { projects: AdminProjectView[] }) {
  const t = useTranslations('team')
  const format = useFormatter()
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [pending, start] = useTransition()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [taxonomy, setTaxonomy] = useState<Taxonomy>('demo')
  const [file, setFile] = useState<File | null>(null)
  const [renaming, setRenaming] = useState<{ project: AdminProjectView; name: string } | null>(null)

  const run = (work: () => Promise<string | void>) =>
    start(async () => {
      try {
        const message = await work()
        if (message) notifications.show({ color: 'green', message })
        router.refresh()
      } catch (error) {
        notifications.show({ color: 'red', message: errorMessage(error), autoClose: 12_000 })
      }
    })

  const administer = (project: AdminProjectView, body: { name?: string; archived?: boolean }, message: string) =>
    run(async () => {
      await call(administerProjectEndpoint, { params: { projectId: project.id }, body })
      return message
    })

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            run(async () => {
              const result = await createProjectAction({ name, description, taxonomy, file: taxonomy === 'file' && file ? await file.text() : undefined })
              if (!result.ok) throw result.error
              setName('')
              setDescription('')
              setFile(null)
              router.push(`/projects/${result.value.id}/members`)
              return t('projectCreated', { name: result.value.name })
            })
          }}
        >
          <Text fw={600} mb="xs">{t('newProject')}</Text>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput label={t('projectName')} required value={name} onChange={(e) => setName(e.currentTarget.value)} w={300} data-testid="new-project-name" />
            <Textarea label={t('projectDescription')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={1} maxRows={4} w={360} />
          </Group>
          <Group align="flex-end" gap="sm" mt="sm">
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('startingTaxonomy')}</Text>
              <SegmentedControl
                value={taxonomy}
                onChange={(v) => setTaxonomy(v as Taxonomy)}
                data={[
                  { value: 'empty', label: t('taxonomyEmpty') },
                  { value: 'demo', label: t('taxonomyDemo') },
                  { value: 'file', label: t('taxonomyFile') },
                ]}
                data-testid="new-project-taxonomy"
              />
            </Stack>
            {taxonomy === 'file' && <FileInput accept="application/json,.json" placeholder={t('chooseJson')} value={file} onChange={setFile} w={240} clearable required />}
            <Button type="submit" loading={pending} data-testid="new-project-submit">{t('createProject')}</Button>
          </Group>
          <Text size="xs" c="dimmed" mt="xs">{t('createProjectHelp')}</Text>
        </form>
      </Paper>

      <Paper withBorder radius="md">
        <Table data-testid="project-table" verticalSpacing="xs">
          <TableThead>
            <TableTr>
              <TableTh>{t('projectName')}</TableTh>
              <TableTh>{t('managers')}</TableTh>
              <TableTh ta="right">{t('membersCount')}</TableTh>
              <TableTh ta="right">{t('documentsCount')}</TableTh>
              <TableTh ta="right">{t('labelsCount')}</TableTh>
              <TableTh>{t('created')}</TableTh>
              <TableTh />
            </TableTr>
          </TableThead>
          <TableTbody>
            {projects.map((p) => (
              <TableTr key={p.id} data-testid="project-row" data-name={p.name} style={p.archived ? { opacity: 0.65 } : undefined}>
                <TableTd>
                  <Group gap={6} wrap="nowrap">
                    <Anchor component={Link} href={`/projects/${p.id}`} size="sm" fw={500}>{p.name}</Anchor>
                    {p.archived && <Badge size="xs" color="gray">{t('archived')}</Badge>}
                  </Group>
                  {p.description && <Text size="xs" c="dimmed" lineClamp={1}>{p.description}</Text>}
                </TableTd>
                <TableTd><Text size="sm">{p.managers.join('、') || '—'}</Text></TableTd>
                <TableTd ta="right">{format.number(p.memberCount)}</TableTd>
                <TableTd ta="right">{format.number(p.documentCount)}</TableTd>
                <TableTd ta="right">{format.number(p.labelCount)}</TableTd>
                <TableTd><Text size="sm">{format.dateTime(new Date(p.createdAt), { dateStyle: 'medium' })}</Text></TableTd>
                <TableTd ta="right">
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="subtle" disabled={pending} onClick={() => setRenaming({ project: p, name: p.name })}>{t('rename')}</Button>
                    {p.archived ? (
                      <Button size="xs" variant="subtle" disabled={pending} onClick={() => administer(p, { archived: false }, t('restoredMessage', { name: p.name }))} data-testid="project-restore">
                        {t('restore')}
                      </Button>
                    ) : (
                      <Button size="xs" variant="subtle" color="red" disabled={pending} onClick={() => administer(p, { archived: true }, t('archivedMessage', { name: p.name }))} data-testid="project-archive">
                        {t('archive')}
                      </Button>
                    )}
                  </Group>
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </Paper>

      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title={t('renameTitle')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            const current = renaming
            setRenaming(null)
            if (current) administer(current.project, { name: current.name }, t('renamedMessage', { name: current.name }))
          }}
        >
          <TextInput label={t('projectName')} required value={renaming?.name ?? ''} onChange={(e) => { const value = e.currentTarget.value; setRenaming((r) => (r ? { ...r, name: value } : r)) }} data-autofocus />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={() => setRenaming(null)}>{t('cancel')}</Button>
            <Button type="submit">{t('rename')}</Button>
          </Group>
        </form>
      </Modal>
    </Stack>
  )
}
