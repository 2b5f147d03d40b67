'use client'

import { usePathname } from 'next/navigation'
import { ProjectTabs } from '@/components/layout/ProjectTabs'

/** The admin pages' tabs; the active one from the address (the layout stays while its pages change). */
export function AdminTabs({ labels }: { labels: { users: string; projects: string; audit: string } }) {
  const pathname = usePathname()
  const active = pathname.startsWith('/admin/projects') ? 'projects' : pathname.startsWith('/admin/audit') ? 'audit' : 'users'
  return (
    <ProjectTabs
      active={active}
      tabs={[
        { value: 'users', label: labels.users, href: '/admin/users' },
        { value: 'projects', label: labels.projects, href: '/admin/projects' },
        { value: 'audit', label: labels.audit, href: '/admin/audit' },
      ]}
    />
  )
}
