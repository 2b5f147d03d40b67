import type { OutlineEntry } from '@/lib/text/outline'
import { readingFont } from '@/components/ui/theme'

export interface Paragraph {
  index: number
  text: string
  heading?: 1 | 2
}

/** Splits the text into its lines, marking those the outline found as section headings. */
export function paragraphsOf(text: string, outline: OutlineEntry[], lineStarts: number[]): Paragraph[] {
  const headingAt = new Map(outline.filter((e) => e.level <= 2).map((e) => [e.start, e.level as 1 | 2]))
  return text.split('\n').map((line, index) => {
    const leading = line.length - line.trimStart().length
    return { index, text: line.trim(), heading: headingAt.get(lineStarts[index] + leading) }
  })
}

/** "(一)加强统筹协调。深入学习……": the numbered clause is the heading, the rest is body text. */
function HeadingLine({ text }: { text: string }) {
  const end = text.search(/[。；;]/)
  if (end < 0 || end === text.length - 1) return <strong>{text}</strong>
  return (
    <>
      <strong>{text.slice(0, end + 1)}</strong>
      {text.slice(end + 1)}
    </>
  )
}

export function ReportText({ paragraphs }: { paragraphs: Paragraph[] }) {
  return (
    <article className="report-text" style={{ fontFamily: readingFont }} data-testid="report-text">
      {paragraphs
        .filter((p) => p.text.length > 0)
        .map((p) => (
          <p key={p.index} id={`p-${p.index}`} className={p.heading ? `heading-${p.heading}` : undefined}>
            {p.heading ? <HeadingLine text={p.text} /> : p.text}
          </p>
        ))}
    </article>
  )
}
