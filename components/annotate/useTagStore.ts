'use client'

// The workbench's tags: optimistic writes (drawn at once, confirmed or rolled back by the API),
// one write at a time per tag (each carries the version the previous one returned), an undo stack,
// and incremental drawing: a change redraws only the tags whose span or stacking layer changed.
import { useCallback, useRef, useState } from 'react'
import type { EditorPositions } from '@/lib/annotate/editor-positions'
import { assignLayers } from '@/lib/annotate/layers'
import type { TagView } from '@/lib/schemas/tags'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { tagApi } from './api'
import type { LabelInfo } from './labels'
import type { ReportEditorHandle } from './ReportEditor'
import { blankParagraphs, type Drawing, type DrawnTag, type Heading } from '@/lib/annotate/drawing'
import type { DecorationCommand } from './tag-decorations'

type UndoEntry =
  | { kind: 'create'; id: string }
  | { kind: 'delete'; id: string }
  | { kind: 'update'; id: string; before: { labelId: string; start: number; end: number; quote: string } }

export interface TagStoreOptions {
  documentId: string
  me: string
  initial: TagView[]
  positions: EditorPositions
  labels: Map<string, LabelInfo>
  onError: (message: string) => void
  /**
   * Why a tag with this quote may not be written (the API's own rules, lib/annotate/span-rules.ts,
   * or an archived document), as a sentence in the UI's language; null when it may. Checked before
   * anything is sent, so that the workbench refuses what the server would.
   */
  refuseWrite?: (quote: string) => string | null
}

let tempCounter = 0

const byPosition = (a: TagView, b: TagView) => a.start - b.start || a.end - b.end

function drawTag(tag: TagView, positions: EditorPositions, labels: Map<string, LabelInfo>, me: string, layer: number): DrawnTag {
  return {
    id: tag.id,
    from: positions.codePointToPos(tag.start),
    to: positions.codePointToPos(tag.end),
    color: labels.get(tag.labelId)?.color ?? '#64748b',
    layer,
    status: tag.status,
    own: tag.authorId === me,
  }
}

/**
 * Everything the report draws for these tags: the editor's first picture, and the server-rendered
 * one before it (the same function, so the two agree to the pixel).
 */
export function drawingOf(list: TagView[], positions: EditorPositions, labels: Map<string, LabelInfo>, me: string, headings: Heading[]): { drawing: Drawing; layers: Map<string, number> } {
  const layers = assignLayers(list)
  return {
    drawing: { tags: list.map((t) => drawTag(t, positions, labels, me, layers.get(t.id) ?? 0)), headings, blankParagraphs: blankParagraphs(positions.lines, positions.lineStarts) },
    layers,
  }
}

