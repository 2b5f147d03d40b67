import { createTranslator } from 'next-intl'
import { describe, expect, it } from 'vitest'
import { reviewActions, type ReviewAction } from '../schemas/review'
import { actionsFor, authorMay, canApply, isReasoned, needsReason, reviewTransitions, statusAfterAuthorEdit, targetStatus, type TagStatus } from './transitions'

const statuses: TagStatus[] = ['pending', 'approved', 'rejected', 'needs_revision']

// The table of docs/architecture.md ("Review states"), written out cell by cell: status × action → target or refused.
const expected: Record<TagStatus, Record<ReviewAction, TagStatus | null>> = {
  pending: { approve: 'approved', reject: 'rejected', send_back: 'needs_revision', reopen: null },
  approved: { approve: null, reject: null, send_back: null, reopen: 'pending' },
  rejected: { approve: null, reject: null, send_back: null, reopen: 'pending' },
  needs_revision: { approve: null, reject: null, send_back: null, reopen: 'pending' },
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
    // A sent-back tag waits for its author; a reviewer may only take the send back back (reopen, the undo).
    expect(actionsFor('needs_revision')).toEqual(['reopen'])
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

describe('the refusal of a transition, in both languages', () => {
  // The sentence the UI shows for a 409 of lib/services/review.ts (key review.notApplicable): every
  // status and action has its own words, in English and Chinese, rather than falling back to the code.
  for (const locale of ['en', 'zh-CN'] as const) {
    it(locale, async () => {
      const apiErrors = (await import(`../../messages/api-errors.${locale}.json`)).default
      const t = createTranslator({ locale, messages: { apiErrors }, namespace: 'apiErrors' })
      for (const status of statuses) {
        for (const action of reviewActions.filter((a) => !canApply(status, a))) {
          const sentence = t('review.notApplicable', { status, action })
          // A code in the sentence means its select has no branch for it (a Chinese one has no Latin letters at all).
          expect(sentence).not.toMatch(locale === 'en' ? /[_{}]/ : /[A-Za-z_{}]/)
        }
      }
      expect(t('review.notApplicable', { status: 'pending', action: 'reopen' })).toBe(
        locale === 'en' ? 'This tag is pending, so it cannot be reopened. Reload to see its current state.' : '该标注待审核，不能重新打开。请刷新查看其当前状态。',
      )
    })
  }
})
