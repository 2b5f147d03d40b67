'use client'

import { memo, useEffect, useState, type RefObject } from 'react'
import type { ReportEditorHandle } from './ReportEditor'

interface Props {
  editor: RefObject<ReportEditorHandle | null>
  span: { start: number; end: number } | null
  onDragStart: (edge: 'start' | 'end', event: React.MouseEvent) => void
}

/** Drag handles at the two ends of a span; they follow it while the page scrolls. */
export const SpanHandles = memo(function SpanHandles({ editor, span, onDragStart }: Props) {
  const [rects, setRects] = useState<{ start: DOMRect | null; end: DOMRect | null } | null>(null)
  useEffect(() => {
    if (!span) return
    const place = () => {
      const a = editor.current?.rectAt(span.start)
      const b = editor.current?.rectAt(span.end, -1)
      setRects({ start: a ? new DOMRect(a.left, a.top, 0, a.bottom - a.top) : null, end: b ? new DOMRect(b.left, b.top, 0, b.bottom - b.top) : null })
    }
    place()
    window.addEventListener('scroll', place, { passive: true })
    window.addEventListener('resize', place)
    return () => {
      window.removeEventListener('scroll', place)
      window.removeEventListener('resize', place)
    }
  }, [editor, span])
  if (!span || !rects) return null
  return (
    <>
      {(['start', 'end'] as const).map((edge) => {
        const r = rects[edge]
        if (!r) return null
        return (
          <div
            key={edge}
            role="slider"
            aria-label={edge === 'start' ? 'tag start' : 'tag end'}
            aria-valuenow={edge === 'start' ? span.start : span.end}
            data-testid={`handle-${edge}`}
            onMouseDown={(e) => onDragStart(edge, e)}
            style={{ position: 'fixed', left: r.left - 5, top: r.top - 4, width: 10, height: r.height + 8, cursor: 'ew-resize', zIndex: 20 }}
          >
            <div style={{ margin: '0 auto', width: 3, height: '100%', borderRadius: 2, background: 'var(--mantine-color-indigo-6)' }} />
          </div>
        )
      })}
    </>
  )
})
