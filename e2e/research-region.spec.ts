// The 研究 tab's region and compare views (issue 15): a province's reports over the years with what each
// copies from the one before, two groups side by side, and both views' numbers as CSV.
import { readFile } from 'node:fs/promises'
import type { Download, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { as } from './session'
import { approve, tagPart } from './tagging'
import { createWorkspace } from './workspace'

const LINKAGE = '府院联动'
const BUSINESS = '营商环境'

// 忻州 2020 repeats both sentences of 2019 (only the year differs) and adds one.
const REPORTS = [
  { key: 'xz2019', title: '忻州市2019年法治政府建设情况报告', province: '山西省', city: '忻州市', year: 2019, text: '2019年，忻州市建立府院联动机制，定期召开联席会议。全市推进府院联动工作，化解行政争议。' },
  { key: 'xz2020', title: '忻州市2020年法治政府建设情况报告', province: '山西省', city: '忻州市', year: 2020, text: '2020年，忻州市建立府院联动机制，定期召开联席会议。全市推进府院联动工作，化解行政争议。行政机关负责人出庭应诉率达到百分之百。' },
  { key: 'jz2019', title: '荆州市2019年法治政府建设工作报告', province: '湖北省', city: '荆州市', year: 2019, text: '荆州市持续优化营商环境，服务市场主体。' },
]

/** The downloaded CSV as rows of cells (none of these values holds a comma or a quote). */
async function csvOf(page: Page, button: string): Promise<Record<string, string>[]> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()])
  const [header, ...lines] = (await readFile(await download.path(), 'utf8')).replace(/^\ufeff/, '').trim().split('\n').map((l) => l.split(','))
  return lines.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])))
}

test('a researcher follows a province over the years, sees what each report copied, compares two provinces and downloads the numbers', async ({ browser, sql }) => {
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
    await tagPart(annotator.request, ids.xz2019, ws.label(LINKAGE), text('xz2019'), '建立府院联动机制'),
    await tagPart(annotator.request, ids.xz2020, ws.label(LINKAGE), text('xz2020'), '建立府院联动机制'),
    await tagPart(annotator.request, ids.xz2020, ws.label(LINKAGE), text('xz2020'), '推进府院联动工作'),
    await tagPart(annotator.request, ids.jz2019, ws.label(BUSINESS), text('jz2019'), '持续优化营商环境'),
  ]
  await approve(reviewer.request, ...approved)
  await annotator.context.close()
  await reviewer.context.close()

  const { page, context } = await as(browser, 'manager')
  // Without a province the view says what to pick.
  await page.goto(`/projects/${ws.projectId}/research?view=region`)
  await expect(page.getByText('请在筛选栏中选择省份（及城市），查看其历年报告。')).toBeVisible()

  await page.goto(`/projects/${ws.projectId}/research?view=region&province=${encodeURIComponent('山西省')}`)
  const reports = page.getByTestId('region-reports').locator('tbody tr')
  // The first answer waits for the page's scripts, which on a loaded CI machine took 9 s once.
  await expect(reports).toHaveCount(2, { timeout: 20_000 })
  await expect(reports.nth(0)).toContainText(REPORTS[0].title)
  // 2020: two of its three sentences come from 2019, one is new.
  await expect(reports.nth(1).getByTestId('reuse-share')).toContainText('新增 1')
  await expect(reports.nth(1).getByTestId('reuse-share')).toContainText('删去 0')
  await reports.nth(1).getByRole('button', { name: '查看差异' }).click()
  const diff = page.getByTestId('reuse-diff')
  await expect(diff.locator('[data-kind="new"]')).toHaveCount(1)
  await expect(diff.locator('[data-kind="new"]')).toContainText('行政机关负责人出庭应诉率达到百分之百。')
  await expect(diff.locator('[data-kind="same"], [data-kind="reworded"]')).toHaveCount(2)
  await page.keyboard.press('Escape')
  await expect(diff).toBeHidden()

  // The label-by-year numbers: 1 linkage tag in 2019, 2 in 2020; nothing from 湖北.
  const labels = await csvOf(page, 'region-labels-csv')
  const linkage = labels.filter((r) => r.label === LINKAGE)
  expect(linkage.map((r) => [r.year, r.tags, r.share_of_reports])).toEqual([
    ['2019', '1', '1'],
    ['2020', '2', '1'],
  ])
  expect(labels.some((r) => r.label === BUSINESS)).toBe(false)
  const reportRows = await csvOf(page, 'region-reports-csv')
  const r2020 = reportRows.find((r) => r.year === '2020')!
  expect([r2020.document_id, r2020.predecessor_id, r2020.sentences, r2020.new, r2020.dropped]).toEqual([ids.xz2020, ids.xz2019, '3', '1', '0'])
  expect(Number(r2020.identical) + Number(r2020.reworded)).toBe(2)

  // 山西 against 湖北: linkage only in A, business only in B.
  await page.goto(`/projects/${ws.projectId}/research?view=compare&measure=count&a.province=${encodeURIComponent('山西省')}&b.province=${encodeURIComponent('湖北省')}`)
  await expect(page.getByTestId('compare-table')).toContainText(LINKAGE)
  const compare = await csvOf(page, 'compare-csv')
  const row = (label: string) => compare.find((r) => r.label === label)!
  expect([row(LINKAGE).a_tags, row(LINKAGE).b_tags, row(LINKAGE).difference_count]).toEqual(['3', '0', '3'])
  expect([row(BUSINESS).a_tags, row(BUSINESS).b_tags, row(BUSINESS).difference_count]).toEqual(['0', '1', '-1'])
  // A figure opens the passages behind it.
  await page
    .getByTestId('compare-table')
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: BUSINESS, exact: true }) })
    .getByTestId('compare-b')
    .click()
  await expect(page).toHaveURL(/view=concordance/)
  await expect(page.getByTestId('concordance').locator('[data-part="quote"]')).toHaveText(['持续优化营商环境'])
  await context.close()
})
