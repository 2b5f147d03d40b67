'use client'

import { SegmentedControl } from '@mantine/core'
import { useLocale } from 'next-intl'
import { useRouter } from 'next/navigation'
import { useTransition } from 'react'
import { setLocaleAction } from '@/app/actions/session'

export function LanguageSwitch() {
  const locale = useLocale()
  const router = useRouter()
  const [pending, startTransition] = useTransition()
  return (
    <SegmentedControl
      size="xs"
      value={locale}
      disabled={pending}
      aria-label="Language / 语言"
      data={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
      onChange={(value) =>
        startTransition(async () => {
          await setLocaleAction(value)
          router.refresh()
        })
      }
    />
  )
}
