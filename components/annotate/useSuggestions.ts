'use client'

// The workbench's suggestions (issue 14): fetched once the editor has started (the report and its tags paint first),
// drawn as their own decorations (a dashed outline in the label's colour, label · source · score on hover), one focused
// at a time. Accepting turns one into the annotator's pending tag (the tag store takes the server's tag); adjusting the
// span ([ ] { } or a selection) or the label (its keys) first is a draft that `y` sends; rejecting records a negative
// example. A suggestion someone else decided meanwhile leaves the list with the server's sentence.
import { notifications } from '@mantine/notifications'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { call } from '@/lib/api/client'
import { listTagsEndpoint } from '@/lib/api/endpoints'
import { acceptAllSuggestionsEndpoint, acceptSuggestionEndpoint, computeSuggestionsEndpoint, listSuggestionsEndpoint, rejectSuggestionEndpoint } from '@/lib/api/suggestion-endpoints'
import type { DrawnSuggestion } from '@/lib/annotate/drawing'
import { nudgeSpan } from '@/lib/annotate/workbench-state'
import type { SuggestionView } from '@/lib/schemas/suggestions'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import type { Workbench } from './useWorkbench'

export interface SuggestionDraft {
  start: number
  end: number
  labelId: string
}

export type Suggestions = ReturnType<typeof useSuggestions>

const sourceWord: Record<SuggestionView['source'], string> = { rule: 'rule', model: 'model', propagation: 'propagation' }

