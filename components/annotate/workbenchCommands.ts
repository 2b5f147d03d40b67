'use client'

// What each command of the keymap (lib/annotate/keymap.ts) does in the workbench. The keys
// themselves, and their help, are in the keymap; this file only says what happens.
import { authorMay } from '@/lib/review/transitions'
import { snapToSentences, sentenceAt } from '@/lib/text/sentences'
import type { CommandHandlers } from './useWorkbenchKeys'
import type { Workbench } from './useWorkbench'

export function workbenchCommands(wb: Workbench): CommandHandlers {
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

  const tagStep = (forward: boolean) => {
    const list = store.list
    if (!list.length) return
    const here = focused?.start ?? pending?.start ?? editor.current?.firstVisibleOffset() ?? 0
    const next = forward
      ? (list.find((tg) => tg.start > here || (focused && tg.start === here && tg.id > focused.id)) ?? list[0])
      : ([...list].reverse().find((tg) => tg.start < here) ?? list[list.length - 1])
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
    escape: () => dispatch({ type: 'escape' }),
    // A top label's key, then (if it has children) a child's key.
    label: (key) => {
      const scope = prefixTopId ? labels.get(prefixTopId)!.childIds : topIds
      const label = scope.map((id) => labels.get(id)!).find((l) => l.shortcut === key)
      if (!label) return
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
  }
}
