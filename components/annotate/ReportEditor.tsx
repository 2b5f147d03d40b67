'use client'

// The report as a read-only Tiptap document, one paragraph per line of the text, with tags drawn
// as decorations. Everything outside speaks code points; this component converts at its edge
// through EditorPositions.
//
// Until the editor has started (it needs the scripts, and is built after hydration), the same
// report is shown as static HTML rendered on the server with the same drawing: the text and its
// tags are on screen at first paint. The editor replaces it in one frame, tags drawn.
import Document from '@tiptap/extension-document'
import Paragraph from '@tiptap/extension-paragraph'
import Text from '@tiptap/extension-text'
import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { Drawing } from '@/lib/annotate/drawing'
import type { EditorPositions } from '@/lib/annotate/editor-positions'
import { FIRST_PAINT_TIMING, reportHtml } from '@/lib/annotate/report-html'
import { readingFont } from '@/components/ui/theme'
import { TagDecorations, tagDecorationsKey, type DecorationCommand } from './tag-decorations'

export interface ReportEditorHandle {
  /** Applies decoration commands in one transaction. */
  draw(commands: DecorationCommand[]): void
  /** The browser selection inside the report, as code points, or null. */
  selection(): { start: number; end: number } | null
  clearSelection(): void
  scrollToOffset(offset: number, block?: ScrollLogicalPosition): void
  /** Viewport rectangle of the caret at a code-point offset; side -1 sticks to the character before. */
  rectAt(offset: number, side?: -1 | 1): { left: number; right: number; top: number; bottom: number } | null
  offsetAtPoint(x: number, y: number): number | null
  /** Code-point offset of the first character visible at the top of the viewport. */
  firstVisibleOffset(): number
}

interface Props {
  documentId: string
  positions: EditorPositions
  /** What the report shows before the editor has started (the tags as the page was rendered); asked only when the server's copy is not on the page. */
  drawing: () => Drawing
  /** The editor exists and has replaced the static report; draw the tags now (before the browser paints). */
  onReady: (handle: ReportEditorHandle) => void
  /** Called right after onReady, in the same frame. */
  onShown: () => void
  onSelect: () => void
  onTagClick: (tagIds: string[]) => void
  /** A click on a suggestion (issue 14) that is not also on a tag. */
  onSuggestionClick?: (suggestionId: string) => void
  onHover: (tagIds: string[], rect: DOMRect | null) => void
}

