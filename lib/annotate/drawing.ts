// What the report draws over its text, in editor positions: tags (colour, stacking layer, status),
// headings and blank lines. The editor's decorations (components/annotate/tag-decorations.ts) and
// the server-rendered first paint (report-html.ts) are both built from this, with the same classes
// and styles, so the swap from one to the other does not move a pixel.

export interface DrawnTag {
  id: string
  /** Editor positions (already converted from code points). */
  from: number
  to: number
  color: string
  layer: number
  status: string
  own: boolean
}

/** A suggestion (issue 14): drawn apart from tags, a dashed outline in its label's colour, never a fill. */
export interface DrawnSuggestion {
  id: string
  from: number
  to: number
  color: string
  /** Shown on hover: label path, source and score. */
  title: string
}

export const suggestionClass = 'tb-suggestion'
export const suggestionStyle = (s: Pick<DrawnSuggestion, 'color'>) => `--suggestion-color:${s.color}`

export interface Heading {
  /** Editor positions of the heading's words (its first clause). */
  from: number
  to: number
  level: number
  /** Editor position of its paragraph when the heading starts the line (else it runs on inside one). */
  paragraph: number | null
}

export interface Drawing {
  tags: DrawnTag[]
  headings: Heading[]
  /** Editor positions of the paragraphs whose line holds only whitespace (drawn collapsed). */
  blankParagraphs: number[]
}

export function tagClass(tag: Pick<DrawnTag, 'status' | 'own'>): string {
  return `tb-tag tb-status-${tag.status}${tag.own ? '' : ' tb-other'}`
}

export function tagStyle(tag: Pick<DrawnTag, 'color' | 'layer'>): string {
  return `--tag-color:${tag.color};--tag-layer:${tag.layer}`
}

export const headingTextClass = (level: number) => `tb-heading-text tb-heading-text-${level}`
export const headingParagraphClass = (level: number) => `tb-heading tb-heading-${level}`
export const BLANK_PARAGRAPH_CLASS = 'tb-blank'

/** Paragraph i opens at editor position lineStarts[i] + i; lines of only whitespace are drawn collapsed. */
export function blankParagraphs(lines: string[], lineStarts: number[]): number[] {
  return lines.flatMap((line, i) => (line.trim() === '' ? [lineStarts[i] + i] : []))
}
