'use client'

import { useEffect } from 'react'

/**
 * Marks `<html data-hydrated>` once the page's scripts run: placed after the page in the tree, its
 * effect runs after the page's own, so the page's key and click handlers are in place by then.
 * The browser tests wait for it before pressing keys on a page the server already rendered (a key
 * pressed before hydration reaches no handler); on a loaded machine that can take seconds.
 */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = ''
  }, [])
  return null
}
