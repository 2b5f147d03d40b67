// The file import as a manager uses it: drop a zip of mixed raw files on the import page, see each
// file read (bad ones refused with their sentence), fix a field in place and the body's start in
// the preview, import, open the document and tag it. And the API refuses what it must.
import iconv from 'iconv-lite'
import yazl from 'yazl'
import { bearer, errorOf, expect, test } from './fixtures'
import { roleUsers, storageStateOf } from './roles'
import { createWorkspace } from './workspace'

/** A county's report page with the site around it (navigation, breadcrumb, date strip, footer). */
function reportPage(county: string, year: number, charset: 'utf-8' | 'gbk') {
  const paragraphs = Array.from(
    { length: 12 },
    (_, i) => `<p>${year}年，${county}全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，第${i + 1}项：健全重大行政决策程序，持续优化营商环境，深化府院联动。</p>`,
  ).join('\n')
  return `<!DOCTYPE html><html><head><meta charset="${charset}"><title>${county}${year}年法治政府建设工作报告_${county}人民政府</title></head>
<body><div>首页 | 政务公开 | 互动交流</div><div>今天是 ${year + 1}年1月5日 星期三</div>
<div>当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<h1>${county}${year}年法治政府建设工作报告</h1>
<div>信息来源：${county}人民政府 | 发布时间：${year + 1}-02-01 【字体：大 中 小】</div>
${paragraphs}
<div>打印本页 关闭窗口</div><div>主办单位：${county}人民政府办公室 备案号：浙ICP备05000001号</div></body></html>`
}

function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name)
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
}

test('a manager drops a zip of mixed files, fixes a field and the body start, imports, and tags the new document', async ({ browser, sql }) => {
  test.setTimeout(120_000)
  const ws = await createWorkspace(sql)
  const zip = await zipOf([
    ['报告/西湖区.html', Buffer.from(reportPage('西湖区', 2022, 'utf-8'))],
    ['报告/余杭区.htm', iconv.encode(reportPage('余杭区', 2021, 'gbk'), 'gbk')],
    ['报告/scan.pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')],
    ['报告/old.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(500).fill(0)])],
  ])
  const context = await browser.newContext({ storageState: storageStateOf('manager') })
  const page = await context.newPage()
  await page.goto(`/projects/${ws.projectId}/import`)
  await page.getByTestId('file-input').setInputFiles({ name: 'crawl.zip', mimeType: 'application/zip', buffer: zip })

  const table = page.getByTestId('staging-table')
  const row = (name: string) => table.locator(`tr[data-path$="${name}"]`)
  await expect(row('西湖区.html')).toContainText('待导入', { timeout: 60_000 })
  await expect(row('余杭区.htm')).toContainText('待导入', { timeout: 60_000 })
  await expect(row('余杭区.htm')).toContainText('gb18030')
  await expect(row('余杭区.htm')).toContainText('余杭区2021年法治政府建设工作报告')
  // Each bad file has its own sentence, and did not stop the others.
  await expect(row('old.doc').getByTestId('refusal')).toContainText(/\S{4,}/)
  await expect(row('scan.pdf').getByTestId('refusal')).toContainText(/\S{4,}/)
  await expect(row('old.doc').getByTestId('refusal')).not.toHaveText(await row('scan.pdf').getByTestId('refusal').innerText())

  // A field fixed in place: click, type, Enter.
  await row('西湖区.html').locator('[data-field="issuer"]').click()
  await row('西湖区.html').getByRole('textbox').fill('杭州市西湖区司法局')
  await row('西湖区.html').getByRole('textbox').press('Enter')
  await expect(row('西湖区.html').locator('[data-field="issuer"]')).toHaveText('杭州市西湖区司法局')

  // The body's start moved in the preview: select the second paragraph's start, "Body starts here".
  await row('西湖区.html').getByRole('button', { name: /预览/ }).click()
  const preview = page.getByTestId('preview-text')
  await expect(preview).toContainText('当前位置')
  await expect(preview.locator('[data-chrome]').first()).toContainText('首页')
  await preview.evaluate((el) => {
    const line = [...el.querySelectorAll('[data-line-start]')].find((l) => l.textContent?.includes('第2项'))!
    const text = [...line.querySelectorAll('span')].find((s) => !s.hasAttribute('data-chrome'))!.firstChild!
    const range = document.createRange()
    range.setStart(text, 0)
    range.setEnd(text, 5)
    const selection = window.getSelection()!
    selection.removeAllRanges()
    selection.addRange(range)
  })
  await page.getByRole('button', { name: '正文从这里开始' }).click()
  await expect(preview.locator('[data-line-start]').filter({ hasText: '第1项' }).locator('[data-chrome]')).toHaveCount(1)
  await page.keyboard.press('Escape')

  await table.getByRole('checkbox', { name: /西湖区/ }).check()
  await page.getByRole('button', { name: /导入所选/ }).click()
  await expect(row('西湖区.html')).toContainText('已导入', { timeout: 30_000 })
  await row('西湖区.html').getByRole('link', { name: '打开文档' }).click()

  await page.getByRole('tab', { name: '元数据' }).click()
  await expect(page.getByTestId('metadata')).toContainText('杭州市西湖区司法局')
  const { rows } = await sql.query<{ id: string; text: string }>('SELECT id, text FROM "Document" WHERE "projectId" = $1', [ws.projectId])
  expect(rows).toHaveLength(1)
  expect(rows[0].text.startsWith('2022年，西湖区全面推行')).toBe(true)
  expect(rows[0].text).toContain('第2项')
  expect(rows[0].text).not.toContain('第1项')
  expect(rows[0].text).not.toContain('ICP')

  // Tag it with the keyboard: the first sentence, 三项制度 (2) → its first sub-label (1).
  await page.locator('.ProseMirror').waitFor()
  await page.keyboard.press('j')
  await page.keyboard.press('2')
  await page.keyboard.press('1')
  await expect(page.locator('.tb-tag')).toHaveCount(1)
  await expect.poll(async () => (await sql.query('SELECT count(*)::int AS n FROM "Tag" WHERE "documentId" = $1', [rows[0].id])).rows[0].n).toBe(1)
  await context.close()
})

