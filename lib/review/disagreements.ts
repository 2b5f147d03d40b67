// Where the annotators of one document disagree, shown to reviewers in the workbench (the tag list's
// marks, the focused tag's note, a red outline on conflicts). Blind mode never computes it.

export type Disagreement = 'conflict' | 'partial' | 'unique'

/** The parts of a tag the comparison reads. */
export interface ComparedTag {
  id: string
  authorId: string
  labelId: string
  start: number
  end: number
}

/**
 * How each tag relates to the other annotators' tags on this document: another annotator tagged
 * the same span with a different label (conflict), overlapped it with the same top label but a
 * different span (partial), or nobody else tagged anything overlapping it with that top label
 * (unique). A tag that another annotator tagged alike (same span, same label) is absent from the
 * result, and so is every tag while only one annotator has tagged the document.
 * `topOf` gives a label's top-level label (a label without a parent is its own top).
 */
export function disagreements(tags: readonly ComparedTag[], topOf: (labelId: string) => string | undefined): Map<string, Disagreement> {
  const result = new Map<string, Disagreement>()
  if (new Set(tags.map((t) => t.authorId)).size < 2) return result
  const sorted = [...tags].sort((x, y) => x.start - y.start)
  sorted.forEach((a, i) => {
    const others: ComparedTag[] = []
    // Sorted by start: earlier tags may reach into a; later ones only until they start after it.
    for (let j = 0; j < sorted.length; j++) {
      const b = sorted[j]
      if (j > i && b.start >= a.end) break
      if (b.authorId !== a.authorId && b.start < a.end && b.end > a.start) others.push(b)
    }
    const top = topOf(a.labelId)
    const same = (b: ComparedTag) => b.start === a.start && b.end === a.end
    if (others.some((b) => same(b) && b.labelId !== a.labelId)) result.set(a.id, 'conflict')
    else if (others.some((b) => same(b))) return // the same span and label: agreement
    else if (others.some((b) => topOf(b.labelId) === top)) result.set(a.id, 'partial')
    else result.set(a.id, 'unique')
  })
  return result
}
