'use client'

import { Group, Select, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { updateProjectEndpoint } from '@/lib/api/endpoints'
import { exportRoleSchema } from '@/lib/schemas/exports'

/** Managers choose who else may export the project's corpus. */
export function ExportAccess({ projectId, exportRole }: { projectId: string; exportRole: string }) {
  const t = useTranslations('export')
  const tr = useTranslations('roles')
  const router = useRouter()
  const errorMessage = useErrorMessage()
  const [value, setValue] = useState(exportRole)
  const [pending, start] = useTransition()
  return (
    <Group gap="xs">
      <Text size="sm">{t('whoMayExport')}</Text>
      <Select
        size="xs"
        w={200}
        value={value}
        disabled={pending}
        allowDeselect={false}
        aria-label={t('whoMayExport')}
        data-testid="export-role"
        data={(['manager', 'reviewer', 'annotator'] as const).map((r) => ({ value: r, label: t('roleAndAbove', { role: tr(r) }) }))}
        onChange={(next) => {
          if (!next) return
          const role = exportRoleSchema.parse(next)
          const previous = value
          setValue(next)
          start(async () => {
            try {
              await call(updateProjectEndpoint, { params: { projectId }, body: { exportRole: role } })
              router.refresh()
            } catch (error) {
              setValue(previous)
              notifications.show({ color: 'red', message: errorMessage(error) })
            }
          })
        }}
      />
    </Group>
  )
}
