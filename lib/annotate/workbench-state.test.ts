import { describe, expect, it } from 'vitest'
import { fixBase, fixChanges, initialWorkbenchState as initial, nudgeSpan, workbenchReducer as reduce, type WorkbenchAction, type WorkbenchState } from './workbench-state'

const run = (state: WorkbenchState, ...actions: WorkbenchAction[]) => actions.reduce(reduce, state)
const tag = { id: 't1', labelId: 'a1', start: 10, end: 20 }

describe('the workbench state', () => {
  it('a new selection takes the focus away; a resize keeps it', () => {
    const focused = run(initial, { type: 'focus', id: 't1' })
    expect(run(focused, { type: 'select', span: { start: 0, end: 5 } })).toMatchObject({ focusedId: null, pending: { start: 0, end: 5 }, cursor: null })
    expect(run(focused, { type: 'resize', span: { start: 0, end: 5 } })).toMatchObject({ focusedId: 't1', pending: { start: 0, end: 5 } })
  })

  it('a sentence move carries the cursor; a mouse selection leaves it where it was', () => {
    const moved = run(initial, { type: 'select', span: { start: 0, end: 5 }, cursor: 5 })
    expect(moved.cursor).toBe(5)
    expect(run(moved, { type: 'select', span: { start: 30, end: 40 } }).cursor).toBe(5)
  })

  it('focusing a tag drops the selection only when asked to', () => {
    const selected = run(initial, { type: 'select', span: { start: 0, end: 5 } })
    expect(run(selected, { type: 'focus', id: 't1' })).toMatchObject({ focusedId: 't1', pending: { start: 0, end: 5 } })
    expect(run(selected, { type: 'focus', id: 't1', clearSelection: true })).toMatchObject({ focusedId: 't1', pending: null })
  })

  it('tagging clears the selection and the prefix, remembers the label and moves the cursor after the tag', () => {
    const state = run(initial, { type: 'select', span: { start: 3, end: 9 } }, { type: 'prefix', topId: 'A' }, { type: 'tagged', labelId: 'a1', span: { start: 3, end: 9 } })
    expect(state).toMatchObject({ pending: null, prefixTopId: null, lastLabelId: 'a1', cursor: 9 })
  })

  it('a relabel ends with the new label remembered', () => {
    const state = run(initial, { type: 'focus', id: 't1' }, { type: 'startRelabel' }, { type: 'relabelled', labelId: 'a2' })
    expect(state).toMatchObject({ relabel: false, prefixTopId: null, lastLabelId: 'a2', focusedId: 't1' })
  })

  it("drafts a reviewer's fix from the tag as it is, then builds on the draft", () => {
    const labelled = run(initial, { type: 'startRelabel' }, { type: 'draftFix', tag, labelId: 'b1' })
    expect(labelled).toMatchObject({ relabel: false, fix: { tagId: 't1', start: 10, end: 20, labelId: 'b1' } })
    const moved = run(labelled, { type: 'draftFix', tag, span: { start: 11, end: 20 } })
    expect(moved.fix).toEqual({ tagId: 't1', start: 11, end: 20, labelId: 'b1' })
    // A draft for another tag starts afresh from that tag.
    const other = { id: 't2', labelId: 'a2', start: 40, end: 50 }
    expect(run(moved, { type: 'draftFix', tag: other, span: { start: 41, end: 50 } }).fix).toEqual({ tagId: 't2', start: 41, end: 50, labelId: 'a2' })
    expect(run(moved, { type: 'reviewed' }).fix).toBeNull()
  })

  it('Escape steps back one thing at a time: prefix or relabel, then the fix, the selection, the focus', () => {
    let state = run(initial, { type: 'focus', id: 't1' }, { type: 'draftFix', tag, labelId: 'b1' }, { type: 'resize', span: { start: 0, end: 5 } }, { type: 'prefix', topId: 'A' }, { type: 'startRelabel' })
    state = reduce(state, { type: 'escape' })
    expect(state).toMatchObject({ prefixTopId: null, relabel: false })
    expect(state.fix).not.toBeNull()
    state = reduce(state, { type: 'escape' })
    expect(state.fix).toBeNull()
    expect(state.pending).not.toBeNull()
    state = reduce(state, { type: 'escape' })
    expect(state).toMatchObject({ pending: null, focusedId: 't1' })
    state = reduce(state, { type: 'escape' })
    expect(state.focusedId).toBeNull()
    expect(reduce(state, { type: 'escape' })).toEqual(state)
  })

  it('opens one dialog at a time and toggles the history', () => {
    expect(run(initial, { type: 'open', dialog: 'reject' }, { type: 'open', dialog: 'help' }).dialog).toBe('help')
    expect(run(initial, { type: 'open', dialog: 'reopen' }, { type: 'closeDialog' }).dialog).toBeNull()
    expect(run(initial, { type: 'toggleHistory' }).showHistory).toBe(true)
    expect(run(initial, { type: 'toggleHistory' }, { type: 'toggleHistory' }).showHistory).toBe(false)
  })

  it('forgets the focus when the focused tag is deleted', () => {
    expect(run(initial, { type: 'focus', id: 't1' }, { type: 'removed' }).focusedId).toBeNull()
  })

  it('never changes the state it was given', () => {
    const frozen = Object.freeze({ ...initial })
    expect(() => run(frozen, { type: 'select', span: { start: 0, end: 1 } }, { type: 'escape' }, { type: 'toggleHistory' })).not.toThrow()
    expect(frozen).toEqual(initial)
  })
})

describe('span helpers', () => {
  it('nudges an edge and keeps at least one character inside the text', () => {
    expect(nudgeSpan({ start: 10, end: 20 }, 0, 1, 100)).toEqual({ start: 10, end: 21 })
    expect(nudgeSpan({ start: 10, end: 20 }, -1, 0, 100)).toEqual({ start: 9, end: 20 })
    expect(nudgeSpan({ start: 10, end: 11 }, 0, -1, 100)).toEqual({ start: 10, end: 11 })
    expect(nudgeSpan({ start: 10, end: 11 }, 1, 0, 100)).toEqual({ start: 10, end: 11 })
    expect(nudgeSpan({ start: 0, end: 5 }, -1, 0, 100)).toEqual({ start: 0, end: 5 })
    expect(nudgeSpan({ start: 95, end: 100 }, 0, 1, 100)).toEqual({ start: 95, end: 100 })
  })

  it('says whether a draft changes the tag', () => {
    expect(fixChanges(null, tag)).toBe(false)
    expect(fixChanges(fixBase(null, tag), tag)).toBe(false)
    expect(fixChanges({ ...fixBase(null, tag), end: 21 }, tag)).toBe(true)
    expect(fixChanges({ ...fixBase(null, tag), labelId: 'b1' }, tag)).toBe(true)
    expect(fixChanges({ ...fixBase(null, tag), tagId: 't2', end: 21 }, tag)).toBe(false)
  })
})
