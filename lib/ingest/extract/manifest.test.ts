import { describe, expect, it } from 'vitest'
import { parseManifest } from './manifest'
import { encodeGbk } from './test-helpers'

describe('parseManifest', () => {
  it('reads a GBK manifest with Chinese headers, keyed by path and by base name', () => {
    const csv = '文件名,网址,发布机构,备注\r\npages\\a.html,http://x.gov.cn/a.html,某市司法局,"含,逗号"\r\nb.txt,http://x.gov.cn/b,,\r\n'
    const { rows, problems } = parseManifest(encodeGbk(csv))
    expect(problems).toEqual([])
    expect(rows.get('pages/a.html')).toEqual({ file: 'pages/a.html', url: 'http://x.gov.cn/a.html', 发布机构: '某市司法局', 备注: '含,逗号' })
    expect(rows.get('a.html')).toBe(rows.get('pages/a.html'))
    expect(rows.get('b.txt')).toEqual({ file: 'b.txt', url: 'http://x.gov.cn/b' })
  })

  it('requires a column naming the file', () => {
    const { rows, problems } = parseManifest(new TextEncoder().encode('url,title\nhttp://x,报告\n'))
    expect(rows.size).toBe(0)
    expect(problems[0]).toMatch(/no column naming the file/)
  })

  it('says which lines it skipped, and that same-named files in two folders match by path only', () => {
    const csv = 'file,url\n,http://no-name\nx/a.html,http://1\ny/a.html,http://2\nx/a.html,http://dup\n'
    const { rows, problems } = parseManifest(new TextEncoder().encode(csv))
    expect(rows.get('x/a.html')?.url).toBe('http://1')
    expect(rows.get('y/a.html')?.url).toBe('http://2')
    expect(rows.has('a.html')).toBe(false)
    expect(problems).toEqual([
      'manifest.csv line 2 names no file; it was skipped.',
      'manifest.csv names x/a.html twice (line 5 is ignored).',
      'manifest.csv has several files named a.html in different folders; they are matched by their full path only.',
    ])
  })
})
