'use client'

// The toast after an approve, reject or send back, with its 撤销 / Undo button (and `z` in the queue,
// Ctrl+Z or `u` in the workbench) for UNDO_MS. The undo is the reopen action bound to the version the
// review produced: if anyone changed the tag since, the server refuses it (409) and nothing changes.
import { Button, Group, Kbd, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslations } from 'next-intl'
import { useCallback, useRef } from 'react'
import { useStableCallback } from '@/components/annotate/hover'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { ApiError, call } from '@/lib/api/client'
import { reviewTagEndpoint } from '@/lib/api/endpoints'
import type { ReviewAction } from '@/lib/schemas/review'
import type { TagView } from '@/lib/schemas/tags'

export const UNDO_MS = 8000

/**
 * Where review toasts appear: at the bottom, so that they never cover the header's menus (the user
 * menu and the project tabs are at the top right).
 */
export const toastPosition = 'bottom-right' as const

export type UndoableAction = Exclude<ReviewAction, 'reopen'>

interface Offer {
  tagId: string
  /** The version the review produced: the undo is refused if the tag has moved on. */
  version: number
  quote: string
  expiresAt: number
}

interface Options {
  /** The tag as the server has it after the undo (pending again). */
  onUndone: (tag: TagView) => void
  /** The undo was refused; the tag as it now is, when the server said. */
  onRefused: (current: TagView | null, tagId: string) => void
  /** The key hint on the toast's button. */
  undoKey: string
}

/** The tag a 409 answer carries as its current state, if any. */
export function currentOf(error: unknown): TagView | null {
  return error instanceof ApiError && error.current && typeof error.current === 'object' ? (error.current as TagView) : null
}

export function useReviewUndo({ onUndone: onUndoneNow, onRefused: onRefusedNow, undoKey }: Options) {
  const t = useTranslations('review')
  // A toast's button outlives the render that made it: it calls back into the latest rows and filters.
  const onUndone = useStableCallback(onUndoneNow)
  const onRefused = useStableCallback(onRefusedNow)
  const errorMessage = useErrorMessage()
  const offers = useRef(new Map<string, Offer>())
  const undoing = useRef(false)

  const undo = useCallback(
    async (id: string): Promise<boolean> => {
      const offer = offers.current.get(id)
      if (!offer || undoing.current) return false
      offers.current.delete(id)
      notifications.hide(id)
      if (offer.expiresAt < Date.now()) return false
      undoing.current = true
      try {
        const tag = await call(reviewTagEndpoint, { params: { tagId: offer.tagId }, body: { action: 'reopen', version: offer.version, reason: t('undoReason') } })
        notifications.show({ message: t('undone', { quote: offer.quote.slice(0, 24) }), autoClose: 2500, position: toastPosition })
        onUndone(tag)
      } catch (error) {
        notifications.show({ color: 'red', message: t('undoRefused', { message: errorMessage(error) }), autoClose: UNDO_MS, position: toastPosition })
        onRefused(currentOf(error), offer.tagId)
      } finally {
        undoing.current = false
      }
      return true
    },
    [errorMessage, onRefused, onUndone, t],
  )

  /** Shows the toast of a review that succeeded; approve, reject and send back get an undo button. */
  const offer = useCallback(
    (tag: TagView, action: ReviewAction, word: string) => {
      const message = t('doneToast', { word, quote: `${tag.quote.slice(0, 24)}${tag.quote.length > 24 ? '…' : ''}` })
      const color = action === 'approve' ? 'green' : 'orange'
      if (action === 'reopen') return void notifications.show({ message, autoClose: 1500, color, position: toastPosition })
      const id = `review-undo-${tag.id}-${tag.version}`
      offers.current.set(id, { tagId: tag.id, version: tag.version, quote: tag.quote, expiresAt: Date.now() + UNDO_MS })
      notifications.show({
        id,
        color,
        autoClose: UNDO_MS,
        position: toastPosition,
        onClose: () => offers.current.delete(id),
        message: (
          <Group gap="sm" wrap="nowrap" justify="space-between" data-testid="review-toast">
            <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate>{message}</Text>
            <Button size="compact-xs" variant="light" color="gray" style={{ flexShrink: 0 }} onClick={() => void undo(id)} data-testid="review-undo">
              {t('undo')} <Kbd size="xs" ml={4}>{undoKey}</Kbd>
            </Button>
          </Group>
        ),
      })
    },
    [t, undo, undoKey],
  )

  /** Undoes the most recent review whose toast is still up; false when there is none. */
  const undoLast = useCallback((): Promise<boolean> | false => {
    const live = [...offers.current.entries()].filter(([, o]) => o.expiresAt >= Date.now())
    const last = live.at(-1)
    return last ? undo(last[0]) : false
  }, [undo])

  const hasUndo = useCallback(() => [...offers.current.values()].some((o) => o.expiresAt >= Date.now()), [])

  return { offer, undoLast, hasUndo }
}
