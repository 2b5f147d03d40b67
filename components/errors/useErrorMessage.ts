'use client'

// The one way a component says why something failed: the API's refusal in the UI's language, by its
// message key (messages/api-errors.<locale>.json, namespace apiErrors); the API's own sentence only
// when the key is unknown to this build (a newer server).
import { useTranslations } from 'next-intl'
import { useCallback } from 'react'
import type { Refusal } from '@/lib/api/error-answer'

export type { Refusal }

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && typeof (value as Refusal).message === 'string'
}

/** Returns a function from an error (ApiError, a server action's refusal, anything thrown) to the sentence to show. */
export function useErrorMessage(): (error: unknown) => string {
  const t = useTranslations('apiErrors')
  return useCallback(
    (error: unknown) => {
      if (!isRefusal(error)) return String(error)
      if (error.messageKey && t.has(error.messageKey)) return t(error.messageKey, error.messageValues)
      return error.message
    },
    [t],
  )
}
