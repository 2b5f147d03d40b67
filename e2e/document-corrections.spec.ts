// A manager corrects a bad import from the document page (issue 16): the year and the issuer are
// fixed and the list shows them; the document is archived (it leaves the list and the export) and
// restored (it comes back). In a project of its own, so that the demo project's counts stay.
import type { APIRequestContext } from '@playwright/test'
import { expect, test } from './fixtures'
import { as } from './session'
import { createWorkspace } from './workspace'

const TEXT = '一、总体情况\n本市全面推行行政执法公示制度。\n二、营商环境\n营商环境持续优化。'
const PUBLICITY = '三项制度/行政执法公示制度'

/** An approved tag on the passage, so that the document is in an export of approved tags. */
async function approvedTag(annotator: APIRequestContext, reviewer: APIRequestContext, documentId: string, labelId: string, text: string, part: string) {
  const start = Array.from(text.slice(0, text.indexOf(part))).length
  const created = await annotator.post(`/api/v1/documents/${documentId}/tags`, { data: { labelId, start, end: start + Array.from(part).length, quote: part } })
  expect(created.status()).toBe(201)
  const tag = (await created.json()) as { id: string; version: number }
  expect((await reviewer.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'approve', version: tag.version } })).status()).toBe(200)
}

test('a manager corrects the year and the issuer, archives the document out of the list and the export, and restores it', async ({ browser, sql }) => {
  // Many pages in one story, on a shared machine.
  test.slow()
  const ws = await createWorkspace(sql)
  const wrong = await ws.addDocument('某市2021年法治政府建设情况报告', TEXT)
  const other = await ws.addDocument('某县法治政府建设情况报告', `${TEXT}\n三、其他`)
  // The bad import: the year and the issuer were read wrongly.
  await sql.query(`UPDATE "Document" SET "reportYear" = 2012, issuer = '某市人民政府办公室' WHERE id = $1`, [wrong])
  const annotator = await as(browser, 'annotator')
  const reviewer = await as(browser, 'reviewer')
  for (const id of [wrong, other]) await approvedTag(annotator.request, reviewer.request, id, ws.label(PUBLICITY), TEXT, '本市全面推行行政执法公示制度。')
  await annotator.context.close()
  await reviewer.context.close()

  const { page, context } = await as(browser, 'manager')
  const row = page.getByTestId('document-row').filter({ has: page.getByRole('link', { name: '某市2021年法治政府建设情况报告', exact: true }) })

  const metadataTab = () => page.getByRole('tab', { name: '元数据' }).click()
  // Correct the metadata on the document page (the workbench's left column, tab 元数据).
  await page.goto(`/documents/${wrong}`)
  await metadataTab()
  await page.getByTestId('edit-metadata').click()
  const form = page.getByTestId('metadata-form')
  await form.getByLabel('报告年度').fill('2021')
  await form.getByLabel('发布机关').fill('某市司法局')
  await form.getByTestId('save-metadata').click()
  await expect(page.getByText('元数据已保存。')).toBeVisible()
  await expect(page.getByTestId('metadata')).toContainText('某市司法局')
  await expect(page.getByTestId('metadata')).toContainText('2021')
  await page.getByTestId('document-history').click()
  await expect(page.getByTestId('document-events')).toContainText('发布机关：某市人民政府办公室 → 某市司法局')
  await page.keyboard.press('Escape')

  // The list shows the corrected values.
  await page.goto(`/projects/${ws.projectId}`)
  await expect(row.getByTestId('document-year')).toHaveText('2021')
  await expect(row).toContainText('某市司法局')
  await page.goto(`/projects/${ws.projectId}/export`)
  await expect(page.getByTestId('export-preview')).toContainText('将导出 2 篇文档')

  // Archive it: it says so, is read-only, and leaves the list and the export.
  await page.goto(`/documents/${wrong}`)
  await metadataTab()
  await page.getByTestId('archive-document').click()
  await page.getByTestId('confirm-document-action').click()
  await expect(page.getByTestId('archived-notice')).toBeVisible()
  await expect(page.getByTestId('edit-metadata')).toHaveCount(0)
  await page.goto(`/projects/${ws.projectId}`)
  await expect(page.getByTestId('document-row')).toHaveCount(1)
  await expect(row).toHaveCount(0)
  await page.goto(`/projects/${ws.projectId}/export`)
  await expect(page.getByTestId('export-preview')).toContainText('将导出 1 篇文档')

  // Find it among the archived documents and restore it.
  await page.goto(`/projects/${ws.projectId}`)
  await page.getByTestId('archived-only').check()
  await expect(page.getByTestId('document-row')).toHaveCount(1)
  await row.getByRole('link').click()
  await expect(page.getByTestId('archived-notice')).toBeVisible()
  await metadataTab()
  await page.getByTestId('restore-document').click()
  await expect(page.getByTestId('archived-notice')).toHaveCount(0)
  await page.goto(`/projects/${ws.projectId}`)
  await expect(page.getByTestId('document-row')).toHaveCount(2)
  await expect(row.getByTestId('document-year')).toHaveText('2021')
  await context.close()
})

test('the API refuses what the workbench refuses: whitespace-only and whitespace-edged spans', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql)
  const id = await ws.addDocument('空白标注', TEXT)
  const { request, context } = await as(browser, 'annotator')
  const lineBreak = Array.from(TEXT).indexOf('\n')
  for (const [start, end] of [
    [lineBreak, lineBreak + 1],
    [lineBreak - 1, lineBreak + 1],
  ]) {
    const response = await request.post(`/api/v1/documents/${id}/tags`, { data: { labelId: ws.label(PUBLICITY), start, end, quote: Array.from(TEXT).slice(start, end).join('') } })
    expect(response.status()).toBe(400)
    expect(((await response.json()) as { error: { messageKey: string } }).error.messageKey).toMatch(/^tag\.(whitespaceOnly|surroundingWhitespace)$/)
  }
  await context.close()
})
