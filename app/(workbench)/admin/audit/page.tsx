import { Stack } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { AuditTable } from '@/components/admin/AuditTable'
import { requireActor } from '@/lib/auth/page-guard'
import { listAudit } from '@/lib/services/audit'

export async function generateMetadata() {
  return { title: (await getTranslations('team'))('auditTab') }
}

const pageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1)

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const actor = await requireActor()
  const page = pageSchema.parse((await searchParams).page ?? 1)
  const audit = await listAudit(actor, { page, pageSize: 50 })
  return (
    <Stack gap="md">
      <AuditTable {...audit} />
    </Stack>
  )
}
