import { describe, expect, it } from 'vitest'
import { htmlToText } from './html'

describe('htmlToText', () => {
  it('keeps no markup and no script text; handlers and iframes vanish with their elements', () => {
    const html = `<html><head><title>报告 - 某市人民政府</title><script>alert("head")</script></head><body>
      <script>document.write("<p>注入</p>")</script><style>p{color:red}</style><noscript>请启用脚本</noscript>
      <p>正文第一段。<img src=x onerror="alert(1)"></p><iframe src="https://evil.example/"></iframe>
      <svg><text>图形文字</text></svg><template><p>模板</p></template><form><input value="搜索"><button>提交</button><select><option>选项</option></select>表单说明</form>
      <p>&lt;script&gt;alert(2)&lt;/script&gt; 是文字，不是脚本。</p></body></html>`
    const { text } = htmlToText(html)
    expect(text).not.toMatch(/alert\(1\)|alert\("head"\)|document\.write|color:red|请启用脚本|图形文字|模板|搜索|提交|选项|onerror|<img|<p>/)
    expect(text).toContain('正文第一段。')
    expect(text).toContain('表单说明')
    // An escaped tag in the page is text the author wrote: it stays, as text.
    expect(text).toContain('<script>alert(2)</script> 是文字，不是脚本。')
  })

  it('ends lines at blocks and <br>, joins table cells with a space, decodes entities', () => {
    const { text } = htmlToText(
      '<div>第一行<br>第二行</div><p>段落&nbsp;一&amp;二&#x4e09;</p><table><tr><td>索引号</td><td>001</td></tr><tr><th>发布机构</th><td>某市司法局</td></tr></table><p>末段</p>',
    )
    expect(text).toBe('第一行\n第二行\n\n段落\u00a0一&二三\n\n索引号 001\n发布机构 某市司法局\n\n末段')
  })

  it('collapses HTML white space but keeps U+3000 indents and blank lines to one', () => {
    const { text } = htmlToText('<p>\n   \u3000\u3000第一段，\n   续写。  </p>\n\n<p></p><p></p><div></div><p>\u3000\u3000第二段。</p>')
    // The source line break between "，" and "续" is no space (two wide characters: CSS Text 3 segment breaks).
    expect(text).toBe('\u3000\u3000第一段，续写。\n\n\u3000\u3000第二段。')
  })

  it('drops hidden elements and comments', () => {
    const { text } = htmlToText('<div style="display: none">隐藏菜单</div><!-- 注释 --><p hidden>也隐藏</p><p>可见</p>')
    expect(text).toBe('可见')
  })

  it('reads the page: title, meta by name and property, canonical link, og:url and a saved-from comment', () => {
    const { page } = htmlToText(`<!-- saved from url=(0045)http://www.xinzhou.gov.cn/zfxxgk/202006/t1.shtml -->
      <html><head><title> 忻州市2019年法治政府建设情况报告_忻州市人民政府 </title>
      <meta name="ArticleTitle" content="忻州市2019年法治政府建设情况报告"><meta name="PubDate" content="2020-06-02 10:00">
      <meta property="og:url" content="https://example.gov.cn/a.html"><link rel="canonical" href="https://example.gov.cn/canonical.html"></head><body></body></html>`)
    expect(page.title).toBe('忻州市2019年法治政府建设情况报告_忻州市人民政府')
    expect(page.meta).toMatchObject({ articletitle: '忻州市2019年法治政府建设情况报告', pubdate: '2020-06-02 10:00', 'og:url': 'https://example.gov.cn/a.html' })
    expect(page.canonicalUrl).toBe('https://example.gov.cn/canonical.html')
    expect(page.savedFromUrl).toBe('http://www.xinzhou.gov.cn/zfxxgk/202006/t1.shtml')
  })
})

describe('htmlToText: table cells', () => {
  it('joins a row whose cells each hold one paragraph (Word, editors) on one line, and keeps a cell of paragraphs as paragraphs', () => {
    const { text } = htmlToText('<table><tr><td><p>行政复议案件</p></td><td><p>61</p></td><td> <p>74</p> </td></tr></table><table><tr><td><p>第一段。</p><p>第二段。</p></td></tr></table>')
    expect(text).toBe('行政复议案件 61 74\n\n第一段。\n\n第二段。')
  })
})

describe('htmlToText: line breaks in the source', () => {
  it('drops a source line break between two Chinese characters (CSS Text 3), keeps it as a space elsewhere', () => {
    const { text } = htmlToText("<p class=MsoNormal><span>深入学习贯彻\n习近平法治思想，<span lang=EN-US>2023</span>年\n1月</span></p><p>Rule of\nlaw 法治\n建设</p>")
    expect(text).toBe('深入学习贯彻习近平法治思想，2023年 1月\n\nRule of law 法治建设')
  })
  it('drops it across elements too: a break at the end of one span and the start of the next', () => {
    expect(htmlToText('<p><span>法治政府\n</span><span>建设</span></p>').text).toBe('法治政府建设')
  })
})
