// The workbench's selection, focus and fix state in one pure reducer: what is selected (a span not
// yet tagged), which tag has the focus, a label key's first half (prefix), a pending relabel, a
// reviewer's draft correction ("fix and approve"), and which dialog is open. Side effects (writes,
// scrolling, notifications) stay in the component; this file decides only what the state becomes.
import type { ReasonedAction } from '../review/transitions'

export interface Span {
  start: number
  end: number
}

/** A reviewer's correction of someone else's tag, applied when they approve ("fix and approve"). */
export interface Fix extends Span {
  tagId: string
  labelId: string
}

/** The tag fields the state reads. */
export interface FocusableTag extends Span {
  id: string
  labelId: string
}

/** The shortcut help, or the reason dialog of a review action. */
export type WorkbenchDialog = 'help' | ReasonedAction

export interface WorkbenchState {
  /** The selection, not yet tagged. */
  pending: Span | null
  focusedId: string | null
  /** The top label whose key was pressed first; the next digit picks one of its children. */
  prefixTopId: string | null
  /** `l` was pressed: the next label applies to the focused tag. */
  relabel: boolean
  /** Enter repeats it. */
  lastLabelId: string | null
  /** Where sentence-by-sentence moves continue from: the end of the last tag made or selection moved. */
  cursor: number | null
  fix: Fix | null
  dialog: WorkbenchDialog | null
  showHistory: boolean
}

export const initialWorkbenchState: WorkbenchState = {
  pending: null,
  focusedId: null,
  prefixTopId: null,
  relabel: false,
  lastLabelId: null,
  cursor: null,
  fix: null,
  dialog: null,
  showHistory: false,
}

export type WorkbenchAction =
  /** A new selection (mouse, a sentence move, the outline): the focus goes. `cursor` moves with sentence moves. */
  | { type: 'select'; span: Span; cursor?: number }
  /** The selection grows or shrinks (J/K, s, a handle being dragged); the focus stays. */
  | { type: 'resize'; span: Span | null }
  /** A tag gets the focus; `clearSelection` drops the selection too (a click on a tag, n/p). */
  | { type: 'focus'; id: string | null; clearSelection?: boolean }
  | { type: 'prefix'; topId: string }
  | { type: 'startRelabel' }
  /** A label key was resolved: the prefix and a pending relabel are over. */
  | { type: 'labelChosen' }
  /** The focused own tag got a new label. */
  | { type: 'relabelled'; labelId: string }
  /** The selection became a tag: it is cleared and sentence moves continue after it. */
  | { type: 'tagged'; labelId: string; span: Span }
  /** A reviewer's draft correction of `tag`: a new label, a span, or both. */
  | { type: 'draftFix'; tag: FocusableTag; labelId?: string; span?: Span }
  /** The review request went out; the draft is spent either way. */
  | { type: 'reviewed' }
  /** The focused tag was deleted. */
  | { type: 'removed' }
  | { type: 'escape' }
  | { type: 'open'; dialog: WorkbenchDialog }
  | { type: 'closeDialog' }
  | { type: 'toggleHistory' }

/** The draft correction of `tag` so far, or a draft that starts from the tag as it is. */
export function fixBase(fix: Fix | null, tag: FocusableTag): Fix {
  return fix?.tagId === tag.id ? fix : { tagId: tag.id, start: tag.start, end: tag.end, labelId: tag.labelId }
}

/** Moves a span's edges by `dStart` and `dEnd`, keeping at least one character inside [0, length]. */
export function nudgeSpan(span: Span, dStart: number, dEnd: number, length: number): Span {
  const start = Math.max(0, Math.min(span.start + dStart, span.end - 1))
  const end = Math.min(length, Math.max(span.end + dEnd, start + 1))
  return { start, end }
}

/** Whether a draft would change anything about the tag it corrects. */
export function fixChanges(fix: Fix | null, tag: FocusableTag): fix is Fix {
  return fix !== null && fix.tagId === tag.id && (fix.start !== tag.start || fix.end !== tag.end || fix.labelId !== tag.labelId)
}

export function workbenchReducer(state: WorkbenchState, action: WorkbenchAction): WorkbenchState {
  switch (action.type) {
    case 'select':
      return { ...state, focusedId: null, pending: action.span, cursor: action.cursor ?? state.cursor }
    case 'resize':
      return { ...state, pending: action.span }
    case 'focus':
      return { ...state, focusedId: action.id, pending: action.clearSelection ? null : state.pending }
    case 'prefix':
      return { ...state, prefixTopId: action.topId }
    case 'startRelabel':
      return { ...state, relabel: true }
    case 'labelChosen':
      return { ...state, prefixTopId: null, relabel: false }
    case 'relabelled':
      return { ...state, prefixTopId: null, relabel: false, lastLabelId: action.labelId }
    case 'tagged':
      return { ...state, prefixTopId: null, relabel: false, lastLabelId: action.labelId, pending: null, cursor: action.span.end }
    case 'draftFix': {
      const base = fixBase(state.fix, action.tag)
      return { ...state, prefixTopId: null, relabel: false, fix: { ...base, ...action.span, ...(action.labelId ? { labelId: action.labelId } : {}) } }
    }
    case 'reviewed':
      return { ...state, fix: null }
    case 'removed':
      return { ...state, focusedId: null }
    case 'escape':
      // One step back per press: the half-typed label key, then the draft fix, the selection, the focus.
      if (state.prefixTopId || state.relabel) return { ...state, prefixTopId: null, relabel: false }
      if (state.fix) return { ...state, fix: null }
      if (state.pending) return { ...state, pending: null }
      return { ...state, focusedId: null }
    case 'open':
      return { ...state, dialog: action.dialog }
    case 'closeDialog':
      return { ...state, dialog: null }
    case 'toggleHistory':
      return { ...state, showHistory: !state.showHistory }
  }
}