export function useTagStore({ documentId, me, initial, positions, labels, onError, refuseWrite = () => null }: TagStoreOptions) {
  // Built once (a useRef argument would be rebuilt, and thrown away, on every render).
  const [initialMap] = useState(() => new Map(initial.map((t) => [t.id, t])))
  const tags = useRef(initialMap)
  const layers = useRef(new Map<string, number>())
  const editor = useRef<ReportEditorHandle | null>(null)
  const queues = useRef(new Map<string, Promise<unknown>>())
  const undoStack = useRef<UndoEntry[]>([])
  // What React renders from: a snapshot taken after every change (the map itself is a ref, so
  // that a write does not wait for a render).
  const [snapshot, setSnapshot] = useState(() => ({ list: initial.slice().sort(byPosition), byId: new Map(initialMap), canUndo: false }))
  const bump = useCallback(() => {
    const list = [...tags.current.values()].sort(byPosition)
    setSnapshot({ list, byId: new Map(tags.current), canUndo: undoStack.current.length > 0 })
  }, [])

  const drawn = useCallback((tag: TagView): DrawnTag => drawTag(tag, positions, labels, me, layers.current.get(tag.id) ?? 0), [positions, labels, me])

  /** Recomputes stacking layers; returns the ids whose layer changed. */
  const relayer = useCallback(() => {
    const next = assignLayers([...tags.current.values()])
    const changed: string[] = []
    for (const [id, layer] of next) if (layers.current.get(id) !== layer) changed.push(id)
    layers.current = next
    return changed
  }, [])

  /** The pending selection as last drawn, so that drawing the same again costs no transaction. */
  const drawnPending = useRef<string>('')
  const pendingCommand = useCallback(
    (span: { start: number; end: number } | null): DecorationCommand[] => {
      const key = span ? `${span.start}:${span.end}` : ''
      if (key === drawnPending.current) return []
      drawnPending.current = key
      return [{ type: 'pending', span: span ? { from: positions.codePointToPos(span.start), to: positions.codePointToPos(span.end) } : null }]
    },
    [positions],
  )

  /** Redraws the given tags (and any whose layer moved) and removes the given ids, in one transaction. */
  const redraw = useCallback(
    (ids: string[], removed: string[] = [], extra: DecorationCommand[] = []) => {
      const changed = new Set([...ids, ...relayer()])
      const upsert = [...changed].map((id) => tags.current.get(id)).filter((t): t is TagView => Boolean(t))
      editor.current?.draw([...extra, ...(removed.length ? [{ type: 'remove' as const, ids: removed }] : []), ...(upsert.length ? [{ type: 'upsert' as const, tags: upsert.map(drawn) }] : [])])
      bump()
    },
    [bump, drawn, relayer],
  )

  /** Draws the pending selection (or a reviewer's draft), unless it is already drawn. */
  const drawPending = useCallback(
    (span: { start: number; end: number } | null) => {
      const commands = pendingCommand(span)
      if (commands.length) editor.current?.draw(commands)
    },
    [pendingCommand],
  )

  const attach = useCallback(
    (handle: ReportEditorHandle, headings: Heading[]) => {
      editor.current = handle
      const { drawing, layers: next } = drawingOf([...tags.current.values()], positions, labels, me, headings)
      layers.current = next
      handle.draw([{ type: 'reset', ...drawing }])
    },
    [labels, me, positions],
  )

  /** Runs writes of one tag in order, so each carries the version the previous one returned. */
  const enqueue = useCallback((id: string, work: () => Promise<void>) => {
    const previous = queues.current.get(id) ?? Promise.resolve()
    const next = previous.then(work, work)
    queues.current.set(id, next)
    return next
  }, [])

  const errorMessage = useErrorMessage()
  const fail = useCallback((error: unknown) => onError(errorMessage(error)), [errorMessage, onError])

  const create = useCallback(
    async (labelId: string, start: number, end: number, recordUndo = true): Promise<string | null> => {
      const quote = positions.slice(start, end)
      const refused = refuseWrite(quote)
      if (refused) {
        onError(refused)
        return null
      }
      const tempId = `tmp-${++tempCounter}`
      const now = new Date().toISOString()
      const label = labels.get(labelId)
      tags.current.set(tempId, {
        id: tempId, documentId, labelId, labelPath: label?.path ?? [], start, end, quote, prefix: '', suffix: '',
        authorId: me, authorName: '', reviewerId: null, status: 'pending', source: 'manual', version: 1, deleted: false, createdAt: now, updatedAt: now,
      })
      // The new tag and the end of the selection that made it: one editor transaction.
      redraw([tempId], [], pendingCommand(null))
      try {
        const saved = await tagApi.create(documentId, { labelId, start, end, quote })
        tags.current.delete(tempId)
        tags.current.set(saved.id, saved)
        redraw([saved.id], [tempId])
        if (recordUndo) undoStack.current.push({ kind: 'create', id: saved.id })
        bump()
        return saved.id
      } catch (error) {
        tags.current.delete(tempId)
        redraw([], [tempId])
        fail(error)
        return null
      }
    },
    [bump, documentId, fail, labels, me, onError, pendingCommand, positions, redraw, refuseWrite],
  )

  const update = useCallback(
    (id: string, change: { labelId?: string; start?: number; end?: number }, recordUndo = true) => {
      const current = tags.current.get(id)
      if (!current) return Promise.resolve()
      const before = { labelId: current.labelId, start: current.start, end: current.end, quote: current.quote }
      const start = change.start ?? current.start
      const end = change.end ?? current.end
      const refused = refuseWrite(positions.slice(start, end))
      if (refused) {
        onError(refused)
        return Promise.resolve()
      }
      const optimistic = { ...current, ...change, start, end, quote: positions.slice(start, end), labelPath: labels.get(change.labelId ?? current.labelId)?.path ?? current.labelPath }
      tags.current.set(id, optimistic)
      redraw([id])
      if (recordUndo) undoStack.current.push({ kind: 'update', id, before })
      return enqueue(id, async () => {
        const latest = tags.current.get(id)
        if (!latest) return
        try {
          const saved = await tagApi.update(id, {
            version: latest.version,
            labelId: optimistic.labelId,
            ...(change.start !== undefined || change.end !== undefined ? { start, end, quote: optimistic.quote } : {}),
          })
          // Keep a newer local edit that is still queued; take the server's version number.
          const local = tags.current.get(id)
          tags.current.set(id, local && (local.start !== saved.start || local.end !== saved.end || local.labelId !== saved.labelId) ? { ...local, version: saved.version } : saved)
          redraw([id])
        } catch (error) {
          tags.current.set(id, { ...current, version: tags.current.get(id)?.version ?? current.version })
          redraw([id])
          fail(error)
        }
      })
    },
    [enqueue, fail, labels, onError, positions, redraw, refuseWrite],
  )

  const remove = useCallback(
    (id: string, recordUndo = true) => {
      const current = tags.current.get(id)
      if (!current) return Promise.resolve()
      tags.current.delete(id)
      redraw([], [id])
      return enqueue(id, async () => {
        try {
          const saved = await tagApi.remove(id, current.version)
          deletedVersions.current.set(id, saved)
          if (recordUndo) undoStack.current.push({ kind: 'delete', id })
          bump()
        } catch (error) {
          tags.current.set(id, current)
          redraw([id])
          fail(error)
        }
      })
    },
    [bump, enqueue, fail, redraw],
  )

  const deletedVersions = useRef(new Map<string, TagView>())

  const undo = useCallback(async (): Promise<boolean> => {
    const entry = undoStack.current.pop()
    bump()
    if (!entry) return false
    if (entry.kind === 'create') await remove(entry.id, false)
    else if (entry.kind === 'update') await update(entry.id, entry.before, false)
    else {
      const deleted = deletedVersions.current.get(entry.id)
      if (!deleted) return false
      await enqueue(entry.id, async () => {
        try {
          const restored = await tagApi.restore(entry.id, deleted.version)
          tags.current.set(entry.id, restored)
          redraw([entry.id])
        } catch (error) {
          fail(error)
        }
      })
    }
    return true
  }, [bump, enqueue, fail, redraw, remove, update])

  /** Takes a tag as the server now has it (after a review, or from a conflict answer). */
  const accept = useCallback(
    (tag: TagView) => {
      tags.current.set(tag.id, tag)
      redraw([tag.id])
    },
    [redraw],
  )

  /** How many edits the undo stack holds: the workbench's review undo applies only while no edit came after it. */
  const undoDepth = useCallback(() => undoStack.current.length, [])

  return { list: snapshot.list, byId: snapshot.byId, canUndo: snapshot.canUndo, attach, create, update, remove, undo, undoDepth, accept, drawPending }
}
