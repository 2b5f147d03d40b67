'use client'

import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core'
import { IconApi, IconChevronDown, IconLogout, IconSettings, IconShieldLock, IconUserCog } from '@tabler/icons-react'
import Link from 'next/link'
import { useTranslations } from 'next-intl'
import { signOutAction } from '@/app/actions/session'

/** A Chinese name shows its first character (项目经理 → 项); others their initials. */
function initialsOf(name: string): string {
  const first = Array.from(name.trim())[0] ?? '?'
  if (/\p{Script=Han}/u.test(first)) return first
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
}

export function UserMenu({ name, email, isAdmin }: { name: string; email: string; isAdmin: boolean }) {
  const t = useTranslations()
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={email} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="indigo">
              {initialsOf(name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {name}
            </Text>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {email}
          {isAdmin ? ` · ${t('roles.admin')}` : ''}
        </Menu.Label>
        <Menu.Item component={Link} href="/settings" leftSection={<IconSettings size={16} />}>
          {t('nav.settings')}
        </Menu.Item>
        <Menu.Item component={Link} href="/account" leftSection={<IconUserCog size={16} />}>
          {t('team.accountMenu')}
        </Menu.Item>
        {isAdmin && (
          <Menu.Item component={Link} href="/admin/users" leftSection={<IconShieldLock size={16} />} data-testid="admin-menu">
            {t('team.adminMenu')}
          </Menu.Item>
        )}
        <Menu.Item component="a" href="/api/v1/openapi.json" target="_blank" leftSection={<IconApi size={16} />}>
          {t('nav.api')}
        </Menu.Item>
        <Menu.Divider />
        <form action={signOutAction}>
          <Menu.Item type="submit" color="red" leftSection={<IconLogout size={16} />}>
            {t('nav.signOut')}
          </Menu.Item>
        </form>
      </Menu.Dropdown>
    </Menu>
  )
}
