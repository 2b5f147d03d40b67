'use client'

// The members page (managers): the team with roles, last activity and tag counts; add by e-mail,
// change a role inline, remove with a confirmation. The server refuses what would leave the project
// without a manager; the refusal is shown in the UI's language (useErrorMessage).
import { Badge, Button, Group, Modal, Paper, Select, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useFormatter, useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { InvitationLink } from '@/components/admin/InvitationLink'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { addMemberEndpoint, changeMemberRoleEndpoint, removeMemberEndpoint } from '@/lib/api/member-endpoints'
import type { MemberView } from '@/lib/schemas/members'

type Role = MemberView['role']
const roles: Role[] = ['annotator', 'reviewer', 'manager']

export function MemberTable({ projectId, members, currentUserId }: { projectId: string; members: MemberView[]; currentUserId: string }) {
  const t = useTranslations('team')
  const tr = useTranslations('roles')
  const format = useFormatter()
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [pending, start] = useTransition()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('annotator')
  const [removing, setRemoving] = useState<MemberView | null>(null)
  const [invitation, setInvitation] = useState<{ email: string; url: string; expiresAt: string; mailed: boolean } | null>(null)
  const roleOptions = roles.map((r) => ({ value: r, label: tr(r) }))

  const run = (work: () => Promise<string | void>) =>
    start(async () => {
      try {
        const message = await work()
        if (message) notifications.show({ color: 'green', message })
        router.refresh()
      } catch (error) {
        notifications.show({ color: 'red', message: errorMessage(error) })
      }
    })

  const add = () =>
    run(async () => {
      const added = await call(addMemberEndpoint, { params: { projectId }, body: { email, role } })
      setEmail('')
      setInvitation(added.invitation ? { email: added.email, ...added.invitation } : null)
      return t('memberAdded', { name: added.name, role: added.role })
    })

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            add()
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput label={t('addEmail')} placeholder="name@example.edu.cn" value={email} onChange={(e) => setEmail(e.currentTarget.value)} type="email" required w={320} data-testid="member-email" />
            <Select label={t('role')} data={roleOptions} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} w={160} data-testid="member-role" />
            <Button type="submit" loading={pending} disabled={!email.trim()} data-testid="member-add">
              {t('add')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed" mt="xs">{t('addHelp')}</Text>
        </form>
        {invitation && <InvitationLink {...invitation} onClose={() => setInvitation(null)} />}
      </Paper>
      <Paper withBorder radius="md">
        <Table data-testid="member-table" verticalSpacing="xs">
          <TableThead>
            <TableTr>
              <TableTh>{t('name')}</TableTh>
              <TableTh>{t('email')}</TableTh>
              <TableTh w={170}>{t('role')}</TableTh>
              <TableTh>{t('lastActive')}</TableTh>
              <TableTh ta="right">{t('tags')}</TableTh>
              <TableTh />
            </TableTr>
          </TableThead>
          <TableTbody>
            {members.map((m) => (
              <TableTr key={m.userId} data-testid="member-row" data-email={m.email}>
                <TableTd>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>{m.name}</Text>
                    {m.userId === currentUserId && <Badge variant="light" size="xs">{t('you')}</Badge>}
                    {m.disabled && <Badge color="gray" size="xs">{t('deactivated')}</Badge>}
                    {m.invited && !m.disabled && <Badge color="yellow" variant="light" size="xs">{t('invited')}</Badge>}
                  </Group>
                </TableTd>
                <TableTd><Text size="sm" c="dimmed">{m.email}</Text></TableTd>
                <TableTd>
                  <Select
                    size="xs"
                    aria-label={t('roleOf', { name: m.name })}
                    data={roleOptions}
                    value={m.role}
                    allowDeselect={false}
                    disabled={pending}
                    data-testid="member-role-select"
                    onChange={(value) => {
                      if (!value || value === m.role) return
                      run(async () => {
                        const changed = await call(changeMemberRoleEndpoint, { params: { projectId, userId: m.userId }, body: { role: value as Role } })
                        return t('roleChanged', { name: changed.name, role: changed.role })
                      })
                    }}
                  />
                </TableTd>
                <TableTd>
                  <Text size="sm">{m.lastActiveAt ? format.dateTime(new Date(m.lastActiveAt), { dateStyle: 'medium', timeStyle: 'short' }) : t('never')}</Text>
                </TableTd>
                <TableTd ta="right">{format.number(m.tagCount)}</TableTd>
                <TableTd ta="right">
                  <Button size="xs" variant="subtle" color="red" disabled={pending} onClick={() => setRemoving(m)} data-testid="member-remove">
                    {t('remove')}
                  </Button>
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </Paper>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t('removeTitle', { name: removing?.name ?? '' })} centered>
        <Text size="sm" mb="md">{t('removeConfirm', { name: removing?.name ?? '', tags: removing?.tagCount ?? 0 })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setRemoving(null)}>{t('cancel')}</Button>
          <Button
            color="red"
            loading={pending}
            data-testid="member-remove-confirm"
            onClick={() => {
              const member = removing
              setRemoving(null)
              if (member) {
                run(async () => {
                  await call(removeMemberEndpoint, { params: { projectId, userId: member.userId } })
                  return t('memberRemoved', { name: member.name })
                })
              }
            }}
          >
            {t('remove')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  )
}
