import type { LabelNode } from '@/lib/schemas/projects'

export interface LabelInfo {
  id: string
  name: string
  en: string
  path: string[]
  color: string
  shortcut: string | null
  guideline: string
  keywords: string[]
  parentId: string | null
  topId: string
  childIds: string[]
}

/** Flattens the label tree into a lookup by id, keeping each label's parent and top label. */
export function indexLabels(tree: LabelNode[]): Map<string, LabelInfo> {
  const byId = new Map<string, LabelInfo>()
  const walk = (nodes: LabelNode[], parentId: string | null, topId: string | null) => {
    for (const n of nodes) {
      byId.set(n.id, {
        id: n.id,
        name: n.name,
        en: n.en,
        path: n.path,
        color: n.color,
        shortcut: n.shortcut,
        guideline: n.guideline,
        keywords: n.keywords,
        parentId,
        topId: topId ?? n.id,
        childIds: n.children.map((c) => c.id),
      })
      walk(n.children, n.id, topId ?? n.id)
    }
  }
  walk(tree, null, null)
  return byId
}
