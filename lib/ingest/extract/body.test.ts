import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CodePointIndex } from '@/lib/text/codepoints'
import { classifyLine } from './body'
import { extractFile } from './index'
import { encodeGbk } from './test-helpers'

const corpus = '/work/shared/corpus'
const metadata = JSON.parse(readFileSync(`${corpus}/metadata.json`, 'utf8')) as {
  reports: { file: string; body_starts_with: string; body_ends_with: string }[]
}

async function bodyOf(bytes: Uint8Array, name: string) {
  const r = await extractFile(bytes, name)
  if (!r.ok) throw new Error(r.problem.message)
  expect(r.file.body).not.toBeNull()
  return { body: new CodePointIndex(r.file.text).slice(r.file.body!.start, r.file.body!.end), file: r.file }
}

describe('the body of the five corpus reports (hand-read bounds in metadata.json)', () => {
  for (const report of metadata.reports) {
    it(`${report.file}: starts with "${report.body_starts_with}" and ends with "${report.body_ends_with}"`, async () => {
      const { body } = await bodyOf(readFileSync(`${corpus}/reports/${report.file}`), report.file)
      expect(body.slice(0, report.body_starts_with.length), `${report.file}: body start`).toBe(report.body_starts_with)
      expect(body.slice(-report.body_ends_with.length), `${report.file}: body end`).toBe(report.body_ends_with)
    })
  }
})

const paragraphs = [
  '\u3000\u30002023年，区司法局在区委、区政府的坚强领导下，深入学习贯彻习近平法治思想，全面推进法治政府建设，各项工作取得新成效。现将有关情况报告如下：',
  '一、主要举措和成效',
  '\u3000\u3000（一）加强党对法治政府建设的领导。区委常委会、区政府常务会议专题研究法治政府建设工作6次，压紧压实党政主要负责人第一责任人职责。',
  '\u3000\u3000（二）深化“放管服”改革。全面推行证明事项告知承诺制，政务服务事项网上可办率达到98%以上，群众办事更加便利。',
  '二、存在的问题和下一步打算',
  '\u3000\u3000下一步，我们将继续深入推进依法行政，加快建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府。',
]

describe('the body of pages with other chrome', () => {
  it('an HTML page in GBK: navigation, breadcrumb, date strip, font and print controls, share, related links, footer', async () => {
    const html = `<html><head><meta charset="gbk"><title>某区2023年法治政府建设年度报告_某区人民政府</title></head><body>
      <div class="top">今天是 2024年03月06日 星期三 | <a href="/">设为首页</a> <a href="/">加入收藏</a></div>
      <div class="nav"><a href="/">首页</a> <a href="/">政务公开</a> <a href="/">政务服务</a> <a href="/">互动交流</a> <a href="/">走进某区</a></div>
      <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/">法治政府建设</a></div>
      <div class="article"><h1>某区2023年法治政府建设年度报告</h1>
        <div class="info">发布日期：2024-03-05　来源：某区司法局　浏览次数：<span>1024</span>　【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
        <div class="content">${paragraphs.map((p) => `<p>${p}</p>`).join('')}<p style="text-align:right">某区人民政府</p><p style="text-align:right">2024年2月28日</p></div>
        <div class="tools"><a>【打印本页】</a> <a>【关闭窗口】</a> 分享到：<a>微信</a> <a>微博</a></div>
        <div class="related"><h3>相关链接</h3><ul><li><a>某区2022年法治政府建设年度报告</a></li><li><a>关于印发某区法治政府建设实施方案的通知</a></li></ul></div>
        <div>上一篇：<a>某区召开法治政府建设推进会</a></div></div>
      <div class="footer">主办：某区人民政府办公室　承办：某区大数据中心<br>联系电话：0571-88888888　地址：某区人民路1号<br>浙ICP备12345678号-1　浙公网安备 33010602000001号　网站标识码：3301060001</div>
      </body></html>`
    const { body, file } = await bodyOf(encodeGbk(html), 'page.shtml')
    expect(file.encoding).toBe('gb18030')
    expect(body.startsWith('2023年，区司法局在区委')).toBe(true)
    expect(body.endsWith('某区人民政府\n\n2024年2月28日')).toBe(true)
    expect(body).not.toMatch(/打印|分享|相关链接|上一篇|ICP|浏览次数|字体/)
  })

  it('a plain text page: a menu line, 今天是 strip, share, counter, contact, ICP and 责任编辑 around the report; offsets in code points past astral characters', async () => {
    const text = [
      '首页 | 机构概况 | 政务公开 | 办事服务 | 互动交流',
      '今天是2019年10月31日 星期三',
      '𠮷县人民政府关于2019年度法治政府建设情况的报告（𡈼）',
      '发布时间：2020-01-10 作者：县司法局 阅读量：356',
      ...paragraphs,
      '某县人民政府',
      '2020年1月8日',
      '责任编辑：张三',
      '分享到：',
      '相关阅读',
      '版权所有：某县人民政府 电话：0898-12345678',
      '琼ICP备05000000号',
    ].join('\n')
    const { body } = await bodyOf(new TextEncoder().encode(text), 'x.txt')
    expect(body.startsWith('2023年，区司法局')).toBe(true)
    expect(body.endsWith('人民满意的法治政府。\n某县人民政府\n2020年1月8日')).toBe(true)
  })

  it('prose that mentions a telephone line or a source is not taken for chrome', () => {
    expect(classifyLine('开通12345政务服务便民热线电话：全年受理群众诉求2.3万件，办结率99.8%，群众满意度持续提升，切实解决了一批群众急难愁盼问题。').kind).toBe('prose')
    expect(classifyLine('电话：0351-2776980').kind).toBe('chrome')
    expect(classifyLine('【字体：大 中 小】').kind).toBe('chrome')
    expect(classifyLine('2020年07月04日 (星期六)').kind).toBe('chrome')
    expect(classifyLine('庚子年五月十四').kind).toBe('chrome')
    expect(classifyLine('| |||').kind).toBe('blank')
    expect(classifyLine('2023年1月12日').kind).toBe('date')
  })
})

