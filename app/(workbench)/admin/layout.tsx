import { Container, Title } from '@mantine/core'
import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import type { ReactNode } from 'react'
import { AdminTabs } from '@/components/admin/AdminTabs'
import { requireActor } from '@/lib/auth/page-guard'

// Instance admins only: anyone else gets the 404 page (the services check again).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor()
  if (!actor.isAdmin) notFound()
  const t = await getTranslations('team')
  return (
    <>
      <div style={{ background: 'white', borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
        <Container size="xl" pt="md">
          <Title order={1} size="h2" mb="sm">{t('adminTitle')}</Title>
          <AdminTabs labels={{ users: t('usersTab'), projects: t('projectsTab'), audit: t('auditTab') }} />
        </Container>
      </div>
      <Container size="xl" py="lg">{children}</Container>
    </>
  )
}
