'use client'

// The workbench's state and the actions that both the mouse and the keyboard use: tag a selection,
// change or correct a tag, review it, move through sentences. The selection, focus and fix state is
// one pure reducer (lib/annotate/workbench-state.ts); the tags themselves are the tag store's.
import { notifications } from '@mantine/notifications'
import { useTranslations } from 'next-intl'
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from 'react'
import { EditorPositions } from '@/lib/annotate/editor-positions'
import { leadingSpace, trimSpan } from '@/lib/annotate/selection'
import { spanProblem } from '@/lib/annotate/span-rules'
import { fixBase, fixChanges, initialWorkbenchState, nudgeSpan, workbenchReducer } from '@/lib/annotate/workbench-state'
import { disagreements, type Disagreement } from '@/lib/review/disagreements'
import { authorMay, canApply, isReasoned } from '@/lib/review/transitions'
import type { ReviewAction } from '@/lib/schemas/review'
import type { TagView } from '@/lib/schemas/tags'
import { sentenceAt, splitSentences } from '@/lib/text/sentences'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { reviewTagEndpoint } from '@/lib/api/endpoints'
import { currentOf, toastPosition, useReviewUndo } from '@/components/review/useReviewUndo'
import { keyOf } from '@/lib/annotate/keymap'
import { tagApi } from './api'
import type { WorkbenchProps } from './AnnotationWorkbench'
import { useStableCallback } from './hover'
import { indexLabels, type LabelInfo } from './labels'
import type { ReportEditorHandle } from './ReportEditor'
import { drawingOf, useTagStore } from './useTagStore'

declare global {
  interface Window {
    /** Timings read by `npm run bench:annotate`. */
    __tagbench?: { dataAt: number; paintedAt?: number; lastTagPaintMs?: number; tagCount: number }
  }
}

export type Workbench = ReturnType<typeof useWorkbench>

