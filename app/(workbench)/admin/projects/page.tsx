import { getTranslations } from 'next-intl/server'
import { ProjectAdmin } from '@/components/admin/ProjectAdmin'
import { requireActor } from '@/lib/auth/page-guard'
import { listAllProjects } from '@/lib/services/projects'

export async function generateMetadata() {
  return { title: (await getTranslations('team'))('projectsTab') }
}

export default async function AdminProjectsPage() {
  const actor = await requireActor()
  const { items } = await listAllProjects(actor)
  return <ProjectAdmin projects={items} />
}