describe('the body of other page shapes', () => {
  it('a 政府信息公开 page: the index table, title and 成文日期 stay outside, the report inside a layout table cell', async () => {
    const links = Array.from({ length: 30 }, (_, i) => `<a href="/c${i}">信息公开目录栏目${i}</a><br>`).join('')
    const html = `<html><head><meta charset="utf-8"><title>某市人民政府关于2022年法治政府建设情况的报告-政府信息公开</title></head><body>
      <table width="1000"><tr><td width="200" class="left">${links}</td><td width="800">
      <table class="index"><tr><td>索引号：</td><td>11370100MB28503X/2023-00012</td><td>主题分类：</td><td>司法</td></tr>
      <tr><td>发布机构：</td><td>某市人民政府</td><td>成文日期：</td><td>2023-01-20</td></tr>
      <tr><td>名称：</td><td colspan="3">某市人民政府关于2022年法治政府建设情况的报告</td></tr></table>
      <h2>某市人民政府关于2022年法治政府建设情况的报告</h2>
      <div id="zoom">${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}<p>某市人民政府</p><p>2023年1月20日</p></div>
      <p>扫一扫在手机打开当前页</p></td></tr></table>
      <div>网站标识码：3701000001 鲁ICP备05000000号</div></body></html>`
    const { body } = await bodyOf(new TextEncoder().encode(html), 'xxgk.html')
    expect(body.startsWith('2023年，区司法局')).toBe(true)
    expect(body.endsWith('某市人民政府\n\n2023年1月20日')).toBe(true)
    expect(body).not.toMatch(/索引号|信息公开目录|扫一扫/)
  })

  it('a page of links only (a column list) has no body', async () => {
    const menu = `<html><body><ul>${Array.from({ length: 40 }, (_, i) => `<li><a href="/a${i}">关于印发某市法治政府建设实施方案的通知${i}</a></li>`).join('')}</ul></body></html>`
    const r = await extractFile(new TextEncoder().encode(menu), 'list.html')
    expect(r.ok && r.file.body).toBeNull()
  })
})

describe('findBody: signatures the fixture set found (tests/fixtures/import)', () => {
  const report = Array.from({ length: 8 }, (_, i) => `\u3000\u3000第${i + 1}条，坚持以习近平法治思想为指导，深入推进依法行政，法治政府建设取得新成效。`).join('\n')
  it('ends with a signature dated by month only, with one on a single line, and past a notice’s contact line or 特此报告', async () => {
    for (const [closing, end] of [
      ['柯桥区人民政府\n2023年1月', '2023年1月'],
      ['绍兴市上虞区人民政府\u30002024年1月26日', '2024年1月26日'],
      ['联系人：汪明，联系电话：0793-7351234。\n婺源县司法局\n2023年12月20日', '2023年12月20日'],
      ['特此报告。\n永康市人民政府\n2024年1月25日', '2024年1月25日'],
    ]) {
      const { body } = await bodyOf(new TextEncoder().encode(`${report}\n${closing}\n打印本页 关闭窗口`), 'x.txt')
      expect(body.endsWith(end), closing).toBe(true)
    }
  })
})
