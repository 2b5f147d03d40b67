import type { ReactNode } from 'react'
import { AppFrame } from '@/components/layout/AppFrame'
import { requireActor } from '@/lib/auth/page-guard'

export default async function WorkbenchLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor()
  return <AppFrame actor={actor}>{children}</AppFrame>
}
