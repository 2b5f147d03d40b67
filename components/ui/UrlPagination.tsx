'use client'

import { Pagination } from '@mantine/core'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'

export function UrlPagination({ total, page, pageSize }: { total: number; page: number; pageSize: number }) {
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  // Shown past the last page too, so that a stale link is not a dead end.
  if (pages <= 1 && page <= 1) return null
  return (
    <Pagination
      total={Math.max(pages, page)}
      value={page}
      onChange={(p) => {
        const next = new URLSearchParams(params)
        next.set('page', String(p))
        router.push(`${pathname}?${next}`)
      }}
    />
  )
}
