'use client'

import { Checkbox, Group, Select, TextInput } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useOptimistic, useTransition } from 'react'

interface Facet<T> {
  value: T
  count: number
}

/** Filters live in the URL, so a filtered list can be bookmarked, shared and reloaded. */
export function DocumentFilters({ provinces, years, canSeeArchived = false }: { provinces: Facet<string>[]; years: Facet<number>[]; canSeeArchived?: boolean }) {
  const t = useTranslations('documents')
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()

  const update = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    next.delete('page')
    router.replace(`${pathname}?${next}`)
  }
  // The box shows its new state at once, not when the navigation it starts has finished.
  const [, startTransition] = useTransition()
  const [archivedOnly, setArchivedOnly] = useOptimistic(params.get('archived') === 'only')
  const updateSearch = useDebouncedCallback((value: string) => update('q', value.trim() || null), 300)

  return (
    <Group gap="sm" wrap="wrap">
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t('search')}
        aria-label={t('search')}
        defaultValue={params.get('q') ?? ''}
        onChange={(e) => updateSearch(e.currentTarget.value)}
        w={280}
      />
      <Select
        aria-label={t('province')}
        placeholder={t('allProvinces')}
        clearable
        value={params.get('province')}
        onChange={(v) => update('province', v)}
        data={provinces.map((p) => ({ value: p.value, label: `${p.value} (${p.count})` }))}
        w={180}
      />
      <Select
        aria-label={t('year')}
        placeholder={t('allYears')}
        clearable
        value={params.get('year')}
        onChange={(v) => update('year', v)}
        data={years.map((y) => ({ value: String(y.value), label: `${y.value} (${y.count})` }))}
        w={150}
      />
      {canSeeArchived && (
        // Archived documents are out of the list; a manager looks them up here to restore one.
        <Checkbox
          label={t('archivedOnly')}
          checked={archivedOnly}
          onChange={(e) => {
            const checked = e.currentTarget.checked
            startTransition(() => {
              setArchivedOnly(checked)
              update('archived', checked ? 'only' : null)
            })
          }}
          data-testid="archived-only"
        />
      )}
    </Group>
  )
}