test('the import API: a page with script is stored as inert text, paths that climb out are refused, only managers may import', async ({ request, sql, tokenFor }) => {
  const ws = await createWorkspace(sql)
  const manager = bearer(await tokenFor(roleUsers.manager))
  const annotator = bearer(await tokenFor(roleUsers.annotator))
  expect((await request.post(`/api/v1/projects/${ws.projectId}/import-batches`, { headers: annotator, data: {} })).status()).toBe(403)
  const batch = (await (await request.post(`/api/v1/projects/${ws.projectId}/import-batches`, { headers: manager, data: {} })).json()) as { id: string }
  const upload = (path: string, body: Buffer) => request.post(`/api/v1/import-batches/${batch.id}/files?path=${encodeURIComponent(path)}`, { headers: { ...manager, 'Content-Type': 'application/octet-stream' }, data: body })

  const climbing = await upload('../../etc/passwd.html', Buffer.from('x'))
  expect(climbing.status()).toBe(400)
  expect((await errorOf(climbing)).message).toContain('relative path')

  const hostile = reportPage('滨江区', 2023, 'utf-8').replace('<h1>', '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"><h1>')
  expect((await upload('滨江区.html', Buffer.from(hostile))).status()).toBe(201)
  let row = { id: '', status: 'queued' }
  await expect
    .poll(async () => {
      const page = (await (await request.get(`/api/v1/import-batches/${batch.id}/files`, { headers: manager })).json()) as { items: (typeof row)[] }
      row = page.items[0]
      return row.status
    }, { timeout: 30_000 })
    .toBe('staged')
  const detail = (await (await request.get(`/api/v1/staged-files/${row.id}`, { headers: manager })).json()) as { text: string }
  expect(detail.text).not.toContain('<script')
  expect(detail.text).not.toContain('onerror')
  expect(detail.text).not.toContain('window.pwned')

  const stale = await request.patch(`/api/v1/staged-files/${row.id}`, { headers: manager, data: { version: 999, fields: { issuer: 'x' } } })
  expect(stale.status()).toBe(409)
  const badYear = await request.patch(`/api/v1/staged-files/${row.id}`, { headers: manager, data: { version: 1, fields: { report_year: 'last year' } } })
  expect(badYear.status()).toBe(400)
  expect((await errorOf(badYear)).message).toContain('report_year')
})
