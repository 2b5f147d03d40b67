'use client'

import { useEffect, useState } from 'react'
import { call, type CallOutput } from '@/lib/api/client'
import type { researchConcordanceEndpoint, researchDistributionEndpoint } from '@/lib/api/research-endpoints'
import type { researchCompareEndpoint, researchRegionEndpoint, researchReuseEndpoint } from '@/lib/api/research-views-endpoints'
import { useErrorMessage } from '@/components/errors/useErrorMessage'

/**
 * Asks an endpoint again whenever its query changes (the key), keeping the last answer on screen while
 * the next one loads; a late answer to an older query is dropped. A null query asks nothing (the view
 * still lacks a filter it needs).
 */
type ResearchEndpoint =
  | typeof researchDistributionEndpoint
  | typeof researchConcordanceEndpoint
  | typeof researchRegionEndpoint
  | typeof researchReuseEndpoint
  | typeof researchCompareEndpoint

export function useEndpoint<E extends ResearchEndpoint>(endpoint: E, projectId: string, query: Record<string, string | number | undefined> | null) {
  const errorMessage = useErrorMessage()
  const key = JSON.stringify(query)
  const [state, setState] = useState<{ key: string | null; data: CallOutput<E> | null; error: string | null }>({ key: null, data: null, error: null })
  useEffect(() => {
    if (key === 'null') return
    let current = true
    call(endpoint, { params: { projectId }, query: JSON.parse(key) } as never)
      .then((data) => current && setState({ key, data: data as CallOutput<E>, error: null }))
      .catch((error: unknown) => current && setState((s) => ({ key, data: s.data, error: errorMessage(error) })))
    return () => {
      current = false
    }
  }, [endpoint, projectId, key, errorMessage])
  return { data: state.data, error: state.error, loading: state.key !== key }
}
