'use client'

// The workbench's one keydown listener: a key press becomes a command through the keymap
// (lib/annotate/keymap.ts, which the shortcut help reads as well), and the command runs its handler.
import { useEffect } from 'react'
import { commandOf, type WorkbenchCommand } from '@/lib/annotate/keymap'
import { useStableCallback } from './hover'

/** A handler per command; it gets the key pressed (the digit of a label key, 'j' or 'k', …). */
export type CommandHandlers = Record<WorkbenchCommand, (key: string) => void>

/** Keys are the workbench's unless the user types into a field or a dialog is open (`paused`). */
export function useWorkbenchKeys(paused: boolean, handlers: CommandHandlers): void {
  // The listener stays attached across renders and always runs the latest handlers.
  const run = useStableCallback((command: WorkbenchCommand, key: string) => handlers[command](key))
  useEffect(() => {
    if (paused) return
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return
      const command = commandOf(e)
      if (!command) return
      e.preventDefault()
      run(command, e.key)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [paused, run])
}
