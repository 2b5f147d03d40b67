'use client'

// Hover over tags changes on every mouse move while scrolling; keeping it out of React state of
// the workbench means only the small card re-renders, not the whole page.
import { useCallback, useLayoutEffect, useRef } from 'react'

export interface Hover {
  ids: string[]
  rect: DOMRect
}

export class HoverBus {
  private listeners = new Set<(hover: Hover | null) => void>()
  emit(hover: Hover | null) {
    for (const listener of this.listeners) listener(hover)
  }
  subscribe(listener: (hover: Hover | null) => void) {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}

/** A callback whose identity never changes but which always runs the latest closure. */
export function useStableCallback<A extends unknown[], R>(callback: (...args: A) => R): (...args: A) => R {
  const latest = useRef(callback)
  useLayoutEffect(() => {
    latest.current = callback
  })
  return useCallback((...args: A) => latest.current(...args), [])
}
