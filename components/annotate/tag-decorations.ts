// Draws tags over the unchanged document as ProseMirror decorations. Each tag is one inline
// decoration with its own <span> (nodeName), so overlapping tags nest and both stay visible; a
// change touches only the decorations of the tags it concerns, never the whole set.
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { BLANK_PARAGRAPH_CLASS, headingParagraphClass, headingTextClass, suggestionClass, suggestionStyle, tagClass, tagStyle, type Drawing, type DrawnSuggestion, type DrawnTag, type Heading } from '@/lib/annotate/drawing'

export type { DrawnTag, Heading }

export type DecorationCommand =
  | ({ type: 'reset' } & Drawing)
  | { type: 'upsert'; tags: DrawnTag[] }
  | { type: 'remove'; ids: string[] }
  | { type: 'pending'; span: { from: number; to: number } | null }
  /** Replaces every suggestion drawn (they change as a set: fetched, one decided, all in a section accepted). */
  | { type: 'suggestions'; items: DrawnSuggestion[] }

interface PluginState {
  set: DecorationSet
  /** Each tag's decoration, so that a change removes exactly it instead of searching the set. */
  byId: Map<string, Decoration>
  pending: Decoration | null
  suggestions: Decoration[]
}

export const tagDecorationsKey = new PluginKey<PluginState>('tagDecorations')

function tagDecoration(tag: DrawnTag): Decoration {
  return Decoration.inline(
    tag.from,
    tag.to,
    {
      nodeName: 'span',
      class: tagClass(tag),
      style: tagStyle(tag),
      'data-tag': tag.id,
    },
    { tagId: tag.id },
  )
}

function suggestionDecoration(s: DrawnSuggestion): Decoration {
  return Decoration.inline(s.from, s.to, { nodeName: 'span', class: suggestionClass, style: suggestionStyle(s), 'data-suggestion': s.id, title: s.title }, { suggestionId: s.id })
}

function apply(state: PluginState, command: DecorationCommand, editorState: EditorState): PluginState {
  const doc = editorState.doc
  switch (command.type) {
    case 'reset': {
      const byId = new Map(command.tags.map((t) => [t.id, tagDecoration(t)]))
      const decorations = [...byId.values()]
      for (const h of command.headings) {
        decorations.push(Decoration.inline(h.from, h.to, { class: headingTextClass(h.level) }, { heading: true }))
        const node = h.paragraph === null ? null : doc.nodeAt(h.paragraph)
        if (node && h.paragraph !== null) decorations.push(Decoration.node(h.paragraph, h.paragraph + node.nodeSize, { class: headingParagraphClass(h.level) }, { heading: true }))
      }
      // Lines holding only whitespace are drawn collapsed: reports copied from web pages are full of them.
      for (const pos of command.blankParagraphs) {
        const node = doc.nodeAt(pos)
        if (node) decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: BLANK_PARAGRAPH_CLASS }, { blank: true }))
      }
      // Suggestions stay: the text never changes, so their positions still hold.
      decorations.push(...state.suggestions)
      return { set: DecorationSet.create(doc, decorations), byId, pending: null, suggestions: state.suggestions }
    }
    case 'upsert': {
      const byId = new Map(state.byId)
      const stale = command.tags.map((t) => byId.get(t.id)).filter((d): d is Decoration => Boolean(d))
      const fresh = command.tags.map((t) => {
        const decoration = tagDecoration(t)
        byId.set(t.id, decoration)
        return decoration
      })
      return { ...state, set: (stale.length ? state.set.remove(stale) : state.set).add(doc, fresh), byId }
    }
    case 'remove': {
      const byId = new Map(state.byId)
      const stale = command.ids.map((id) => byId.get(id)).filter((d): d is Decoration => Boolean(d))
      for (const id of command.ids) byId.delete(id)
      return { ...state, set: stale.length ? state.set.remove(stale) : state.set, byId }
    }
    case 'pending': {
      let set = state.pending ? state.set.remove([state.pending]) : state.set
      const pending = command.span ? Decoration.inline(command.span.from, command.span.to, { nodeName: 'span', class: 'tb-pending' }, { pending: true }) : null
      if (pending) set = set.add(doc, [pending])
      return { ...state, set, pending }
    }
    case 'suggestions': {
      const suggestions = command.items.map(suggestionDecoration)
      return { ...state, set: (state.suggestions.length ? state.set.remove(state.suggestions) : state.set).add(doc, suggestions), suggestions }
    }
  }
}

export const TagDecorations = Extension.create({
  name: 'tagDecorations',
  addProseMirrorPlugins() {
    return [
      new Plugin<PluginState>({
        key: tagDecorationsKey,
        state: {
          init: () => ({ set: DecorationSet.empty, byId: new Map(), pending: null, suggestions: [] }),
          apply(tr, value, _old, newState) {
            const commands = tr.getMeta(tagDecorationsKey) as DecorationCommand[] | undefined
            let next = value
            for (const command of commands ?? []) next = apply(next, command, newState)
            return next
          },
        },
        props: {
          decorations: (state) => tagDecorationsKey.getState(state)?.set,
        },
      }),
    ]
  },
})