function documentJson(lines: string[]) {
  return {
    type: 'doc',
    content: lines.map((line) => (line.length ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  }
}

/** Tag ids at a DOM node, innermost first: nested spans are overlapping tags. */
function tagIdsAt(node: EventTarget | null, root: HTMLElement): string[] {
  const ids: string[] = []
  let el = node instanceof HTMLElement ? node : null
  while (el && el !== root) {
    const id = el.dataset.tag
    if (id) ids.push(id)
    el = el.parentElement
  }
  return ids
}

function makeHandle(editor: Editor, positions: EditorPositions): ReportEditorHandle {
  const view = editor.view
  const clampPos = (pos: number) => Math.max(0, Math.min(pos, view.state.doc.content.size))
  return {
    draw(commands) {
      view.dispatch(view.state.tr.setMeta(tagDecorationsKey, commands))
    },
    selection() {
      const sel = window.getSelection()
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null
      const range = sel.getRangeAt(0)
      if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) return null
      try {
        const from = view.posAtDOM(range.startContainer, range.startOffset)
        const to = view.posAtDOM(range.endContainer, range.endOffset)
        const start = positions.posToCodePoint(Math.min(from, to))
        const end = positions.posToCodePoint(Math.max(from, to))
        return end > start ? { start, end } : null
      } catch {
        return null
      }
    },
    clearSelection() {
      window.getSelection()?.removeAllRanges()
    },
    scrollToOffset(offset, block = 'center') {
      const { node } = view.domAtPos(clampPos(positions.codePointToPos(offset)))
      const el = node instanceof HTMLElement ? node : node.parentElement
      el?.scrollIntoView({ block, behavior: 'instant' as ScrollBehavior })
    },
    rectAt(offset, side = 1) {
      try {
        const c = view.coordsAtPos(clampPos(positions.codePointToPos(offset)), side)
        return { left: c.left, right: c.right, top: c.top, bottom: c.bottom }
      } catch {
        return null
      }
    },
    offsetAtPoint(x, y) {
      const hit = view.posAtCoords({ left: x, top: y })
      return hit ? positions.posToCodePoint(hit.pos) : null
    },
    firstVisibleOffset() {
      const rect = view.dom.getBoundingClientRect()
      const hit = view.posAtCoords({ left: rect.left + 40, top: Math.max(rect.top, 80) + 10 })
      return hit ? positions.posToCodePoint(hit.pos) : 0
    },
  }
}

export function ReportEditor({ documentId, positions, drawing, onReady, onShown, onSelect, onTagClick, onSuggestionClick, onHover }: Props) {
  const content = useMemo(() => documentJson(positions.lines), [positions])
  const callbacks = useRef({ onReady, onShown, onSelect, onTagClick, onSuggestionClick, onHover })
  useEffect(() => {
    callbacks.current = { onReady, onShown, onSelect, onTagClick, onSuggestionClick, onHover }
  })
  // The static report. Only the first drawing matters; later changes happen in the editor. When the
  // browser already shows the server's copy (hydration), it is kept as is and not built again: on a
  // long report that is tens of milliseconds before the editor can start. React does not compare or
  // rewrite innerHTML while hydrating; suppressHydrationWarning keeps development quiet about it.
  const [serverCopyShown] = useState(() => typeof document !== 'undefined' && document.querySelector(`[data-static-report="${CSS.escape(documentId)}"]`) !== null)
  const [firstDrawing] = useState(() => (serverCopyShown ? null : drawing()))
  const staticHtml = useMemo(
    () => (firstDrawing ? `<div class="tb-report tb-report-static">${reportHtml(positions, firstDrawing, { paragraphAttributes: `elementtiming="${FIRST_PAINT_TIMING}"` })}</div>` : ''),
    [positions, firstDrawing],
  )

  const editor = useEditor({
    extensions: [Document, Paragraph, Text, TagDecorations],
    content,
    editable: false,
    immediatelyRender: false,
    // The document never changes: no need to re-render React on editor transactions.
    shouldRerenderOnTransaction: false,
    editorProps: { attributes: { class: 'tb-report tb-editor', 'aria-label': 'report text', 'data-testid': 'report-text' } },
  })

  // The render in which the editor first exists swaps it in for the static report; EditorContent
  // attaches its DOM and this draws the tags, all before the browser paints that frame.
  const shown = editor !== null
  useLayoutEffect(() => {
    if (!editor) return
    callbacks.current.onReady(makeHandle(editor, positions))
    callbacks.current.onShown()
  }, [editor, positions])

  useEffect(() => {
    if (!editor) return
    const dom = editor.view.dom as HTMLElement
    const up = () => callbacks.current.onSelect()
    const click = (e: MouseEvent) => {
      if (!window.getSelection()?.isCollapsed) return
      const ids = tagIdsAt(e.target, dom)
      if (ids.length) return callbacks.current.onTagClick(ids)
      const suggestion = e.target instanceof HTMLElement ? (e.target.closest('[data-suggestion]') as HTMLElement | null) : null
      if (suggestion?.dataset.suggestion && dom.contains(suggestion)) callbacks.current.onSuggestionClick?.(suggestion.dataset.suggestion)
    }
    let last = ''
    const over = (e: MouseEvent) => {
      const ids = tagIdsAt(e.target, dom)
      const key = ids.join(',')
      if (key === last) return
      last = key
      const target = ids.length ? (dom.querySelector(`[data-tag="${CSS.escape(ids[0])}"]`) as HTMLElement | null) : null
      callbacks.current.onHover(ids, target && e.target instanceof HTMLElement ? e.target.getBoundingClientRect() : null)
    }
    const leave = () => {
      last = ''
      callbacks.current.onHover([], null)
    }
    dom.addEventListener('mouseup', up)
    dom.addEventListener('click', click)
    dom.addEventListener('mouseover', over)
    dom.addEventListener('mouseleave', leave)
    return () => {
      dom.removeEventListener('mouseup', up)
      dom.removeEventListener('click', click)
      dom.removeEventListener('mouseover', over)
      dom.removeEventListener('mouseleave', leave)
    }
  }, [editor])

  return (
    <>
      {!shown && <div className="tb-editor-root" style={{ fontFamily: readingFont }} data-static-report={documentId} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: staticHtml }} />}
      <EditorContent editor={editor} className="tb-editor-root" style={{ fontFamily: readingFont, display: shown ? undefined : 'none' }} />
    </>
  )
}
