'use client'

// The annotation workbench: the report (Tiptap, read-only, tags drawn over it), the label palette
// and outline on the left, the guideline and the document's tags on the right, and a keyboard
// layer that makes every action reachable without the mouse (press ? for the list).
import { ActionIcon, Badge, Box, Button, Group, Kbd, Paper, ScrollAreaAutosize, Stack, Tabs, TabsList, TabsPanel, TabsTab, Text, Title, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowBackUp, IconCheck, IconKeyboard } from '@tabler/icons-react'
import { useTranslations } from 'next-intl'
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { EditorPositions } from '@/lib/annotate/editor-positions'
import { spanProblem, trimSpan } from '@/lib/annotate/span-rules'
import type { LabelNode } from '@/lib/schemas/projects'
import type { TagView } from '@/lib/schemas/tags'
import type { OutlineEntry } from '@/lib/text/outline'
import { sentenceAt, snapToSentences, splitSentences } from '@/lib/text/sentences'
import { tagApi } from './api'
import { GuidelineCard } from './GuidelineCard'
import { LabelPalette } from './LabelPalette'
import { indexLabels, type LabelInfo } from './labels'
import { ReportEditor, type ReportEditorHandle } from './ReportEditor'
import { ShortcutHelp } from './ShortcutHelp'
import { statusColor, TagList } from './TagList'
import { drawingOf, useTagStore } from './useTagStore'
import { HoverBus, useStableCallback } from './hover'
import { OutlineList } from './OutlineList'
import { SpanHandles } from './SpanHandles'
import { TagCard } from './TagCard'
import { ReasonDialog } from '@/components/review/ReasonDialog'
import { postReview } from '@/components/review/reviewApi'
import { TagHistory, type Reason } from '@/components/review/TagHistory'
import type { ReviewAction } from '@/lib/schemas/review'

/** What the page sends per tag: the client derives the quote from the text and the path from the labels. */
export type SlimTag = Pick<TagView, 'id' | 'labelId' | 'start' | 'end' | 'authorId' | 'status' | 'version' | 'source' | 'reviewerId'>

export interface WorkbenchProps {
  document: { id: string; title: string; text: string }
  labels: LabelNode[]
  tags: SlimTag[]
  authors: Record<string, string>
  blind: boolean
  me: { id: string; name: string }
  outline: OutlineEntry[]
  assignmentState: 'todo' | 'in_progress' | 'done' | null
  /** The document's metadata card, rendered on the server. */
  metadata: React.ReactNode
  role: 'annotator' | 'reviewer' | 'manager'
  reasons: Reason[]
  /** A tag to focus on arrival (?tag=…, from the review queue or the revision list). */
  initialTagId: string | null
  /** The project's longest span in code points (the server refuses longer ones too). */
  maxSpanLength: number
  /** An archived document is read-only: no tag is written. */
  archived: boolean
}

type Disagreement = 'conflict' | 'partial' | 'unique'

/**
 * How each tag relates to the other annotators' tags on this document: another annotator tagged
 * the same span with a different label (conflict), overlapped it with the same top label but a
 * different span (partial), or nobody else tagged anything overlapping it with that top label.
 */
function disagreements(tags: TagView[], labels: Map<string, LabelInfo>): Map<string, Disagreement> {
  const result = new Map<string, Disagreement>()
  if (new Set(tags.map((t) => t.authorId)).size < 2) return result
  const sorted = [...tags].sort((x, y) => x.start - y.start)
  sorted.forEach((a, i) => {
    const others: TagView[] = []
    // Sorted by start: earlier tags may reach into a; later ones only until they start after it.
    for (let j = 0; j < sorted.length; j++) {
      const b = sorted[j]
      if (j > i && b.start >= a.end) break
      if (b.authorId !== a.authorId && b.start < a.end && b.end > a.start) others.push(b)
    }
    const top = labels.get(a.labelId)?.topId
    const same = (b: TagView) => b.start === a.start && b.end === a.end
    if (others.some((b) => same(b) && b.labelId !== a.labelId)) result.set(a.id, 'conflict')
    else if (others.some((b) => same(b))) return // the same span and label: agreement
    else if (others.some((b) => labels.get(b.labelId)?.topId === top)) result.set(a.id, 'partial')
    else result.set(a.id, 'unique')
  })
  return result
}

