import { getTranslations } from 'next-intl/server'
import { UserAdmin } from '@/components/admin/UserAdmin'
import { requireActor } from '@/lib/auth/page-guard'
import { listUsersQuery } from '@/lib/schemas/users'
import { listUsers } from '@/lib/services/users'

export async function generateMetadata() {
  return { title: (await getTranslations('team'))('usersTab') }
}

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor()
  const raw = await searchParams
  const one = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined)
  // A hand-edited address with a bad filter shows everyone rather than an error page.
  const parsed = listUsersQuery.safeParse({ q: one('q') || undefined, active: one('active') || undefined, admin: one('admin') || undefined, page: one('page') })
  const query = parsed.success ? parsed.data : listUsersQuery.parse({})
  const users = await listUsers(actor, query)
  return (
    <UserAdmin
      users={users.items}
      total={users.total}
      page={users.page}
      pageSize={users.pageSize}
      filters={{ q: query.q ?? '', active: query.active === undefined ? '' : String(query.active), admin: query.admin === undefined ? '' : String(query.admin) }}
      currentUserId={actor.id}
    />
  )
}
