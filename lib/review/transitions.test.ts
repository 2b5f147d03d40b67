import { describe, expect, it } from 'vitest'
import { reviewActions, type ReviewAction } from '../schemas/review'
import { actionsFor, authorMay, canApply, isReasoned, needsReason, reviewTransitions, statusAfterAuthorEdit, targetStatus, type TagStatus } from './transitions'

const statuses: TagStatus[] = ['pending', 'approved', 'rejected', 'needs_revision']

// The table of DESIGN.md ("Review states"), written out cell by cell: status × action → target or refused.
const expected: Record<TagStatus, Record<ReviewAction, TagStatus | null>> = {
  pending: { approve: 'approved', reject: 'rejected', send_back: 'needs_revision', reopen: null },
  approved: { approve: null, reject: null, send_back: null, reopen: 'pending' },
  rejected: { approve: null, reject: null, send_back: null, reopen: 'pending' },
  needs_revision: { approve: null, reject: null, send_back: null, reopen: null },
}

describe('review transitions', () => {
  for (const status of statuses) {
    for (const action of reviewActions) {
      const to = expected[status][action]
      it(`${status} --${action}--> ${to ?? 'refused'}`, () => {
        expect(canApply(status, action)).toBe(to !== null)
        if (to) expect(targetStatus(action)).toBe(to)
      })
    }
  }

  it('covers every action of the API schema', () => {
    expect(Object.keys(reviewTransitions).sort()).toEqual([...reviewActions].sort())
  })

  it('asks for a reason to reject, send back and reopen, not to approve', () => {
    expect(reviewActions.filter(needsReason)).toEqual(['reject', 'send_back', 'reopen'])
    expect(reviewActions.filter(isReasoned)).toEqual(['reject', 'send_back', 'reopen'])
  })

  it('writes the TagEvent of each action', () => {
    expect(Object.fromEntries(reviewActions.map((a) => [a, reviewTransitions[a].event]))).toEqual({
      approve: 'approved',
      reject: 'rejected',
      send_back: 'sent_back',
      reopen: 'reopened',
    })
  })

  it('lists the open actions per status in the order the UI shows them', () => {
    expect(actionsFor('pending')).toEqual(['approve', 'reject', 'send_back'])
    expect(actionsFor('approved')).toEqual(['reopen'])
    expect(actionsFor('rejected')).toEqual(['reopen'])
    // A sent-back tag waits for its author: no reviewer action applies.
    expect(actionsFor('needs_revision')).toEqual([])
  })
})

describe("the author's side", () => {
  it('lets the author edit and delete open tags only; a rejected tag may still be deleted', () => {
    expect(statuses.filter((s) => authorMay(s, 'edit'))).toEqual(['pending', 'needs_revision'])
    expect(statuses.filter((s) => authorMay(s, 'delete'))).toEqual(['pending', 'rejected', 'needs_revision'])
  })

  it("returns a sent-back tag to review when its author edits it, and leaves other statuses alone", () => {
    expect(statusAfterAuthorEdit('needs_revision')).toBe('pending')
    expect(statusAfterAuthorEdit('pending')).toBe('pending')
    expect(statusAfterAuthorEdit('approved')).toBe('approved')
    expect(statusAfterAuthorEdit('rejected')).toBe('rejected')
  })
})
