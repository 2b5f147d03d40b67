import { describe, expect, it } from 'vitest'
import type { DrawnTag } from './drawing'
import { EditorPositions } from './editor-positions'
import { reportHtml } from './report-html'

function tag(positions: EditorPositions, id: string, start: number, end: number, extra: Partial<DrawnTag> = {}): DrawnTag {
  return { id, from: positions.codePointToPos(start), to: positions.codePointToPos(end), color: '#e03131', layer: 0, status: 'pending', own: true, ...extra }
}
const open = (id: string, layer = 0, cls = 'tb-tag tb-status-pending') => `<span class="${cls}" style="--tag-color:#e03131;--tag-layer:${layer}" data-preview-tag="${id}">`

describe('reportHtml', () => {
  it('draws one paragraph per line and splits a tag that crosses a line break', () => {
    const p = new EditorPositions('甲乙丙\n丁戊')
    const html = reportHtml(p, { tags: [tag(p, 't1', 1, 5)], headings: [], blankParagraphs: [] })
    expect(html).toBe(`<p>甲${open('t1')}乙丙</span></p><p>${open('t1')}丁</span>戊</p>`)
  })

  it('nests overlapping tags as prosemirror-view does: the outer tag is cut around the inner one, which is innermost', () => {
    const p = new EditorPositions('一二三四五六')
    const html = reportHtml(p, { tags: [tag(p, 'outer', 0, 6), tag(p, 'inner', 2, 4, { layer: 1 })], headings: [], blankParagraphs: [] })
    expect(html).toBe(`<p>${open('outer')}一二</span>${open('outer')}${open('inner', 1)}三四</span></span>${open('outer')}五六</span></p>`)
  })

  it('nests crossing tags as prosemirror-view does (checked against the editor in e2e/annotate.spec.ts)', () => {
    const p = new EditorPositions('甲乙丙丁戊')
    // a [0,3) and b [1,5) cross: a is cut at 1; in [1,3) the piece of a comes first, so it is innermost.
    const html = reportHtml(p, { tags: [tag(p, 'a', 0, 3), tag(p, 'b', 1, 5, { layer: 1 })], headings: [], blankParagraphs: [] })
    expect(html).toBe(`<p>${open('a')}甲</span>${open('b', 1)}${open('a')}乙丙</span></span>${open('b', 1)}丁戊</span></p>`)
  })

  it('counts code points: a tag after astral characters lands on the right characters', () => {
    const p = new EditorPositions('𠮷🙂ab𡈼c')
    const html = reportHtml(p, { tags: [tag(p, 't', 2, 5)], headings: [], blankParagraphs: [] })
    expect(html).toBe(`<p>𠮷🙂${open('t')}ab𡈼</span>c</p>`)
  })

  it('escapes markup and keeps a carriage return as a character the parser does not fold', () => {
    const p = new EditorPositions('a<b>&c\r\nd')
    const html = reportHtml(p, { tags: [{ ...tag(p, 'x"y', 0, 1), color: 'red' }], headings: [], blankParagraphs: [] })
    expect(html).toBe('<p><span class="tb-tag tb-status-pending" style="--tag-color:red;--tag-layer:0" data-preview-tag="x&quot;y">a</span>&lt;b&gt;&amp;c&#13;</p><p>d</p>')
  })

  it('marks headings, blank lines, other annotators’ tags and empty lines as the editor does', () => {
    const p = new EditorPositions('一、总则\n \n\n正文。')
    const heading = { from: p.codePointToPos(0), to: p.codePointToPos(4), level: 1, paragraph: 0 }
    const html = reportHtml(p, { tags: [tag(p, 'o', 2, 4, { own: false, status: 'approved' })], headings: [heading], blankParagraphs: [p.lineStarts[1] + 1, p.lineStarts[2] + 2] }, { paragraphAttributes: 'elementtiming="r"' })
    expect(html).toBe(
      '<p class="tb-heading tb-heading-1" elementtiming="r"><span class="tb-heading-text tb-heading-text-1">一、</span>' +
        // The heading starts first, so its class makes the innermost span and the tag wraps it.
        `<span class="tb-tag tb-status-approved tb-other" style="--tag-color:#e03131;--tag-layer:0" data-preview-tag="o"><span class="tb-heading-text tb-heading-text-1">总则</span></span></p>` +
        '<p class="tb-blank" elementtiming="r"> </p><p class="tb-blank" elementtiming="r"><br class="ProseMirror-trailingBreak"></p><p elementtiming="r">正文。</p>',
    )
  })
})
