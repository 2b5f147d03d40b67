// The workbench's keys, as one table: the keyboard handler resolves a key press to a command here,
// and the shortcut help (press ?) draws its rows from the same table, so a key cannot work without
// being listed, or be listed without working.

export type WorkbenchCommand =
  | 'nextSentence'
  | 'previousSentence'
  | 'extendSentence'
  | 'shrinkSentence'
  | 'snapToSentences'
  | 'escape'
  | 'label'
  | 'repeatLabel'
  | 'endPlus'
  | 'endMinus'
  | 'startMinus'
  | 'startPlus'
  | 'relabel'
  | 'delete'
  | 'undo'
  | 'nextTag'
  | 'previousTag'
  | 'nextUntaggedSection'
  | 'help'
  | 'approve'
  | 'reject'
  | 'sendBack'
  | 'reopen'
  | 'history'
  | 'toggleLeftPanel'
  | 'toggleRightPanel'
  | 'acceptSuggestion'
  | 'acceptAllSuggestions'
  | 'nextSuggestion'
  | 'previousSuggestion'

export interface KeyBinding {
  /** `KeyboardEvent.key`, case-sensitive ('J' is Shift+j). */
  key: string
  command: WorkbenchCommand
  /** Held with Ctrl (Ctrl+Z); a binding without it never fires with Ctrl held. */
  ctrl?: boolean
}

export interface KeymapRow {
  /** Message key under `annotate.keys`. */
  help: string
  bindings: KeyBinding[]
  /** How the help shows the keys, when not simply the bindings' keys. */
  shown?: string[]
}

export interface KeymapGroup {
  /** Message key under `annotate.keys` for the group's title. */
  title: string
  /** Shown and active for reviewers (and managers) only. */
  reviewerOnly?: boolean
  rows: KeymapRow[]
}

const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9']

export const workbenchKeymap: readonly KeymapGroup[] = [
  {
    title: 'select',
    rows: [
      { help: 'jk', bindings: [{ key: 'j', command: 'nextSentence' }, { key: 'k', command: 'previousSentence' }] },
      { help: 'JK', bindings: [{ key: 'J', command: 'extendSentence' }, { key: 'K', command: 'shrinkSentence' }] },
      { help: 's', bindings: [{ key: 's', command: 'snapToSentences' }] },
      { help: 'esc', bindings: [{ key: 'Escape', command: 'escape' }] },
    ],
  },
  {
    title: 'tag',
    rows: [
      // A top label's key, then (if it has children) a child's key.
      { help: 'digits', bindings: digits.map((key) => ({ key, command: 'label' as const })), shown: ['1–9', '1–9'] },
      { help: 'enter', bindings: [{ key: 'Enter', command: 'repeatLabel' }] },
    ],
  },
  {
    title: 'edit',
    rows: [
      { help: 'brackets', bindings: [{ key: ']', command: 'endPlus' }, { key: '[', command: 'endMinus' }] },
      { help: 'braces', bindings: [{ key: '{', command: 'startMinus' }, { key: '}', command: 'startPlus' }] },
      { help: 'l', bindings: [{ key: 'l', command: 'relabel' }] },
      { help: 'x', bindings: [{ key: 'x', command: 'delete' }, { key: 'Delete', command: 'delete' }, { key: 'Backspace', command: 'delete' }], shown: ['x', 'Del'] },
      { help: 'u', bindings: [{ key: 'u', command: 'undo' }, { key: 'z', command: 'undo', ctrl: true }, { key: 'Z', command: 'undo', ctrl: true }], shown: ['u', 'Ctrl+Z'] },
    ],
  },
  {
    title: 'move',
    rows: [
      { help: 'np', bindings: [{ key: 'n', command: 'nextTag' }, { key: 'p', command: 'previousTag' }] },
      { help: 'g', bindings: [{ key: 'g', command: 'nextUntaggedSection' }] },
      { help: 'h', bindings: [{ key: 'h', command: 'history' }] },
      // The side columns are drawers in narrow windows (components/annotate/SideColumn.tsx).
      { help: 'panels', bindings: [{ key: ',', command: 'toggleLeftPanel' }, { key: '.', command: 'toggleRightPanel' }] },
      { help: 'help', bindings: [{ key: '?', command: 'help' }] },
    ],
  },
  {
    // Suggestions (issue 14). n rejects the focused suggestion: it is the next-tag key above, and means
    // "reject" while a suggestion is focused (components/annotate/suggestionCommands.ts), so it is
    // listed here without a binding of its own.
    title: 'suggest',
    rows: [
      { help: 'y', bindings: [{ key: 'y', command: 'acceptSuggestion' }] },
      { help: 'suggestN', bindings: [], shown: ['n'] },
      { help: 'Y', bindings: [{ key: 'Y', command: 'acceptAllSuggestions' }] },
      { help: 'm', bindings: [{ key: 'm', command: 'nextSuggestion' }, { key: 'M', command: 'previousSuggestion' }] },
      { help: 'suggestAdjust', bindings: [], shown: ['[ ] { }', '1–9'] },
    ],
  },
  {
    title: 'review',
    reviewerOnly: true,
    rows: [
      { help: 'a', bindings: [{ key: 'a', command: 'approve' }] },
      { help: 'r', bindings: [{ key: 'r', command: 'reject' }] },
      { help: 'b', bindings: [{ key: 'b', command: 'sendBack' }] },
      { help: 'o', bindings: [{ key: 'o', command: 'reopen' }] },
    ],
  },
]

/** The keys the help shows for a row. */
export function shownKeys(row: KeymapRow): string[] {
  if (row.shown) return row.shown
  return row.bindings.map((b) => (b.key === 'Escape' ? 'Esc' : b.key))
}

/** The subset of a key press the keymap reads. */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
}

const byKey = new Map<string, KeyBinding>()
for (const group of workbenchKeymap) {
  for (const row of group.rows) {
    for (const binding of row.bindings) {
      const id = `${binding.ctrl ? 'ctrl+' : ''}${binding.key}`
      if (byKey.has(id)) throw new Error(`The workbench keymap binds ${id} twice.`)
      byKey.set(id, binding)
    }
  }
}

/**
 * The command a key press means, or null when the workbench leaves the key alone (Cmd and Alt
 * combinations always belong to the browser).
 */
export function commandOf(press: KeyPress): WorkbenchCommand | null {
  if (press.metaKey || press.altKey) return null
  return byKey.get(`${press.ctrlKey ? 'ctrl+' : ''}${press.key}`)?.command ?? null
}

/** The first key bound to a command, for the hint on its button. */
export function keyOf(command: WorkbenchCommand): string {
  for (const group of workbenchKeymap) for (const row of group.rows) for (const b of row.bindings) if (b.command === command && !b.ctrl) return b.key
  throw new Error(`No key is bound to ${command}.`)
}
