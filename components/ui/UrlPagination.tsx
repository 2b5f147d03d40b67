'use client'

import { Pagination } from '@mantine/core'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'

export function UrlPagination({ total, page, pageSize }: { total: number; page: number; pageSize: number }) {
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (pages <= 1) return null
  return (
    <Pagination
      total={pages}
      value={page}
      onChange={(p) => {
        const next = new URLSearchParams(params)
        next.set('page', String(p))
        router.push(`${pathname}?${next}`)
      }}
    />
  )
}