export function useSuggestions(wb: Workbench, ready: boolean) {
  const { props, positions, labels, editor, store, t } = wb
  const documentId = props.document.id
  const errorMessage = useErrorMessage()
  const [items, setItems] = useState<SuggestionView[]>([])
  const [thresholds, setThresholds] = useState<Record<string, number>>({})
  const [loaded, setLoaded] = useState(false)
  const [chosenId, setFocusedId] = useState<string | null>(null)
  const [draft, setDraft] = useState<SuggestionDraft | null>(null)
  const busy = useRef(false)

  const load = useCallback(async () => {
    try {
      const answer = await call(listSuggestionsEndpoint, { params: { documentId } })
      setItems(answer.items)
      setThresholds(answer.thresholds)
    } catch (error) {
      notifications.show({ color: 'red', message: t('failed', { message: errorMessage(error) }) })
    } finally {
      setLoaded(true)
    }
  }, [documentId, errorMessage, t])

  useEffect(() => {
    // Fetched from the API once the report is on screen; the effect only reacts to that moment.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (ready) void load()
  }, [load, ready])

  // Drawn as one set whenever it changes (a few thousand decorations build in a few milliseconds).
  useEffect(() => {
    if (!ready) return
    const drawn: DrawnSuggestion[] = items.map((s) => ({
      id: s.id,
      from: positions.codePointToPos(s.start),
      to: positions.codePointToPos(s.end),
      color: labels.get(s.labelId)?.color ?? '#64748b',
      title: `${s.label_path} · ${sourceWord[s.source]} · ${s.score.toFixed(2)}`,
    }))
    editor.current?.draw([{ type: 'suggestions', items: drawn }])
  }, [editor, items, labels, positions, ready])

  const byId = useMemo(() => new Map(items.map((s) => [s.id, s])), [items])
  // A suggestion and a tag are never focused at once: focusing a tag (click, n / p) sets the suggestion aside.
  const focusedId = wb.state.focusedId ? null : chosenId
  const focused = focusedId ? (byId.get(focusedId) ?? null) : null

  const focus = useCallback(
    (id: string | null, scroll = true) => {
      setFocusedId(id)
      setDraft(null)
      const s = id ? byId.get(id) : null
      if (s) {
        wb.dispatch({ type: 'focus', id: null, clearSelection: true })
        if (scroll) editor.current?.scrollToOffset(s.start)
      }
    },
    [byId, editor, wb],
  )

  const drop = useCallback((ids: string[]) => {
    const gone = new Set(ids)
    setItems((list) => list.filter((s) => !gone.has(s.id)))
  }, [])

  /** The next suggestion after this one in reading order (focus moves on after a decision). */
  const after = useCallback(
    (id: string, forward = true) => {
      const at = items.findIndex((s) => s.id === id)
      if (at < 0 || items.length < 2) return null
      return items[(at + (forward ? 1 : items.length - 1)) % items.length].id
    },
    [items],
  )

  const refused = useCallback(
    (id: string, error: unknown) => {
      // Already decided by someone else (409) or gone: it leaves the list either way.
      drop([id])
      notifications.show({ color: 'orange', message: errorMessage(error), autoClose: 5000 })
    },
    [drop, errorMessage],
  )

  const accept = useCallback(async () => {
    const s = focused
    if (!s || busy.current) return
    const span = wb.state.pending ?? draft ?? null
    const labelId = draft?.labelId ?? s.labelId
    const adjusted = span && (span.start !== s.start || span.end !== s.end) ? { start: span.start, end: span.end, quote: positions.slice(span.start, span.end) } : {}
    const body = { ...adjusted, ...(labelId !== s.labelId ? { labelId } : {}) }
    if (wb.props.archived) return wb.refuse(t('suggest.archived'))
    busy.current = true
    const next = after(s.id)
    try {
      const answer = await call(acceptSuggestionEndpoint, { params: { documentId, suggestionId: s.id }, body })
      if (answer.tag) store.accept(answer.tag)
      drop([s.id])
      setDraft(null)
      wb.dispatch({ type: 'escape' })
      setFocusedId(next && next !== s.id ? next : null)
      if (next) {
        const n = byId.get(next)
        if (n) editor.current?.scrollToOffset(n.start)
      }
    } catch (error) {
      refused(s.id, error)
    } finally {
      busy.current = false
    }
  }, [after, byId, documentId, draft, drop, editor, focused, positions, refused, store, t, wb])

  const reject = useCallback(async () => {
    const s = focused
    if (!s || busy.current) return
    busy.current = true
    const next = after(s.id)
    try {
      await call(rejectSuggestionEndpoint, { params: { documentId, suggestionId: s.id }, body: {} })
      drop([s.id])
      setDraft(null)
      setFocusedId(next && next !== s.id ? next : null)
    } catch (error) {
      refused(s.id, error)
    } finally {
      busy.current = false
    }
  }, [after, documentId, drop, focused, refused])

  /** The section (outline level ≤ 2) around an offset: [start, end). */
  const sectionAround = useCallback(
    (offset: number) => {
      const sections = props.outline.filter((e) => e.level <= 2)
      let start = 0
      let end = positions.length
      for (const [i, s] of sections.entries()) {
        if (s.start <= offset) {
          start = s.start
          end = sections[i + 1]?.start ?? positions.length
        }
      }
      return { start, end }
    },
    [positions.length, props.outline],
  )

  /** Every shown suggestion in the current section scoring at least its source's threshold (the project's). */
  const acceptAllInSection = useCallback(async () => {
    if (busy.current) return
    const at = focused?.start ?? wb.state.pending?.start ?? wb.focused?.start ?? editor.current?.firstVisibleOffset() ?? 0
    const section = sectionAround(at)
    const minScore = Math.min(...Object.values(thresholds), 1)
    if (!items.some((s) => s.start >= section.start && s.end <= section.end)) return wb.say(t('suggest.noneInSection'))
    busy.current = true
    try {
      const answer = await call(acceptAllSuggestionsEndpoint, { params: { documentId }, body: { ...section, minScore } })
      notifications.show({ message: t('suggest.acceptedAll', { count: answer.accepted }), autoClose: 2500 })
      setFocusedId(null)
      // The new tags come with the server's answer only as ids: the list and the tags are read again.
      await load()
      const tags = await call(listTagsEndpoint, { params: { documentId } })
      for (const tag of tags.items) if (answer.tagIds.includes(tag.id)) store.accept(tag)
    } catch (error) {
      notifications.show({ color: 'red', message: t('failed', { message: errorMessage(error) }) })
    } finally {
      busy.current = false
    }
  }, [documentId, editor, errorMessage, focused, items, load, sectionAround, store, t, thresholds, wb])

  const computeNow = useCallback(async () => {
    try {
      await call(computeSuggestionsEndpoint, { params: { documentId } })
      await load()
    } catch (error) {
      notifications.show({ color: 'red', message: t('failed', { message: errorMessage(error) }) })
    }
  }, [documentId, errorMessage, load, t])

  /** Adjusting before accepting: the focused suggestion's span by one character at an end, or its label. */
  const nudge = useCallback(
    (dStart: number, dEnd: number) => {
      if (!focused) return
      setDraft((d) => {
        const base = d ?? { start: focused.start, end: focused.end, labelId: focused.labelId }
        return { ...base, ...nudgeSpan(base, dStart, dEnd, positions.length) }
      })
    },
    [focused, positions.length],
  )
  const relabel = useCallback(
    (labelId: string) => {
      if (!focused) return
      setDraft((d) => ({ ...(d ?? { start: focused.start, end: focused.end }), labelId }))
    },
    [focused],
  )

  // The draft is drawn as the pending span (the same look as a selection about to be tagged).
  const { drawPending } = store
  const { fix, pending } = wb.state
  useEffect(() => {
    drawPending(draft ?? fix ?? pending)
  }, [draft, drawPending, fix, pending])

  return { items, loaded, thresholds, focused, focusedId, draft, focus, after, accept, reject, acceptAllInSection, computeNow, nudge, relabel, load }
}
