'use client'

import { Group, Select, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'

/** Managers choose who else may export the project's corpus. */
export function ExportAccess({ projectId, exportRole }: { projectId: string; exportRole: string }) {
  const t = useTranslations('export')
  const tr = useTranslations('roles')
  const router = useRouter()
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
          const previous = value
          setValue(next)
          start(async () => {
            const response = await fetch(`/api/v1/projects/${projectId}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ exportRole: next }) })
            if (!response.ok) {
              setValue(previous)
              const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null
              notifications.show({ color: 'red', message: body?.error?.message ?? String(response.status) })
            } else router.refresh()
          })
        }}
      />
    </Group>
  )
}