type Span = { start: number; end: number }

declare global {
  interface Window {
    /** Timings read by `npm run bench:annotate`. */
    __tagbench?: { dataAt: number; paintedAt?: number; lastTagPaintMs?: number; tagCount: number }
  }
}


/** Whitespace characters between the start of the line and `offset`. */
function leadingSpace(positions: EditorPositions, offset: number): number {
  let n = 0
  while (offset - n - 1 >= 0 && /[^\S\n]/u.test(positions.slice(offset - n - 1, offset - n))) n++
  return n
}


export function AnnotationWorkbench(props: WorkbenchProps) {
  const t = useTranslations('annotate')
  const tr = useTranslations('review')
  const [dataAt] = useState(() => (typeof performance !== 'undefined' ? performance.now() : 0))
  const positions = useMemo(() => new EditorPositions(props.document.text), [props.document.text])
  const sentences = useMemo(() => splitSentences(props.document.text), [props.document.text])
  const labels = useMemo(() => indexLabels(props.labels), [props.labels])
  const topIds = useMemo(() => props.labels.map((l) => l.id), [props.labels])
  const sections = useMemo(() => props.outline.filter((e) => e.level <= 2), [props.outline])

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

  const [pending, setPending] = useState<Span | null>(null)
  const [focusedId, setFocusedId] = useState<string | null>(null)
  const [prefixTopId, setPrefixTopId] = useState<string | null>(null)
  const [relabel, setRelabel] = useState(false)
  const [lastLabelId, setLastLabelId] = useState<string | null>(null)
  const [hoverLabelId, setHoverLabelId] = useState<string | null>(null)
  /** Where sentence-by-sentence moves continue from: the end of the last tag made or selection moved. */
  const [cursor, setCursor] = useState<number | null>(null)
  const hoverBus = useMemo(() => new HoverBus(), [])
  const [helpOpen, setHelpOpen] = useState(false)
  const [assignment, setAssignment] = useState(props.assignmentState)
  const keyTime = useRef<number | null>(null)
  const canReview = props.role !== 'annotator'
  /** A reviewer's correction of someone else's tag, applied when they approve ("fix and approve"). */
  const [fix, setFix] = useState<{ tagId: string; start: number; end: number; labelId: string } | null>(null)
  const [reviewDialog, setReviewDialog] = useState<'reject' | 'send_back' | 'reopen' | null>(null)
  const [showHistory, setShowHistory] = useState(false)

  const focused = focusedId ? (store.byId.get(focusedId) ?? null) : null
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

  const whyLocked = useCallback(
    (tag: TagView): string | null => {
      if (tag.authorId !== props.me.id) return t('why.notYours', { author: tag.authorName })
      if (tag.status === 'approved') return t('why.approved')
      if (tag.status === 'rejected') return t('why.rejected')
      return null
    },
    [props.me.id, t],
  )
  const refuse = useCallback((message: string) => notifications.show({ color: 'orange', message, autoClose: 3500 }), [])
  /** A reviewer may correct another annotator's pending tag as part of approving it. */
  const fixable = useCallback((tag: TagView) => canReview && tag.authorId !== props.me.id && tag.status === 'pending', [canReview, props.me.id])
  const flags = useMemo(() => (props.blind ? new Map<string, Disagreement>() : disagreements(deferredList, labels)), [props.blind, deferredList, labels])

  // Draw the pending selection (or a reviewer's draft correction) whenever it changes.
  const { drawPending } = store
  useEffect(() => {
    drawPending(fix ?? pending)
  }, [drawPending, fix, pending])

  const focusTag = useCallback(
    (id: string | null, scroll = true) => {
      setFocusedId(id)
      const tag = id ? store.byId.get(id) : null
      if (tag && scroll) editor.current?.scrollToOffset(tag.start)
    },
    [store],
  )

  const setState = useCallback(
    async (state: 'in_progress' | 'done') => {
      try {
        await tagApi.setAssignment(props.document.id, state)
        setAssignment(state)
      } catch (error) {
        notifyError(error instanceof Error ? error.message : String(error))
      }
    },
    [notifyError, props.document.id],
  )

  const applyLabel = useCallback(
    (labelId: string) => {
      setPrefixTopId(null)
      if (relabel && focused) {
        setRelabel(false)
        if (fixable(focused)) {
          const base = fix?.tagId === focused.id ? fix : { tagId: focused.id, start: focused.start, end: focused.end, labelId: focused.labelId }
          setFix({ ...base, labelId })
          return
        }
        const why = whyLocked(focused)
        if (why) return refuse(why)
        if (focused.labelId !== labelId) void store.update(focused.id, { labelId })
        setLastLabelId(labelId)
        return
      }
      if (!pending) return refuse(t('why.noSelection'))
      setLastLabelId(labelId)
      const span = pending
      setPending(null)
      setCursor(span.end)
      editor.current?.clearSelection()
      keyTime.current = performance.now()
      void store.create(labelId, span.start, span.end).then((id) => {
        // No toast per tag: the tag itself appears at once, and a keyboard session makes hundreds.
        if (id && (assignment === null || assignment === 'todo')) void setState('in_progress')
      })
      // Time from the keystroke to the frame that shows the new tag (read by the benchmark).
      const pressed = keyTime.current
      requestAnimationFrame(() => {
        if (window.__tagbench) window.__tagbench.lastTagPaintMs = performance.now() - pressed
      })
    },
    [assignment, fix, fixable, focused, pending, refuse, relabel, setState, store, t, whyLocked],
  )

  const selectSentence = useCallback(
    (index: number) => {
      const s = sentences[Math.max(0, Math.min(index, sentences.length - 1))]
      if (!s) return
      setFocusedId(null)
      setPending({ start: s.start, end: s.end })
      setCursor(s.end)
      editor.current?.scrollToOffset(s.start)
    },
    [sentences],
  )

  const adjustFocused = useCallback(
    (dStart: number, dEnd: number) => {
      if (!focused) return
      if (fixable(focused)) {
        const base = fix?.tagId === focused.id ? fix : { tagId: focused.id, start: focused.start, end: focused.end, labelId: focused.labelId }
        const start = Math.max(0, Math.min(base.start + dStart, base.end - 1))
        const end = Math.min(positions.length, Math.max(base.end + dEnd, start + 1))
        return setFix({ ...base, start, end })
      }
      const why = whyLocked(focused)
      if (why) return refuse(why)
      const start = Math.max(0, Math.min(focused.start + dStart, focused.end - 1))
      const end = Math.min(positions.length, Math.max(focused.end + dEnd, start + 1))
      if (start !== focused.start || end !== focused.end) void store.update(focused.id, { start, end })
    },
    [fix, fixable, focused, positions.length, refuse, store, whyLocked],
  )

  const review = useCallback(
    async (action: ReviewAction, reason: { reasonCode?: string; reason?: string } = {}) => {
      if (!focused) return
      const draft = action === 'approve' && fix?.tagId === focused.id && (fix.start !== focused.start || fix.end !== focused.end || fix.labelId !== focused.labelId) ? fix : null
      const result = await postReview(focused.id, {
        action,
        version: focused.version,
        ...reason,
        ...(draft ? { fix: { start: draft.start, end: draft.end, labelId: draft.labelId, quote: positions.slice(draft.start, draft.end) } } : {}),
      })
      setFix(null)
      if (result.ok && result.tag) {
        store.accept(result.tag)
        const word = draft ? tr('fixed') : { approve: tr('approved'), reject: tr('rejected'), send_back: tr('sentBack'), reopen: tr('reopened') }[action]
        notifications.show({ message: word, autoClose: 1200, color: action === 'approve' ? 'green' : 'orange' })
      } else {
        if (result.current) store.accept(result.current)
        notifications.show({ color: 'red', message: tr('conflict', { message: result.message ?? '' }), autoClose: 6000 })
      }
    },
    [fix, focused, positions, store, tr],
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
    if (await store.undo()) notifications.show({ message: t('undone'), autoClose: 1000 })
  }, [store, t])

  // The keyboard layer.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (target && (target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]') || helpOpen || reviewDialog)) return
      if (e.metaKey || e.altKey) return
      if (e.ctrlKey) {
        if (e.key.toLowerCase() === 'z') {
          e.preventDefault()
          void undo()
        }
        return
      }
      const key = e.key
      const handled = () => e.preventDefault()

      // A digit picks a label: a top label's key, then (if it has children) a child's key.
      if (/^[1-9]$/.test(key)) {
        handled()
        const scope = prefixTopId ? labels.get(prefixTopId)!.childIds : topIds
        const label = scope.map((id) => labels.get(id)!).find((l) => l.shortcut === key)
        if (!label) return
        if (!prefixTopId && label.childIds.length > 0) setPrefixTopId(label.id)
        else applyLabel(label.id)
        return
      }
      switch (key) {
        case 'Enter':
          handled()
          if (prefixTopId) applyLabel(prefixTopId)
          else if (lastLabelId) applyLabel(lastLabelId)
          return
        case 'Escape':
          handled()
          if (prefixTopId || relabel) {
            setPrefixTopId(null)
            setRelabel(false)
          } else if (fix) setFix(null)
          else if (pending) setPending(null)
          else setFocusedId(null)
          return
        case 'j':
        case 'k': {
          // Next: the sentence after the selection (or focused tag, or the last tag made);
          // previous: the one before it. With nothing to go from, the first visible sentence.
          handled()
          const span = pending ?? focused
          let index: number
          if (span) index = key === 'j' ? sentenceAt(sentences, span.end - 1) + 1 : sentenceAt(sentences, span.start) - 1
          else if (cursor !== null) index = key === 'j' ? sentenceAt(sentences, cursor) : sentenceAt(sentences, cursor) - 1
          else index = sentenceAt(sentences, editor.current?.firstVisibleOffset() ?? 0)
          selectSentence(index)
          return
        }
        case 'J':
        case 'K': {
          handled()
          if (!pending) return selectSentence(sentenceAt(sentences, editor.current?.firstVisibleOffset() ?? 0))
          const last = sentenceAt(sentences, pending.end - 1)
          if (key === 'J' && sentences[last + 1]) setPending({ start: pending.start, end: sentences[last + 1].end })
          if (key === 'K' && last > sentenceAt(sentences, pending.start)) setPending({ start: pending.start, end: sentences[last - 1].end })
          return
        }
        case 's':
          handled()
          if (pending) setPending(snapToSentences(sentences, pending.start, pending.end))
          return
        case 'n':
        case 'p': {
          handled()
          const list = store.list
          if (!list.length) return
          const here = focused?.start ?? pending?.start ?? editor.current?.firstVisibleOffset() ?? 0
          const next = key === 'n' ? (list.find((tg) => tg.start > here || (focused && tg.start === here && tg.id > focused.id)) ?? list[0]) : ([...list].reverse().find((tg) => tg.start < here) ?? list[list.length - 1])
          setPending(null)
          focusTag(next.id)
          return
        }
        case 'g':
          handled()
          nextUntaggedSection()
          return
        case ']':
          handled()
          adjustFocused(0, 1)
          return
        case '[':
          handled()
          adjustFocused(0, -1)
          return
        case '{':
          handled()
          adjustFocused(-1, 0)
          return
        case '}':
          handled()
          adjustFocused(1, 0)
          return
        case 'l':
          handled()
          if (!focused) return
          if (whyLocked(focused) && !fixable(focused)) return refuse(whyLocked(focused)!)
          setRelabel(true)
          return
        case 'a':
        case 'r':
        case 'b':
        case 'o':
          handled()
          if (!canReview || !focused) return
          if (key === 'a' && focused.status === 'pending') void review('approve')
          if (key === 'r' && focused.status === 'pending') setReviewDialog('reject')
          if (key === 'b' && focused.status === 'pending') setReviewDialog('send_back')
          if (key === 'o' && (focused.status === 'approved' || focused.status === 'rejected')) setReviewDialog('reopen')
          return
        case 'h':
          handled()
          setShowHistory((v) => !v)
          return
        case 'x':
        case 'Delete':
        case 'Backspace':
          handled()
          if (!focused) return
          if (whyLocked(focused) && focused.status !== 'rejected') return refuse(whyLocked(focused)!)
          void store.remove(focused.id)
          setFocusedId(null)
          return
        case 'u':
          handled()
          void undo()
          return
        case '?':
          handled()
          setHelpOpen(true)
          return
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [adjustFocused, applyLabel, canReview, cursor, fix, fixable, focusTag, focused, helpOpen, review, reviewDialog, labels, lastLabelId, nextUntaggedSection, pending, prefixTopId, refuse, relabel, selectSentence, sentences, store, topIds, undo, whyLocked])

  const startDrag = useStableCallback((edge: 'start' | 'end', down: React.MouseEvent) => {
    down.preventDefault()
    if (!focused) return
    const tag = focused
    const move = (e: MouseEvent) => {
      const at = editor.current?.offsetAtPoint(e.clientX, e.clientY)
      if (at === null || at === undefined) return
      const span = edge === 'start' ? { start: Math.min(at, tag.end - 1), end: tag.end } : { start: tag.start, end: Math.max(at, tag.start + 1) }
      setPending(span)
    }
    const up = (e: MouseEvent) => {
      window.removeEventListener('mousemove', move)
      window.removeEventListener('mouseup', up)
      const at = editor.current?.offsetAtPoint(e.clientX, e.clientY)
      setPending(null)
      if (at === null || at === undefined) return
      const span = edge === 'start' ? { start: Math.min(at, tag.end - 1), end: tag.end } : { start: tag.start, end: Math.max(at, tag.start + 1) }
      if (fixable(tag)) setFix({ tagId: tag.id, labelId: fix?.tagId === tag.id ? fix.labelId : tag.labelId, ...span })
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
        setFocusedId(initial.id)
        editor.current?.scrollToOffset(initial.start)
      }
    })
  }, [dataAt, props.initialTagId, props.tags])

  const onSelect = useCallback(() => {
    const span = editor.current?.selection()
    if (!span) return
    const trimmed = trimSpan((a, b) => positions.slice(a, b), span)
    if (trimmed) {
      setFocusedId(null)
      setPending(trimmed)
    }
  }, [positions])

  const handleSpan = useMemo(
    () => (focused && (!whyLocked(focused) || fixable(focused)) ? (fix?.tagId === focused.id ? { start: fix.start, end: fix.end } : { start: focused.start, end: focused.end }) : null),
    [fix, fixable, focused, whyLocked],
  )
  const pickLabel = useStableCallback(applyLabel)
  const focusFromList = useStableCallback((id: string) => focusTag(id))
  const selectOutline = useStableCallback((start: number) => selectSentence(sentenceAt(sentences, start)))
  const pendingText = pending ? positions.slice(pending.start, pending.end) : ''

  return (
    <Box px="md" py="sm" maw={1680} mx="auto">
      <style>{`.tb-editor [data-tag="${focusedId ?? ''}"]{outline:2px solid var(--mantine-color-indigo-6);outline-offset:1px;border-radius:2px}`}</style>
      {flags.size > 0 && (
        <style>{[...flags].filter(([, kind]) => kind === 'conflict').map(([id]) => `.tb-editor [data-tag="${id}"]`).join(',') + '{box-shadow:0 0 0 1px var(--mantine-color-red-5)}'}</style>
      )}
      <Group align="flex-start" gap="md" wrap="nowrap">
        {/* Left: palette and outline */}
        <Box w={270} style={{ position: 'sticky', top: 68, flexShrink: 0 }}>
          <Paper withBorder radius="md" p="xs">
            <Tabs defaultValue="palette" keepMounted={false}>
              <TabsList grow mb="xs">
                <TabsTab value="palette">{t('palette')}</TabsTab>
                <TabsTab value="outline">{t('outline')}</TabsTab>
                <TabsTab value="metadata">{t('metadata')}</TabsTab>
              </TabsList>
              <TabsPanel value="metadata">{props.metadata}</TabsPanel>
              <TabsPanel value="palette">
                <LabelPalette labels={labels} topIds={topIds} counts={counts} prefixTopId={prefixTopId} activeLabelId={focused?.labelId ?? null} onPick={pickLabel} onHoverLabel={setHoverLabelId} />
              </TabsPanel>
              <TabsPanel value="outline">
                <OutlineList entries={props.outline} onPick={selectOutline} />
              </TabsPanel>
            </Tabs>
          </Paper>
        </Box>

        {/* Centre: the report */}
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Paper withBorder radius="md" px="md" py={8} mb="sm" style={{ position: 'sticky', top: 60, zIndex: 5 }} data-testid="workbench-toolbar">
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Text size="sm" c={pending || prefixTopId || relabel ? undefined : 'dimmed'} truncate style={{ flex: 1 }} data-testid="selection-status">
                {fix && fix.tagId === focused?.id
                  ? `${tr('fixHint')} · ${labels.get(fix.labelId)?.path.join(' / ') ?? ''}：${positions.slice(fix.start, fix.end).slice(0, 40)}`
                  : relabel
                  ? t('relabel')
                  : prefixTopId
                    ? t('prefix', { label: labels.get(prefixTopId)!.name })
                    : pending
                      ? `${t('selected', { count: pending.end - pending.start })}：${pendingText.length > 60 ? `${pendingText.slice(0, 60)}…` : pendingText}`
                      : t('noSelection')}
              </Text>
              <Group gap={6} wrap="nowrap">
                <Tooltip label={`${t('undo')} (u)`}>
                  <ActionIcon variant="subtle" onClick={() => void undo()} aria-label={t('undo')} disabled={!store.canUndo}>
                    <IconArrowBackUp size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={`${t('help')} (?)`}>
                  <ActionIcon variant="subtle" onClick={() => setHelpOpen(true)} aria-label={t('help')}>
                    <IconKeyboard size={18} />
                  </ActionIcon>
                </Tooltip>
                {assignment === 'done' ? (
                  <Button size="xs" variant="light" color="green" leftSection={<IconCheck size={14} />} onClick={() => void setState('in_progress')} data-testid="assignment-button">
                    {t('done')} · {t('reopen')}
                  </Button>
                ) : (
                  <Button size="xs" variant="light" onClick={() => void setState('done')} data-testid="assignment-button">
                    {t('markDone')}
                  </Button>
                )}
              </Group>
            </Group>
          </Paper>
          <Paper withBorder radius="md" px={{ base: 'md', sm: 48 }} py="lg">
            <Title order={1} size="h3" ta="center" mb="lg" style={{ lineHeight: 1.4 }}>
              {props.document.title}
            </Title>
            <ReportEditor
              documentId={props.document.id}
              positions={positions}
              drawing={firstDrawing}
              onReady={onEditorReady}
              onShown={onEditorShown}
              onSelect={onSelect}
              onTagClick={(ids) => {
                setPending(null)
                setFocusedId(ids[0])
              }}
              onHover={(ids, rect) => hoverBus.emit(ids.length && rect ? { ids, rect } : null)}
            />
          </Paper>
        </Box>

        {/* Right: guideline and tags */}
        <Box w={330} style={{ position: 'sticky', top: 68, flexShrink: 0 }}>
          <Stack gap="sm">
            <GuidelineCard label={activeLabel} />
            {focused && (canReview || showHistory) && (
              <Paper withBorder radius="md" p="sm" data-testid="focused-tag-panel">
                <Group justify="space-between" mb={6} wrap="nowrap">
                  <Text size="xs" fw={700} truncate>{focused.labelPath.join(' / ')}</Text>
                  <Badge size="xs" variant="light" color={statusColor[focused.status]}>{t(`status.${focused.status}`)}</Badge>
                </Group>
                {flags.get(focused.id) && <Text size="xs" c="red.7" mb={6}>{tr(`disagreement.${flags.get(focused.id)}`)}</Text>}
                {canReview && (
                  <Group gap={4} mb={6}>
                    {focused.status === 'pending' && (
                      <>
                        <Button size="compact-xs" color="green" variant="light" onClick={() => void review('approve')}>{tr('approve')} <Kbd size="xs" ml={4}>a</Kbd></Button>
                        <Button size="compact-xs" color="red" variant="light" onClick={() => setReviewDialog('reject')}>{tr('reject')} <Kbd size="xs" ml={4}>r</Kbd></Button>
                        <Button size="compact-xs" color="orange" variant="light" onClick={() => setReviewDialog('send_back')}>{tr('sendBack')} <Kbd size="xs" ml={4}>b</Kbd></Button>
                      </>
                    )}
                    {(focused.status === 'approved' || focused.status === 'rejected') && (
                      <Button size="compact-xs" variant="light" onClick={() => setReviewDialog('reopen')}>{tr('reopen')} <Kbd size="xs" ml={4}>o</Kbd></Button>
                    )}
                    <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setShowHistory((v) => !v)}>{tr('history')} <Kbd size="xs" ml={4}>h</Kbd></Button>
                  </Group>
                )}
                {showHistory && (
                  <ScrollAreaAutosize mah={260}>
                    <TagHistory tagId={focused.id} version={focused.version} labelName={(id) => labels.get(id)?.path.join(' / ') ?? id} reasons={props.reasons} />
                  </ScrollAreaAutosize>
                )}
              </Paper>
            )}
            <Paper withBorder radius="md" p="sm">
              <Group justify="space-between" mb={6}>
                <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                  {t('tags')}
                </Text>
                <Badge variant="light" data-testid="tag-count">
                  {deferredList.length}
                </Badge>
              </Group>
              {props.blind && (
                <Text size="xs" c="dimmed" mb={6}>
                  {t('blind')}
                </Text>
              )}
              <TagList tags={deferredList} labels={labels} topIds={topIds} focusedId={focusedId} showAuthors={!props.blind} flags={flags} onFocus={focusFromList} />
            </Paper>
          </Stack>
        </Box>
      </Group>

      <TagCard bus={hoverBus} editor={editor} focused={focused} byId={store.byId} labels={labels} fallbackAuthor={props.me.name} />
      <SpanHandles editor={editor} span={handleSpan} onDragStart={startDrag} />

      <ShortcutHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
      <ReasonDialog
        opened={reviewDialog !== null}
        title={reviewDialog === 'reject' ? tr('reject') : reviewDialog === 'send_back' ? tr('sendBack') : tr('reopen')}
        reasons={props.reasons}
        onCancel={() => setReviewDialog(null)}
        onConfirm={(reason) => {
          const action = reviewDialog
          setReviewDialog(null)
          if (action) void review(action, reason)
        }}
      />
      <Text size="xs" c="dimmed" ta="center" mt="md">
        <Kbd size="xs">?</Kbd> {t('help')}
      </Text>
    </Box>
  )
}
