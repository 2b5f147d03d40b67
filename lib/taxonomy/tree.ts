// The one taxonomy module: a project's labels as a tree (paths, subtree, ancestors, top label,
// children in order, find by path), for the server and the browser alike (no imports).
//
// One sibling order everywhere: by `order`, then by name compared code point by code point, then
// by id (so that the order is total). That is what Postgres gives for
// `ORDER BY "order", name COLLATE "C", id` (SIBLING_ORDER_SQL), whatever the database's own
// collation; `localeCompare` and a locale's collation disagree on Chinese names (by pinyin, by
// stroke, or by code point, depending on the ICU data), so neither is used.

/** What the tree needs of a label; any richer label type goes through unchanged. */
export interface TreeLabel {
  id: string
  parentId: string | null
  name: string
  order: number
}

/** Compares two strings by Unicode code point (as UTF-8 bytes compare, and Postgres' "C" collation). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!
    const y = b.codePointAt(i)!
    if (x !== y) return x < y ? -1 : 1
    if (x > 0xffff) i++ // both are the same astral character: skip its second half
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

/** The sibling order: `order`, then name by code point, then id. */
export function compareSiblings(a: TreeLabel, b: TreeLabel): number {
  return a.order - b.order || compareCodePoints(a.name, b.name) || compareCodePoints(a.id, b.id)
}

/** The same order in SQL, for a query over "Label" (alias it as needed: `l."order", l.name COLLATE "C", l.id`). */
export const SIBLING_ORDER_SQL = '"order", name COLLATE "C", id'

/** Names joined with "/", as paths are written in exports, imports and filters. */
export const pathString = (path: readonly string[]) => path.join('/')

export class LabelTree<L extends TreeLabel = TreeLabel> {
  private readonly byId = new Map<string, L>()
  private readonly childrenOf = new Map<string | null, L[]>()
  private readonly paths = new Map<string, string[]>()
  private readonly byPath = new Map<string, L>()
  /** Every label, depth first, siblings in order: a parent before its children. */
  readonly labels: L[] = []

  constructor(labels: Iterable<L>) {
    for (const label of labels) this.byId.set(label.id, label)
    for (const label of this.byId.values()) {
      // A label whose parent is not given (e.g. archived labels left out) is not reachable from the
      // top, so it is left out with its parent, as is everything in a cycle of bad data.
      const siblings = this.childrenOf.get(label.parentId) ?? []
      siblings.push(label)
      this.childrenOf.set(label.parentId, siblings)
    }
    for (const siblings of this.childrenOf.values()) siblings.sort(compareSiblings)
    // Iterative, and each label visited once: a cycle in bad data cannot loop (its labels are unreachable).
    const stack: [L, string[]][] = [...(this.childrenOf.get(null) ?? [])].reverse().map((l) => [l, [l.name]])
    while (stack.length) {
      const [label, path] = stack.pop()!
      if (this.paths.has(label.id)) continue
      this.paths.set(label.id, path)
      this.labels.push(label)
      if (!this.byPath.has(pathString(path))) this.byPath.set(pathString(path), label)
      const children = this.childrenOf.get(label.id) ?? []
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], [...path, children[i].name]])
    }
  }

  get size(): number {
    return this.labels.length
  }

  get(id: string): L | undefined {
    return this.paths.has(id) ? this.byId.get(id) : undefined
  }

  /** The top-level labels, in order. */
  roots(): L[] {
    return this.children(null)
  }

  /** A label's children in order (null: the top-level labels). */
  children(parentId: string | null): L[] {
    return (this.childrenOf.get(parentId) ?? []).filter((l) => this.paths.has(l.id))
  }

  /** Names from the top label down to this one; [] for an unknown id. */
  path(id: string): string[] {
    return this.paths.get(id) ?? []
  }

  /** The labels above this one, top first (not the label itself). */
  ancestors(id: string): L[] {
    const result: L[] = []
    let current = this.get(id)
    while (current && current.parentId !== null && this.paths.has(current.parentId)) {
      current = this.byId.get(current.parentId)!
      result.unshift(current)
      if (result.length > this.labels.length) break // a cycle: cannot happen for reachable labels
    }
    return result
  }

  /** The top-level label this one belongs to (itself when it is one). */
  top(id: string): L | undefined {
    return this.ancestors(id)[0] ?? this.get(id)
  }

  /** The label and every label below it, depth first; [] for an unknown id. */
  subtree(id: string): L[] {
    const root = this.get(id)
    if (!root) return []
    const result: L[] = []
    const stack = [root]
    while (stack.length) {
      const label = stack.pop()!
      result.push(label)
      const children = this.children(label.id)
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
    }
    return result
  }

  subtreeIds(id: string): string[] {
    return this.subtree(id).map((l) => l.id)
  }

  /** The label at a path ("三项制度/执法全过程记录制度" or its parts); the first in order if names repeat. */
  find(path: string | readonly string[]): L | undefined {
    return this.byPath.get(typeof path === 'string' ? path : pathString(path))
  }

  /** Builds a nested structure bottom-up, siblings in order (e.g. the API's label tree). */
  nest<T>(build: (label: L, children: T[], path: string[]) => T, parentId: string | null = null): T[] {
    return this.children(parentId).map((label) => build(label, this.nest(build, label.id), this.path(label.id)))
  }
}
