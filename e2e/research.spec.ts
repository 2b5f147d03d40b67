// The 研究 tab (issue 15): from the distribution to the passages behind a cell, sorted, searched,
// downloaded, and back to the tag in its report.
import { readFile } from 'node:fs/promises'
import { expect, test } from './fixtures'
import { as } from './session'
import { approve, tagPart } from './tagging'
import { createWorkspace } from './workspace'

const LINKAGE = '府院联动'
const JOINT = '府院联动/司法建议与联席机制'
const BUSINESS = '营商环境'

// 忻州 2019: two linkage passages; 忻州 2020: one; 荆州 2019: one, and a business passage.
// The first report starts with astral characters: offsets are code points.
const REPORTS = [
  { key: 'xz2019', title: '忻州市2019年法治政府建设情况报告', province: '山西省', city: '忻州市', year: 2019, text: '𠮷😀2019年，忻州市建立府院联动机制，定期召开联席会议。全市推进府院联动工作，化解行政争议。' },
  { key: 'xz2020', title: '忻州市2020年法治政府建设情况报告', province: '山西省', city: '忻州市', year: 2020, text: '2020年，忻州市深化府院联动，行政机关负责人出庭应诉率达到百分之百。' },
  { key: 'jz2019', title: '荆州市2019年法治政府建设工作报告', province: '湖北省', city: '荆州市', year: 2019, text: '荆州市建立府院联席会议制度。持续优化营商环境，服务市场主体。' },
]

test('a researcher goes from a heatmap cell to its passages, sorts, searches, downloads them and opens one in its report', async ({ browser, sql }) => {
  test.slow()
  const ws = await createWorkspace(sql, { blindMode: false })
  const ids: Record<string, string> = {}
  for (const r of REPORTS) {
    ids[r.key] = await ws.addDocument(r.title, r.text, { province: r.province, city: r.city, reportYear: r.year, level: '地级市' })
  }
  const annotator = await as(browser, 'annotator')
  const reviewer = await as(browser, 'reviewer')
  const text = (key: string) => REPORTS.find((r) => r.key === key)!.text
  const approved = [
    await tagPart(annotator.request, ids.xz2019, ws.label(LINKAGE), text('xz2019'), '府院联动机制'),
    await tagPart(annotator.request, ids.xz2019, ws.label(JOINT), text('xz2019'), '推进府院联动工作'),
    await tagPart(annotator.request, ids.xz2020, ws.label(LINKAGE), text('xz2020'), '深化府院联动'),
    await tagPart(annotator.request, ids.jz2019, ws.label(JOINT), text('jz2019'), '府院联席会议制度'),
    await tagPart(annotator.request, ids.jz2019, ws.label(BUSINESS), text('jz2019'), '持续优化营商环境'),
  ]
  // A pending tag: not in the default (approved) figures.
  await tagPart(annotator.request, ids.xz2019, ws.label(LINKAGE), text('xz2019'), '定期召开联席会议')
  await approve(reviewer.request, ...approved)
  await annotator.context.close()
  await reviewer.context.close()

  const { page, context } = await as(browser, 'manager')
  await page.goto(`/projects/${ws.projectId}`)
  await page.getByRole('tab', { name: '研究' }).click()
  await expect(page).toHaveURL(new RegExp(`/projects/${ws.projectId}/research`))

  // The 府院联动 family (its sub-label included), per province and year.
  await page.goto(`/projects/${ws.projectId}/research?labelId=${ws.label(LINKAGE)}`)
  const heatmap = page.getByTestId('heatmap')
  await expect(heatmap.locator('[data-cell="山西省|2019"]')).toHaveText('2')
  await expect(heatmap.locator('[data-cell="山西省|2020"]')).toHaveText('1')
  await expect(heatmap.locator('[data-cell="湖北省|2019"]')).toHaveText('1')
  // Share of reports: each of these regions has one report a year, and each carries the label.
  await page.getByTestId('measure').getByText('报告覆盖率').click()
  await expect(heatmap.locator('[data-cell="山西省|2019"]')).toHaveText('100%')
  await expect(page).toHaveURL(/measure=share/)
  // Per 10,000 characters: 2 tags in the 2019 report of 忻州.
  await page.getByTestId('measure').getByText('每万字标注数').click()
  const perTenThousand = (2 * 10_000) / Array.from(text('xz2019')).length
  await expect(heatmap.locator('[data-cell="山西省|2019"]')).toHaveText(perTenThousand.toFixed(1))
  await expect(page.getByTestId('tile-map').locator('[data-tile="山西省"]')).toContainText('山西')

  // A cell opens the concordance of exactly its tags.
  await heatmap.locator('[data-cell="山西省|2019"]').click()
  await expect(page).toHaveURL(/view=concordance/)
  await expect(page).toHaveURL(/yearFrom=2019&yearTo=2019|yearTo=2019/)
  const lines = page.getByTestId('concordance').locator('tbody tr')
  await expect(lines).toHaveCount(2)
  await expect(lines.locator('[data-part="quote"]')).toHaveText(['府院联动机制', '推进府院联动工作'])
  await expect(lines.first().locator('[data-part="left"]')).toContainText('𠮷😀2019年，忻州市建立')
  await expect(page.getByTestId('concordance-total')).toHaveText('共 2 行')

  // Sorted by the right context: "，化解…" comes before "，定期…" (化 U+5316 < 定 U+5B9A).
  await page.getByTestId('concordance-sort').click()
  await page.getByRole('option', { name: '右侧语境' }).click()
  await expect(page).toHaveURL(/sort=right/)
  await expect(lines.locator('[data-part="quote"]')).toHaveText(['推进府院联动工作', '府院联动机制'])

  // Searching inside the passages, the match marked.
  await page.getByTestId('concordance-search').fill('机制')
  await expect(lines).toHaveCount(1)
  await expect(lines.first().locator('mark')).toHaveText('机制')

  // The CSV holds the same lines.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()])
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\ufeff/, '')
  const rows = csv.trim().split('\n')
  expect(rows[0]).toBe('label,province,city,year,title,left,quote,right,status,document_id,tag_id,start,end')
  expect(rows).toHaveLength(2)
  expect(rows[1]).toContain(',府院联动机制,')
  expect(rows[1]).toContain(`,${ids.xz2019},${approved[0].id},`)

  // A line opens its tag in the report.
  await page.getByTestId('concordance-search').fill('')
  await expect(lines).toHaveCount(2)
  await lines.locator('[data-part="quote"]', { hasText: '府院联动机制' }).click()
  await expect(page).toHaveURL(new RegExp(`/documents/${ids.xz2019}\\?tag=${approved[0].id}`))
  await context.close()
})

test('an annotator sees the 研究 tab, and the API refuses an anonymous caller', async ({ browser, sql, request }) => {
  const ws = await createWorkspace(sql)
  const { page, context } = await as(browser, 'annotator')
  await page.goto(`/projects/${ws.projectId}/research?view=concordance`)
  await expect(page.getByTestId('concordance')).toBeVisible()
  await expect(page.getByText('没有符合筛选条件的标注。')).toBeVisible()
  await context.close()
  expect((await request.get(`/api/v1/projects/${ws.projectId}/research/distribution`)).status()).toBe(401)
})