export function useWorkbench(props: WorkbenchProps) {
  const t = useTranslations('annotate')
  const tr = useTranslations('review')
  const [dataAt] = useState(() => (typeof performance !== 'undefined' ? performance.now() : 0))
  const positions = useMemo(() => new EditorPositions(props.document.text), [props.document.text])
  const sentences = useMemo(() => splitSentences(props.document.text), [props.document.text])
  const labels = useMemo(() => indexLabels(props.labels), [props.labels])
  const topIds = useMemo(() => props.labels.map((l) => l.id), [props.labels])
  const sections = useMemo(() => props.outline.filter((e) => e.level <= 2), [props.outline])

  const errorMessage = useErrorMessage()
  const notifyError = useCallback((message: string) => notifications.show({ color: 'red', message: t('failed', { message }) }), [t])
  const initialTags = useMemo(
    () =>
      props.tags.map(
        (tg): TagView => ({
          ...tg,
          documentId: props.document.id,
          labelPath: labels.get(tg.labelId)?.path ?? [],
          quote: positions.slice(tg.start, tg.end),
          prefix: '',
          suffix: '',
          authorName: props.authors[tg.authorId] ?? '',
          deleted: false,
          createdAt: '',
          updatedAt: '',
        }),
      ),
    [labels, positions, props.authors, props.document.id, props.tags],
  )
  const ta = useTranslations('apiErrors')
  const { archived, maxSpanLength } = props
  // The server's span rules and read-only archive, checked before anything is sent.
  const refuseWrite = useCallback(
    (quote: string) => {
      if (archived) return ta('document.archivedReadOnly')
      const problem = spanProblem(quote, maxSpanLength)
      return problem ? ta(problem.key, problem.values) : null
    },
    [archived, maxSpanLength, ta],
  )
  const store = useTagStore({ documentId: props.document.id, me: props.me.id, initial: initialTags, positions, labels, onError: notifyError, refuseWrite })
  const editor = useRef<ReportEditorHandle | null>(null)

  const [state, dispatch] = useReducer(workbenchReducer, initialWorkbenchState)
  const { pending, fix, prefixTopId, lastLabelId, relabel } = state
  const [hoverLabelId, setHoverLabelId] = useState<string | null>(null)
  const [assignment, setAssignment] = useState(props.assignmentState)
  const canReview = props.role !== 'annotator'

  const focused = state.focusedId ? (store.byId.get(state.focusedId) ?? null) : null
  const activeLabel: LabelInfo | null =
    labels.get(hoverLabelId ?? '') ?? labels.get(prefixTopId ?? '') ?? (focused ? labels.get(focused.labelId) : undefined) ?? labels.get(lastLabelId ?? '') ?? null

  // The sidebar and the counts follow at low priority: the frame that shows a new tag does not wait for them.
  const deferredList = useDeferredValue(store.list)
  const counts = useMemo(() => {
    const c = new Map<string, number>()
    for (const tag of deferredList) {
      c.set(tag.labelId, (c.get(tag.labelId) ?? 0) + 1)
      const top = labels.get(tag.labelId)?.topId
      if (top && top !== tag.labelId) c.set(top, (c.get(top) ?? 0) + 1)
    }
    return c
  }, [deferredList, labels])

  /** Why the user may not change this tag themselves, or null when they may (lib/review/transitions). */
  const whyLocked = useCallback(
    (tag: TagView): string | null => {
      if (tag.authorId !== props.me.id) return t('why.notYours', { author: tag.authorName })
      if (!authorMay(tag.status, 'edit')) return tag.status === 'approved' ? t('why.approved') : t('why.rejected')
      return null
    },
    [props.me.id, t],
  )
  const refuse = useCallback((message: string) => notifications.show({ color: 'orange', message, autoClose: 3500 }), [])
  /** A reviewer may correct another annotator's pending tag as part of approving it. */
  const fixable = useCallback((tag: TagView) => canReview && tag.authorId !== props.me.id && canApply(tag.status, 'approve'), [canReview, props.me.id])
  const flags = useMemo(
    () => (props.blind ? new Map<string, Disagreement>() : disagreements(deferredList, (id) => labels.get(id)?.topId)),
    [props.blind, deferredList, labels],
  )

  // Draw the pending selection (or a reviewer's draft correction) whenever it changes.
  const { drawPending } = store
  useEffect(() => {
    drawPending(fix ?? pending)
  }, [drawPending, fix, pending])

  const focusTag = useCallback(
    (id: string | null, scroll = true) => {
      dispatch({ type: 'focus', id })
      const tag = id ? store.byId.get(id) : null
      if (tag && scroll) editor.current?.scrollToOffset(tag.start)
    },
    [store],
  )

  const setAssignmentState = useCallback(
    async (next: 'in_progress' | 'done') => {
      try {
        await tagApi.setAssignment(props.document.id, next)
        setAssignment(next)
      } catch (error) {
        notifyError(errorMessage(error))
      }
    },
    [errorMessage, notifyError, props.document.id],
  )

  const applyLabel = useCallback(
    (labelId: string) => {
      if (relabel && focused) {
        if (fixable(focused)) return dispatch({ type: 'draftFix', tag: focused, labelId })
        dispatch({ type: 'labelChosen' })
        const why = whyLocked(focused)
        if (why) return refuse(why)
        if (focused.labelId !== labelId) void store.update(focused.id, { labelId })
        dispatch({ type: 'relabelled', labelId })
        return
      }
      if (!pending) {
        dispatch({ type: 'labelChosen' })
        return refuse(t('why.noSelection'))
      }
      const span = pending
      dispatch({ type: 'tagged', labelId, span })
      editor.current?.clearSelection()
      const pressed = performance.now()
      void store.create(labelId, span.start, span.end).then((id) => {
        // No toast per tag: the tag itself appears at once, and a keyboard session makes hundreds.
        if (id && (assignment === null || assignment === 'todo')) void setAssignmentState('in_progress')
      })
      // Time from the keystroke to the frame that shows the new tag (read by the benchmark).
      requestAnimationFrame(() => {
        if (window.__tagbench) window.__tagbench.lastTagPaintMs = performance.now() - pressed
      })
    },
    [assignment, fixable, focused, pending, refuse, relabel, setAssignmentState, store, t, whyLocked],
  )

  const selectSentence = useCallback(
    (index: number) => {
      const s = sentences[Math.max(0, Math.min(index, sentences.length - 1))]
      if (!s) return
      dispatch({ type: 'select', span: { start: s.start, end: s.end }, cursor: s.end })
      editor.current?.scrollToOffset(s.start)
    },
    [sentences],
  )

  const adjustFocused = useCallback(
    (dStart: number, dEnd: number) => {
      if (!focused) return
      if (fixable(focused)) return dispatch({ type: 'draftFix', tag: focused, span: nudgeSpan(fixBase(fix, focused), dStart, dEnd, positions.length) })
      const why = whyLocked(focused)
      if (why) return refuse(why)
      const { start, end } = nudgeSpan(focused, dStart, dEnd, positions.length)
      if (start !== focused.start || end !== focused.end) void store.update(focused.id, { start, end })
    },
    [fix, fixable, focused, positions.length, refuse, store, whyLocked],
  )

  // A review action is bound to the tag and the version it was shown for (the reason dialog keeps
  // them while it is open), and runs once: a second press while one is in flight is ignored.
  const reviewing = useRef(false)
  const reviewTarget = useRef<{ id: string; version: number } | null>(null)
  // The review the toast can undo, and how deep the edit undo stack was then (u / Ctrl+Z undo
  // whichever came last).
  const lastReview = useRef<{ depth: number } | null>(null)
  const undoer = useReviewUndo({
    undoKey: keyOf('undo'),
    onUndone: (tag) => store.accept(tag),
    onRefused: (current) => {
      if (current) store.accept(current)
    },
  })

  const review = useCallback(
    async (action: ReviewAction, reason: { reasonCode?: string; reason?: string } = {}, target: { id: string; version: number } | null = focused) => {
      const tag = target ? store.byId.get(target.id) : null
      if (!target || !tag || reviewing.current) return
      reviewing.current = true
      const draft = action === 'approve' && fixChanges(fix, tag) ? fix : null
      const fixBody = draft ? { fix: { start: draft.start, end: draft.end, labelId: draft.labelId, quote: positions.slice(draft.start, draft.end) } } : {}
      const result = await call(reviewTagEndpoint, { params: { tagId: target.id }, body: { action, version: target.version, ...reason, ...fixBody } }).catch((error: unknown) => error as Error)
      reviewing.current = false
      dispatch({ type: 'reviewed' })
      if (!(result instanceof Error)) {
        store.accept(result)
        const word = draft ? tr('fixed') : { approve: tr('approved'), reject: tr('rejected'), send_back: tr('sentBack'), reopen: tr('reopened') }[action]
        undoer.offer(result, action, word)
        lastReview.current = action === 'reopen' ? null : { depth: store.undoDepth() }
      } else {
        // A stale-version 409 carries the tag as it is now.
        const current = currentOf(result)
        if (current) store.accept(current)
        notifications.show({ color: 'red', message: tr('conflict', { message: errorMessage(result) }), autoClose: 6000, position: toastPosition })
      }
    },
    [errorMessage, fix, focused, positions, store, tr, undoer],
  )

  /** A review action on the focused tag, if the tag's status allows it: approve at once, the others after their reason. */
  const startReview = useCallback(
    (action: ReviewAction) => {
      if (!canReview || !focused || !canApply(focused.status, action) || reviewing.current) return
      if (isReasoned(action)) {
        reviewTarget.current = { id: focused.id, version: focused.version }
        dispatch({ type: 'open', dialog: action })
      } else void review(action, {}, { id: focused.id, version: focused.version })
    },
    [canReview, focused, review],
  )

  /** The reason dialog confirmed: the action goes to the tag it was opened for. */
  const confirmReview = useCallback(
    (action: ReviewAction, reason: { reasonCode?: string; reason?: string }) => {
      const target = reviewTarget.current
      reviewTarget.current = null
      if (target) void review(action, reason, target)
    },
    [review],
  )

  const nextUntaggedSection = useCallback(() => {
    const from = pending?.end ?? focused?.end ?? editor.current?.firstVisibleOffset() ?? 0
    const ends = sections.map((s, i) => sections[i + 1]?.start ?? positions.length)
    const tagged = (a: number, b: number) => store.list.some((tg) => tg.start < b && tg.end > a)
    const index = sections.findIndex((s, i) => s.start >= from && !tagged(s.start, ends[i]))
    if (index < 0) return
    selectSentence(sentenceAt(sentences, sections[index].start))
  }, [focused, pending, positions.length, sections, selectSentence, sentences, store.list])

  const undo = useCallback(async () => {
    // The last review, while its toast is up and no edit came after it; otherwise the last edit.
    if (lastReview.current?.depth === store.undoDepth() && undoer.hasUndo()) {
      lastReview.current = null
      if (await undoer.undoLast()) return
    }
    if (await store.undo()) notifications.show({ message: t('undone'), autoClose: 1000 })
  }, [store, t, undoer])

  const startDrag = useStableCallback((edge: 'start' | 'end', down: React.MouseEvent) => {
    down.preventDefault()
    if (!focused) return
    const tag = focused
    const spanAt = (e: MouseEvent) => {
      const at = editor.current?.offsetAtPoint(e.clientX, e.clientY)
      if (at === null || at === undefined) return null
      return edge === 'start' ? { start: Math.min(at, tag.end - 1), end: tag.end } : { start: tag.start, end: Math.max(at, tag.start + 1) }
    }
    const move = (e: MouseEvent) => {
      const span = spanAt(e)
      if (span) dispatch({ type: 'resize', span })
    }
    const up = (e: MouseEvent) => {
      window.removeEventListener('mousemove', move)
      window.removeEventListener('mouseup', up)
      const span = spanAt(e)
      dispatch({ type: 'resize', span: null })
      if (!span) return
      if (fixable(tag)) dispatch({ type: 'draftFix', tag, span })
      else void store.update(tag.id, span)
    }
    window.addEventListener('mousemove', move)
    window.addEventListener('mouseup', up)
  })

  // Headings (the outline's top two levels) drawn bold, their paragraph set apart.
  const headings = useMemo(
    () =>
      sections.map((s) => {
        const clause = sentences[sentenceAt(sentences, s.start)]
        const from = positions.codePointToPos(s.start)
        const atLineStart = s.start === 0 || /\n\s*$/.test(positions.slice(Math.max(0, s.start - 8), s.start))
        return { from, to: positions.codePointToPos(clause?.end ?? s.start + 1), level: s.level, paragraph: atLineStart ? from - 1 - leadingSpace(positions, s.start) : null }
      }),
    [positions, sections, sentences],
  )
  // The report as first drawn: rendered on the server, then by the editor once it has started.
  const firstDrawing = useMemo(() => drawingOf(initialTags, positions, labels, props.me.id, headings).drawing, [headings, initialTags, labels, positions, props.me.id])

  const onEditorReady = useCallback(
    (handle: ReportEditorHandle) => {
      editor.current = handle
      store.attach(handle, headings)
    },
    [headings, store],
  )

  const onEditorShown = useCallback(() => {
    requestAnimationFrame(() => {
      window.__tagbench = { dataAt, paintedAt: performance.now(), tagCount: props.tags.length }
      const initial = props.initialTagId ? props.tags.find((tg) => tg.id === props.initialTagId) : undefined
      if (initial) {
        dispatch({ type: 'focus', id: initial.id })
        editor.current?.scrollToOffset(initial.start)
      }
    })
  }, [dataAt, props.initialTagId, props.tags])

  const onSelect = useCallback(() => {
    const span = editor.current?.selection()
    if (!span) return
    const trimmed = trimSpan(positions, span)
    if (trimmed) dispatch({ type: 'select', span: trimmed })
  }, [positions])

  const handleSpan = useMemo(
    () => (focused && (!whyLocked(focused) || fixable(focused)) ? (fix?.tagId === focused.id ? { start: fix.start, end: fix.end } : { start: focused.start, end: focused.end }) : null),
    [fix, fixable, focused, whyLocked],
  )

  return {
    t, tr, props, positions, sentences, labels, topIds, store, editor, state, dispatch, setHoverLabelId, assignment, canReview, focused, activeLabel,
    deferredList, counts, flags, whyLocked, refuse, fixable, focusTag, setAssignmentState, applyLabel, selectSentence, adjustFocused, review, startReview, confirmReview,
    nextUntaggedSection, undo, startDrag, firstDrawing, onEditorReady, onEditorShown, onSelect, handleSpan,
  }
}
