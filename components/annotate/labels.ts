import type { LabelNode } from '@/lib/schemas/projects'
import { LabelTree } from '@/lib/taxonomy/tree'

export interface LabelInfo {
  id: string
  name: string
  en: string
  path: string[]
  color: string
  shortcut: string | null
  guideline: string
  guidelineZh: string
  keywords: string[]
  /** Out of the palette and the keys; its tags are still drawn and reviewable. */
  archived: boolean
  parentId: string | null
  topId: string
  childIds: string[]
}

/** Flattens the label tree into a lookup by id, keeping each label's parent and top label (lib/taxonomy/tree.ts). */
export function indexLabels(nodes: LabelNode[]): Map<string, LabelInfo> {
  const flat: (LabelNode & { parentId: string | null })[] = []
  const collect = (list: LabelNode[], parentId: string | null) => {
    for (const node of list) {
      flat.push({ ...node, parentId })
      collect(node.children, node.id)
    }
  }
  collect(nodes, null)
  const tree = new LabelTree(flat)
  return new Map(
    tree.labels.map((n) => [
      n.id,
      {
        id: n.id,
        name: n.name,
        en: n.en,
        path: n.path,
        color: n.color,
        shortcut: n.shortcut,
        guideline: n.guideline,
        guidelineZh: n.guidelineZh,
        keywords: n.keywords,
        archived: n.archived,
        parentId: n.parentId,
        topId: tree.top(n.id)!.id,
        childIds: tree.children(n.id).filter((c) => !c.archived).map((c) => c.id),
      },
    ]),
  )
}
