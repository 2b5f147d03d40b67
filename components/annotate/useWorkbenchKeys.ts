'use client'

// The workbench's one keydown listener: a key press becomes a command through the keymap
// (lib/annotate/keymap.ts, which the shortcut help reads as well), and the command runs its handler.
import { useEffect } from 'react'
import { commandOf, type WorkbenchCommand } from '@/lib/annotate/keymap'
import { useStableCallback } from './hover'

/** A handler per command; it gets the key pressed (the digit of a label key, 'j' or 'k', …). */
export type CommandHandlers = Record<WorkbenchCommand, (key: string) => void>

/**
 * Keys are the workbench's unless the user types into a field or a dialog is open (`paused`). A
 * plain character key bound to nothing goes to `onUnbound`, so that it is answered instead of
 * silently doing nothing (space, modifiers and named keys such as Tab stay the browser's).
 */
export function useWorkbenchKeys(paused: boolean, handlers: CommandHandlers, onUnbound?: (key: string) => void): void {
  // The listener stays attached across renders and always runs the latest handlers.
  const run = useStableCallback((command: WorkbenchCommand | null, key: string) => (command ? handlers[command](key) : onUnbound?.(key)))
  useEffect(() => {
    if (paused) return
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return
      const command = commandOf(e)
      if (!command) {
        if (e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey) run(null, e.key)
        return
      }
      e.preventDefault()
      run(command, e.key)
    }
    // In the capture phase: a tooltip or popover open under the pointer stops Escape's propagation,
    // and Escape must still close the workbench's own drawers and selection.
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [paused, run])
}
