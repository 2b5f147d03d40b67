'use client'

// Admin → Users: search and filters in the address, create one user or several from a pasted list
// (each answers an invitation link, shown once), and per user: deactivate / reactivate, grant or
// take admin, reset the password (a new link). The server refuses what would leave no active admin.
import { Badge, Button, Group, Menu, Modal, Paper, SegmentedControl, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Tabs, Text, Textarea, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDots, IconSearch } from '@tabler/icons-react'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useFormatter, useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { createUsersAction } from '@/app/(workbench)/admin/actions'
import { InvitationLink } from '@/components/admin/InvitationLink'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { UrlPagination } from '@/components/ui/UrlPagination'
import { call } from '@/lib/api/client'
import { createUserEndpoint, updateUserEndpoint } from '@/lib/api/team-endpoints'
import type { InvitationLinkView } from '@/lib/schemas/invitations'
import type { UserView } from '@/lib/schemas/users'

type Link = InvitationLinkView & { email: string }

export function UserAdmin(props: { users: UserView[]; total: number; page: number; pageSize: number; filters: { q: string; active: string; admin: string }; currentUserId: string }) {
  const t = useTranslations('team')
  const tr = useTranslations('roles')
  const format = useFormatter()
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const errorMessage = useErrorMessage()
  const [pending, start] = useTransition()
  const [q, setQ] = useState(props.filters.q)
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [list, setList] = useState('')
  const [links, setLinks] = useState<Link[]>([])
  const [skipped, setSkipped] = useState<string[]>([])
  const [resetting, setResetting] = useState<UserView | null>(null)

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    next.delete('page')
    router.push(`${pathname}?${next}`)
  }

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

  const update = (user: UserView, body: { active?: boolean; admin?: boolean; resetPassword?: true }, message: string) =>
    run(async () => {
      const result = await call(updateUserEndpoint, { params: { userId: user.id }, body })
      if (result.invitation) setLinks([{ email: result.user.email, ...result.invitation }])
      return message
    })

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Tabs defaultValue="one">
          <Tabs.List mb="sm">
            <Tabs.Tab value="one">{t('createOne')}</Tabs.Tab>
            <Tabs.Tab value="many">{t('createMany')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="one">
            <form
              onSubmit={(e) => {
                e.preventDefault()
                run(async () => {
                  const created = await call(createUserEndpoint, { body: { email, name } })
                  setLinks([{ email: created.user.email, ...created.invitation }])
                  setSkipped([])
                  setEmail('')
                  setName('')
                  return t('userCreated', { name: created.user.name })
                })
              }}
            >
              <Group align="flex-end" gap="sm">
                <TextInput label={t('email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} w={300} data-testid="new-user-email" />
                <TextInput label={t('name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} w={220} data-testid="new-user-name" />
                <Button type="submit" loading={pending} data-testid="new-user-submit">{t('createUser')}</Button>
              </Group>
            </form>
          </Tabs.Panel>
          <Tabs.Panel value="many">
            <Stack gap="xs">
              <Textarea
                label={t('pasteList')}
                description={t('pasteListHelp')}
                placeholder={'张三 <zhangsan@example.edu.cn>\nlisi@example.edu.cn'}
                autosize
                minRows={4}
                maxRows={14}
                value={list}
                onChange={(e) => setList(e.currentTarget.value)}
                data-testid="new-users-list"
              />
              <Group>
                <Button
                  loading={pending}
                  disabled={!list.trim()}
                  data-testid="new-users-submit"
                  onClick={() =>
                    run(async () => {
                      const result = await createUsersAction({ list })
                      if (!result.ok) throw result.error
                      setLinks(result.value.created.map((c) => ({ email: c.user.email, ...c.invitation })))
                      setSkipped(result.value.skipped)
                      setList('')
                      return t('usersCreated', { count: result.value.created.length })
                    })
                  }
                >
                  {t('createUsers')}
                </Button>
              </Group>
            </Stack>
          </Tabs.Panel>
        </Tabs>
        {skipped.length > 0 && <Text size="sm" c="orange" mt="sm">{t('skipped', { emails: skipped.join(', ') })}</Text>}
        {links.map((link) => <InvitationLink key={link.url} {...link} />)}
        {links.length > 0 && (
          <Button variant="subtle" size="xs" mt="xs" onClick={() => setLinks([])}>
            {t('hideLinks')}
          </Button>
        )}
      </Paper>

      <Group gap="sm" align="flex-end">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            setFilter('q', q.trim())
          }}
        >
          <TextInput leftSection={<IconSearch size={16} />} placeholder={t('search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={280} aria-label={t('search')} data-testid="user-search" />
        </form>
        <SegmentedControl
          value={props.filters.active}
          onChange={(v) => setFilter('active', v)}
          data={[
            { value: '', label: t('filterAll') },
            { value: 'true', label: t('filterActive') },
            { value: 'false', label: t('filterDeactivated') },
          ]}
        />
        <SegmentedControl
          value={props.filters.admin}
          onChange={(v) => setFilter('admin', v)}
          data={[
            { value: '', label: t('filterEveryone') },
            { value: 'true', label: t('filterAdmins') },
          ]}
        />
        <Text size="sm" c="dimmed">{t('userCount', { count: props.total })}</Text>
      </Group>

      <Paper withBorder radius="md">
        <Table data-testid="user-table" verticalSpacing="xs">
          <TableThead>
            <TableTr>
              <TableTh>{t('name')}</TableTh>
              <TableTh>{t('email')}</TableTh>
              <TableTh ta="right">{t('projects')}</TableTh>
              <TableTh>{t('lastActive')}</TableTh>
              <TableTh />
            </TableTr>
          </TableThead>
          <TableTbody>
            {props.users.map((u) => (
              <TableTr key={u.id} data-testid="user-row" data-email={u.email} style={u.active ? undefined : { opacity: 0.6 }}>
                <TableTd>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>{u.name}</Text>
                    {u.id === props.currentUserId && <Badge variant="light" size="xs">{t('you')}</Badge>}
                    {u.isAdmin && <Badge size="xs" color="indigo">{tr('admin')}</Badge>}
                    {!u.active && <Badge size="xs" color="gray">{t('deactivated')}</Badge>}
                    {u.active && u.invited && <Badge size="xs" color="yellow" variant="light">{t('invited')}</Badge>}
                  </Group>
                </TableTd>
                <TableTd><Text size="sm" c="dimmed">{u.email}</Text></TableTd>
                <TableTd ta="right">{format.number(u.projectCount)}</TableTd>
                <TableTd><Text size="sm">{u.lastActiveAt ? format.dateTime(new Date(u.lastActiveAt), { dateStyle: 'medium', timeStyle: 'short' }) : t('never')}</Text></TableTd>
                <TableTd ta="right">
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button size="xs" variant="subtle" color="gray" rightSection={<IconDots size={14} />} disabled={pending} data-testid="user-actions">
                        {t('actions')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {u.active ? (
                        <Menu.Item color="red" onClick={() => update(u, { active: false }, t('deactivatedMessage', { name: u.name }))} data-testid="user-deactivate">
                          {t('deactivate')}
                        </Menu.Item>
                      ) : (
                        <Menu.Item onClick={() => update(u, { active: true }, t('reactivatedMessage', { name: u.name }))} data-testid="user-reactivate">
                          {t('reactivate')}
                        </Menu.Item>
                      )}
                      <Menu.Item onClick={() => update(u, { admin: !u.isAdmin }, u.isAdmin ? t('adminTaken', { name: u.name }) : t('adminGranted', { name: u.name }))}>
                        {u.isAdmin ? t('takeAdmin') : t('grantAdmin')}
                      </Menu.Item>
                      <Menu.Item onClick={() => setResetting(u)} data-testid="user-reset">{t('resetPassword')}</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </Paper>
      <UrlPagination total={props.total} page={props.page} pageSize={props.pageSize} />

      <Modal opened={resetting !== null} onClose={() => setResetting(null)} title={t('resetTitle', { name: resetting?.name ?? '' })} centered>
        <Text size="sm" mb="md">{t('resetConfirm')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setResetting(null)}>{t('cancel')}</Button>
          <Button
            color="red"
            onClick={() => {
              const user = resetting
              setResetting(null)
              if (user) update(user, { resetPassword: true }, t('resetDone', { name: user.name }))
            }}
          >
            {t('resetPassword')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  )
}
