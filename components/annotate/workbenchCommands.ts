'use client'

// What each command of the keymap (lib/annotate/keymap.ts) does in the workbench. The keys
// themselves, and their help, are in the keymap; this file only says what happens.
import { authorMay } from '@/lib/review/transitions'
import { snapToSentences, sentenceAt } from '@/lib/text/sentences'
import type { CommandHandlers } from './useWorkbenchKeys'
import type { Workbench } from './useWorkbench'

/** The suggestion commands are added by suggestionCommands.ts, which also gives n, the span keys and the label keys their meaning while a suggestion is focused. */
export type BaseCommandHandlers = Omit<CommandHandlers, 'acceptSuggestion' | 'acceptAllSuggestions' | 'nextSuggestion' | 'previousSuggestion'>

export function workbenchCommands(wb: Workbench): BaseCommandHandlers {
  const { state, dispatch, focused, sentences, labels, topIds, store, editor } = wb
  const { pending, prefixTopId, lastLabelId, cursor } = state
  const firstVisibleSentence = () => sentenceAt(sentences, editor.current?.firstVisibleOffset() ?? 0)

  // Next: the sentence after the selection (or focused tag, or the last tag made); previous: the
  // one before it. With nothing to go from, the first visible sentence.
  const sentenceStep = (forward: boolean) => {
    const span = pending ?? focused
    if (span) return wb.selectSentence(forward ? sentenceAt(sentences, span.end - 1) + 1 : sentenceAt(sentences, span.start) - 1)
    if (cursor !== null) return wb.selectSentence(forward ? sentenceAt(sentences, cursor) : sentenceAt(sentences, cursor) - 1)
    wb.selectSentence(firstVisibleSentence())
  }

  // J / K: the selection grows or shrinks by one sentence at its end.
  const resizeBySentence = (grow: boolean) => {
    if (!pending) return wb.selectSentence(firstVisibleSentence())
    const last = sentenceAt(sentences, pending.end - 1)
    if (grow && sentences[last + 1]) dispatch({ type: 'resize', span: { start: pending.start, end: sentences[last + 1].end } })
    if (!grow && last > sentenceAt(sentences, pending.start)) dispatch({ type: 'resize', span: { start: pending.start, end: sentences[last - 1].end } })
  }

  // n / p: the tag after / before the focused one in the list's order (by start, then end), going round.
  // With nothing focused, n takes the first tag from the selection or the top of the view on (one
  // that starts there counts, so a fresh document's first tag is not skipped) and p the last before it.
  const tagStep = (forward: boolean) => {
    const list = store.list
    if (!list.length) return
    let next
    if (focused) {
      const at = list.findIndex((tg) => tg.id === focused.id)
      next = list[(at + (forward ? 1 : list.length - 1)) % list.length]
    } else {
      const here = pending?.start ?? editor.current?.firstVisibleOffset() ?? 0
      next = forward ? (list.find((tg) => tg.end > here) ?? list[0]) : ([...list].reverse().find((tg) => tg.start < here) ?? list[list.length - 1])
    }
    dispatch({ type: 'focus', id: null, clearSelection: true })
    wb.focusTag(next.id)
  }

  return {
    nextSentence: () => sentenceStep(true),
    previousSentence: () => sentenceStep(false),
    extendSentence: () => resizeBySentence(true),
    shrinkSentence: () => resizeBySentence(false),
    snapToSentences: () => {
      if (pending) dispatch({ type: 'resize', span: snapToSentences(sentences, pending.start, pending.end) })
    },
    escape: () => {
      wb.setSide(null)
      dispatch({ type: 'escape' })
    },
    // A top label's key, then (if it has children) a child's key.
    // Without a selection (or a tag being relabelled) the first key already answers: no prefix
    // that would only end in the same refusal after the second key.
    label: (key) => {
      const scope = prefixTopId ? labels.get(prefixTopId)!.childIds : topIds
      const label = scope.map((id) => labels.get(id)!).find((l) => l.shortcut === key)
      if (!pending && !state.relabel) return wb.say(wb.t('why.noSelection'), label?.id)
      if (!label) return wb.say(prefixTopId ? wb.t('noLabelKeyUnder', { key, label: labels.get(prefixTopId)!.name }) : wb.t('noLabelKey', { key }))
      if (!prefixTopId && label.childIds.length > 0) dispatch({ type: 'prefix', topId: label.id })
      else wb.applyLabel(label.id)
    },
    repeatLabel: () => {
      if (prefixTopId) wb.applyLabel(prefixTopId)
      else if (lastLabelId) wb.applyLabel(lastLabelId)
    },
    endPlus: () => wb.adjustFocused(0, 1),
    endMinus: () => wb.adjustFocused(0, -1),
    startMinus: () => wb.adjustFocused(-1, 0),
    startPlus: () => wb.adjustFocused(1, 0),
    relabel: () => {
      if (!focused) return
      const why = wb.whyLocked(focused)
      if (why && !wb.fixable(focused)) return wb.refuse(why)
      dispatch({ type: 'startRelabel' })
    },
    delete: () => {
      if (!focused) return
      // An author may still delete their rejected tag (and tag the passage anew): lib/review/transitions.
      const why = wb.whyLocked(focused)
      if (why && !(focused.authorId === wb.props.me.id && authorMay(focused.status, 'delete'))) return wb.refuse(why)
      void store.remove(focused.id)
      dispatch({ type: 'removed' })
    },
    undo: () => void wb.undo(),
    nextTag: () => tagStep(true),
    previousTag: () => tagStep(false),
    nextUntaggedSection: () => wb.nextUntaggedSection(),
    help: () => dispatch({ type: 'open', dialog: 'help' }),
    approve: () => wb.startReview('approve'),
    reject: () => wb.startReview('reject'),
    sendBack: () => wb.startReview('send_back'),
    reopen: () => wb.startReview('reopen'),
    history: () => dispatch({ type: 'toggleHistory' }),
    toggleLeftPanel: () => wb.setSide((open) => (open === 'left' ? null : 'left')),
    toggleRightPanel: () => wb.setSide((open) => (open === 'right' ? null : 'right')),
  }
}
