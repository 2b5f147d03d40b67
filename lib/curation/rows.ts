// The rows a curator works through (docs/decisions/0025): the annotators' tags of one document,
// grouped where their spans overlap. A row where every annotator made the same tag (same span,
// same label) is an agreement, proposed as gold as it is; every other row is a disagreement the
// curator resolves by taking one annotator's tags, fixing one, or dropping the row. Pure, so that
// the server and the tests compute the same rows.

export interface CurationInputTag {
  id: string
  version: number
  authorId: string
  labelId: string
  start: number
  end: number
}

export interface CurationRow<T extends CurationInputTag = CurationInputTag> {
  /**
   * The tags of the row by id, span and label, sorted: a tag added, deleted or moved (or relabelled)
   * after a decision makes a new row, undecided again; a review of a tag (its status) does not.
   */
  keyText: string
  kind: 'agreement' | 'disagreement'
  /** The extent of the row: from the first start to the last end of its tags. */
  start: number
  end: number
  tags: T[]
}

/**
 * Groups tags whose spans overlap (directly or through a chain of overlaps) into rows, in text
 * order. Labels do not split a row: the same passage tagged with two labels is one disagreement.
 * `annotatorCount` is how many annotators tagged the document: an agreement needs each of them.
 */
export function curationRows<T extends CurationInputTag>(tags: readonly T[], annotatorCount: number): CurationRow<T>[] {
  const sorted = [...tags].sort((a, b) => a.start - b.start || a.end - b.end || a.id.localeCompare(b.id))
  const groups: T[][] = []
  let reach = -1
  for (const tag of sorted) {
    if (groups.length && tag.start < reach) {
      groups[groups.length - 1].push(tag)
      reach = Math.max(reach, tag.end)
    } else {
      groups.push([tag])
      reach = tag.end
    }
  }
  return groups.map((group) => ({
    keyText: group
      .map((t) => `${t.id}:${t.start}-${t.end}:${t.labelId}`)
      .sort()
      .join(','),
    kind: isAgreement(group, annotatorCount) ? 'agreement' : 'disagreement',
    start: group[0].start,
    end: Math.max(...group.map((t) => t.end)),
    tags: group,
  }))
}

function isAgreement(group: readonly CurationInputTag[], annotatorCount: number): boolean {
  if (annotatorCount < 2 || group.length !== annotatorCount) return false
  const [first] = group
  const authors = new Set(group.map((t) => t.authorId))
  return authors.size === annotatorCount && group.every((t) => t.start === first.start && t.end === first.end && t.labelId === first.labelId)
}
