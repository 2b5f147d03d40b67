'use client'

// The suggestion keys (lib/annotate/keymap.ts, group "suggest"): y accepts the focused suggestion (with its draft, or the
// selection, as the span), n rejects it, Y accepts every shown one in the current section, m / M move between them. While a
// suggestion is focused, the span keys ([ ] { }) and the label keys adjust it before accepting, and Esc leaves it; with
// none focused every key does what it always does.
import type { CommandHandlers } from './useWorkbenchKeys'
import type { Suggestions } from './useSuggestions'
import type { Workbench } from './useWorkbench'
import type { BaseCommandHandlers } from './workbenchCommands'

export function suggestionCommands(base: BaseCommandHandlers, wb: Workbench, sg: Suggestions): CommandHandlers {
  const { state, dispatch, labels, topIds } = wb
  const step = (forward: boolean) => {
    if (!sg.items.length) return wb.say(wb.t('suggest.none'))
    if (sg.focusedId) return sg.focus(sg.after(sg.focusedId, forward) ?? sg.focusedId)
    const here = state.pending?.start ?? wb.focused?.start ?? wb.editor.current?.firstVisibleOffset() ?? 0
    const next = forward ? (sg.items.find((s) => s.end > here) ?? sg.items[0]) : ([...sg.items].reverse().find((s) => s.start < here) ?? sg.items[sg.items.length - 1])
    sg.focus(next.id)
  }
  const when = <K extends keyof BaseCommandHandlers>(command: K, onSuggestion: (key: string) => void) => (key: string) => (sg.focused ? onSuggestion(key) : base[command](key))
  return {
    ...base,
    acceptSuggestion: () => (sg.focused ? void sg.accept() : wb.say(wb.t('suggest.noneFocused'))),
    acceptAllSuggestions: () => void sg.acceptAllInSection(),
    nextSuggestion: () => step(true),
    previousSuggestion: () => step(false),
    nextTag: when('nextTag', () => void sg.reject()),
    endPlus: when('endPlus', () => sg.nudge(0, 1)),
    endMinus: when('endMinus', () => sg.nudge(0, -1)),
    startMinus: when('startMinus', () => sg.nudge(-1, 0)),
    startPlus: when('startPlus', () => sg.nudge(1, 0)),
    escape: (key) => {
      if (sg.focused && !state.pending && !state.prefixTopId) return sg.focus(null, false)
      base.escape(key)
    },
    // A label key picks the draft's label (top label, then a sub-label, as for tagging), unless a selection is being tagged.
    label: (key) => {
      if (!sg.focused || state.pending) return base.label(key)
      const scope = state.prefixTopId ? labels.get(state.prefixTopId)!.childIds : topIds
      const label = scope.map((id) => labels.get(id)!).find((l) => l.shortcut === key)
      if (!label) return wb.say(wb.t('noLabelKey', { key }))
      if (!state.prefixTopId && label.childIds.length > 0) return dispatch({ type: 'prefix', topId: label.id })
      dispatch({ type: 'labelChosen' })
      sg.relabel(label.id)
    },
    repeatLabel: (key) => {
      if (sg.focused && !state.pending && state.prefixTopId) {
        sg.relabel(state.prefixTopId)
        return dispatch({ type: 'labelChosen' })
      }
      base.repeatLabel(key)
    },
  }
}
