import { AppShell, AppShellHeader, AppShellMain, Group } from '@mantine/core'
import Link from 'next/link'
import type { ReactNode } from 'react'
import type { Actor } from '@/lib/auth/actor'
import { LanguageSwitch } from './LanguageSwitch'
import { Logo } from './Logo'
import { UserMenu } from './UserMenu'

export function AppFrame({ actor, children }: { actor: Actor; children: ReactNode }) {
  return (
    <AppShell header={{ height: 56 }} padding={0}>
      <AppShellHeader px="lg" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
        <Group h="100%" justify="space-between" wrap="nowrap">
          {/* Not prefetched: it is on every page, and each prefetch is a server render of the project list. */}
          <Link href="/projects" prefetch={false} style={{ textDecoration: 'none', color: 'inherit' }}>
            <Logo />
          </Link>
          <Group gap="md" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu name={actor.name} email={actor.email} isAdmin={actor.isAdmin} />
          </Group>
        </Group>
      </AppShellHeader>
      <AppShellMain>{children}</AppShellMain>
    </AppShell>
  )
}
