// The review states (docs/architecture.md, "Review states") as one pure table, read by the server
// (lib/services/review.ts, lib/services/tags.ts) and by both UIs (the workbench and the review
// queue), so that a button is shown exactly when the server would accept its action:
//
//   pending ──approve──▶ approved
//      │  ╲──reject(reason)──▶ rejected
//      │   ╲─send back(reason)─▶ needs_revision ──author edits──▶ pending
//   approved/rejected/needs_revision ──reopen(reason)──▶ pending        (reviewer)
//
// Reopen is also how a reviewer takes back their own approve, reject or send back (the undo of the
// review toasts), so it applies to every status a review action produces.
import type { ReviewAction } from '../schemas/review'
import type { TagView } from '../schemas/tags'

export type TagStatus = TagView['status']

/** The TagEvent action a transition writes. */
export type ReviewEvent = 'approved' | 'rejected' | 'sent_back' | 'reopened'

export interface ReviewTransition {
  from: readonly TagStatus[]
  to: TagStatus
  event: ReviewEvent
  /** Reject, send back and reopen tell the author why (a reason code or free text). */
  needsReason: boolean
}

/** Every review action is a reviewer's (role `reviewer` or above: permission `tag.review`). */
export const reviewTransitions: Readonly<Record<ReviewAction, ReviewTransition>> = {
  approve: { from: ['pending'], to: 'approved', event: 'approved', needsReason: false },
  reject: { from: ['pending'], to: 'rejected', event: 'rejected', needsReason: true },
  send_back: { from: ['pending'], to: 'needs_revision', event: 'sent_back', needsReason: true },
  reopen: { from: ['approved', 'rejected', 'needs_revision'], to: 'pending', event: 'reopened', needsReason: true },
}

const order: readonly ReviewAction[] = ['approve', 'reject', 'send_back', 'reopen']

/** Whether a reviewer may apply `action` to a tag in `status`. */
export function canApply(status: TagStatus, action: ReviewAction): boolean {
  return reviewTransitions[action].from.includes(status)
}

/** The status a tag has after `action`. */
export function targetStatus(action: ReviewAction): TagStatus {
  return reviewTransitions[action].to
}

export function needsReason(action: ReviewAction): boolean {
  return reviewTransitions[action].needsReason
}

/** The review actions open on a tag in `status`, in the order the UI shows them. */
export function actionsFor(status: TagStatus): ReviewAction[] {
  return order.filter((action) => canApply(status, action))
}

/** The review actions that ask for a reason first (the UI opens its reason dialog for these). */
export type ReasonedAction = Exclude<ReviewAction, 'approve'>

export function isReasoned(action: ReviewAction): action is ReasonedAction {
  return needsReason(action)
}

// The author's side: outside review, only a tag's author changes it, and only while it is open.

/** What the author may still do to their own tag in `status`. */
export function authorMay(status: TagStatus, verb: 'edit' | 'delete'): boolean {
  if (status === 'approved') return false
  if (status === 'rejected') return verb === 'delete'
  return true
}

/** An author's edit of a sent-back tag returns it to review; other statuses stay as they are. */
export function statusAfterAuthorEdit(status: TagStatus): TagStatus {
  return status === 'needs_revision' ? 'pending' : status
}
