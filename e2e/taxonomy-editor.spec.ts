// The taxonomy editor in the browser (issue 13): a manager renames, edits a guideline, reorders,
// merges and archives labels; annotators and reviewers see the result and no tag is lost. In a
// project of its own, so that the demo taxonomy other specs read stays as it is.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { as } from './session'
import { tagPart } from './tagging'
import { createWorkspace } from './workspace'

const TEXT = '一、重大行政决策\n严格落实重大行政决策合法性审查。\n二、营商环境\n营商环境持续优化。'
const REVIEW = '重大行政决策/合法性审查'
const BUSINESS = '营商环境'

async function openWorkbench(page: Page, documentId: string) {
  await page.goto(`/documents/${documentId}`)
  await expect(page.locator('.tb-editor')).toBeVisible()
}

const subCard = (page: Page, name: string) => page.locator(`[data-testid="taxonomy-sub-label"][data-label="${name}"]`)

async function openActions(page: Page, name: string) {
  await page.getByRole('button', { name: new RegExp(`^${name} 的操作$`) }).click()
}

test('a manager renames a label and edits its guideline; an annotator’s workbench shows both after a reload, and the history says who did it', async ({ browser, sql }) => {
  test.slow()
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('改名', TEXT)
  const annotator = await as(browser, 'annotator')
  await tagPart(annotator.request, documentId, ws.label(REVIEW), TEXT, '严格落实重大行政决策合法性审查。')
  await openWorkbench(annotator.page, documentId)
  await expect(annotator.page.locator(`[data-testid="palette-label"][data-label="${REVIEW}"]`)).toBeVisible()

  const manager = await as(browser, 'manager')
  const page = manager.page
  await page.goto(`/projects/${ws.projectId}/taxonomy`)
  const version = Number((await page.getByTestId('taxonomy-version').innerText()).match(/\d+/)![0])
  await openActions(page, '合法性审查')
  await page.getByRole('menuitem', { name: '编辑' }).click()
  const drawer = page.getByRole('dialog')
  await drawer.getByLabel('名称').fill('合法性审查制度')
  await drawer.getByLabel('标注说明(中文)').fill('标注落实合法性审查的具体做法,例如审查范围和审查率。')
  await drawer.getByRole('button', { name: '保存' }).click()
  await expect(page.getByText('已保存 合法性审查制度。')).toBeVisible()
  await expect(subCard(page, '合法性审查制度')).toContainText('标注落实合法性审查的具体做法')
  await expect(page.getByTestId('taxonomy-version')).toHaveText(`版本 ${version + 1}`)

  // The annotator's open page still has the old name until it reloads; then the tag is drawn under the new one.
  await annotator.page.reload()
  await expect(annotator.page.locator('.tb-editor')).toBeVisible()
  const renamed = annotator.page.locator('[data-testid="palette-label"][data-label="重大行政决策/合法性审查制度"]')
  await expect(renamed).toBeVisible()
  await renamed.hover()
  await expect(annotator.page.getByTestId('guideline-card')).toContainText('标注落实合法性审查的具体做法')
  const tags = (await (await annotator.request.get(`/api/v1/documents/${documentId}/tags`)).json()) as { items: { labelPath: string[] }[] }
  expect(tags.items.map((t) => t.labelPath.join('/'))).toEqual(['重大行政决策/合法性审查制度'])

  await page.getByRole('button', { name: '修改记录' }).click()
  const history = page.getByTestId('taxonomy-history')
  await expect(history).toContainText('编辑了 合法性审查制度')
  await expect(history).toContainText('名称: 合法性审查 → 合法性审查制度')
  await expect(history).toContainText('项目经理')
  await page.keyboard.press('Escape')

  // The change is undone from the page: the old name and guideline are back, as a new version.
  await page.getByRole('button', { name: '撤销上一次修改' }).click()
  await expect(page.getByText('已撤销:编辑了 合法性审查制度。')).toBeVisible()
  await expect(subCard(page, '合法性审查')).toBeVisible()
  await expect(page.getByTestId('taxonomy-version')).toHaveText(`版本 ${version + 2}`)
  await manager.context.close()
  await annotator.context.close()
})

test('a manager reorders sub-labels by key, merges one label into another after the impact preview, and the review queue shows the moved tags', async ({ browser, sql }) => {
  test.slow()
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('合并', TEXT)
  const annotator = await as(browser, 'annotator')
  await tagPart(annotator.request, documentId, ws.label(REVIEW), TEXT, '严格落实重大行政决策合法性审查。')
  await tagPart(annotator.request, documentId, ws.label(REVIEW), TEXT, '营商环境持续优化。')
  await annotator.context.close()

  const manager = await as(browser, 'manager')
  const page = manager.page
  await page.goto(`/projects/${ws.projectId}/taxonomy`)
  const top = page.locator('[data-testid="taxonomy-top-label"][data-label="重大行政决策"]')
  const names = () => top.locator('[data-testid="taxonomy-sub-label"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-label')))
  const before = await names()
  await subCard(page, before[0]!).focus()
  await page.keyboard.press('Alt+ArrowDown')
  await expect.poll(names).toEqual([before[1], before[0], ...before.slice(2)])

  await openActions(page, '合法性审查')
  await page.getByRole('menuitem', { name: '合并到…' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('impact-preview')).toContainText('1 份文档中的 2 条标注(其中 0 条已通过)')
  await dialog.getByRole('combobox', { name: '合并到' }).click()
  await page.getByRole('option', { name: BUSINESS, exact: true }).click()
  await dialog.getByRole('button', { name: '合并', exact: true }).click()
  await expect(page.getByText(`已将 合法性审查 合并到 ${BUSINESS}。`)).toBeVisible()
  await expect(subCard(page, '合法性审查')).toHaveCount(0)
  await page.getByLabel('显示已归档标签').check()
  await expect(subCard(page, '合法性审查')).toContainText(`已合并到 ${BUSINESS}`)

  const reviewer = await as(browser, 'reviewer')
  await reviewer.page.goto(`/projects/${ws.projectId}/review`)
  const rows = reviewer.page.getByTestId('queue-row')
  await expect(rows).toHaveCount(2)
  for (const row of await rows.all()) await expect(row).toContainText(BUSINESS)
  await reviewer.context.close()

  // Deleting a label that has tags is refused before anything is sent: the preview says so.
  await openActions(page, '合法性审查')
  await page.getByRole('menuitem', { name: '删除' }).click()
  await expect(page.getByRole('dialog').getByRole('button', { name: '删除', exact: true })).toBeDisabled()
  await manager.context.close()
})

test('an archived label leaves the palette while its tags stay drawn; annotators see no editing controls and cannot edit through the API', async ({ browser, sql }) => {
  test.slow()
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('归档', TEXT)
  const annotator = await as(browser, 'annotator')
  const tag = await tagPart(annotator.request, documentId, ws.label(REVIEW), TEXT, '严格落实重大行政决策合法性审查。')

  const manager = await as(browser, 'manager')
  await manager.page.goto(`/projects/${ws.projectId}/taxonomy`)
  await openActions(manager.page, '合法性审查')
  await manager.page.getByRole('menuitem', { name: '归档' }).click()
  await expect(manager.page.getByTestId('impact-preview')).toContainText('1 份文档中的 1 条标注')
  await manager.page.getByRole('dialog').getByRole('button', { name: '归档', exact: true }).click()
  await expect(manager.page.getByText('已归档 合法性审查。')).toBeVisible()
  await manager.context.close()

  await openWorkbench(annotator.page, documentId)
  await expect(annotator.page.locator(`[data-testid="palette-label"][data-label="${REVIEW}"]`)).toHaveCount(0)
  await expect(annotator.page.locator(`.tb-editor [data-tag="${tag.id}"]`).first()).toBeVisible()

  await annotator.page.goto(`/projects/${ws.projectId}/taxonomy`)
  await expect(annotator.page.getByTestId('taxonomy-top-label').first()).toBeVisible()
  await expect(annotator.page.getByRole('button', { name: '添加一级标签' })).toHaveCount(0)
  const refused = await annotator.request.patch(`/api/v1/labels/${ws.label(BUSINESS)}`, { data: { version: 1, name: '改不了' } })
  expect(refused.status()).toBe(403)
  await annotator.context.close()
})

test('a manager splits a label; a reviewer assigns its three tags by key in the review list, with progress, and takes the last one back', async ({ browser, sql }) => {
  test.slow()
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('拆分', TEXT)
  const annotator = await as(browser, 'annotator')
  for (const part of ['严格落实', '合法性审查。', '营商环境持续优化。']) await tagPart(annotator.request, documentId, ws.label(REVIEW), TEXT, part)
  await annotator.context.close()

  const manager = await as(browser, 'manager')
  await manager.page.goto(`/projects/${ws.projectId}/taxonomy`)
  await openActions(manager.page, '合法性审查')
  await manager.page.getByRole('menuitem', { name: '拆分…' }).click()
  const names = manager.page.getByTestId('split-name')
  await names.nth(0).fill('审查范围')
  await names.nth(1).fill('审查程序')
  await manager.page.getByTestId('split-confirm').click()
  await expect(manager.page).toHaveURL(new RegExp(`/projects/${ws.projectId}/taxonomy/split/${ws.label(REVIEW)}$`))
  await expect(manager.page.getByTestId('split-progress')).toHaveText('已分配 0 / 3')
  await manager.context.close()

  const reviewer = await as(browser, 'reviewer')
  const page = reviewer.page
  await page.goto(`/projects/${ws.projectId}/taxonomy`)
  await expect(subCard(page, '合法性审查').getByTestId('split-link')).toHaveText('拆分中：还有 3 条标注待分配')
  await subCard(page, '合法性审查').getByTestId('split-link').click()
  const current = page.getByTestId('split-current')
  const assign = async (key: string, assigned: number) => {
    const tagId = await current.getAttribute('data-tag-id')
    await page.keyboard.press(key)
    await expect(page.getByTestId('split-progress')).toHaveText(`已分配 ${assigned} / 3`)
    return tagId!
  }
  await expect(current.getByTestId('split-quote')).toBeVisible()
  const first = await assign('1', 1)
  const second = await assign('2', 2)
  const third = await assign('1', 3)
  await expect(page.getByTestId('split-done')).toBeVisible()

  const pathOf = async (tagId: string) => {
    const tags = (await (await reviewer.request.get(`/api/v1/documents/${documentId}/tags`)).json()) as { items: { id: string; labelPath: string[] }[] }
    return tags.items.find((t) => t.id === tagId)?.labelPath.join('/')
  }
  expect(await pathOf(first)).toBe('重大行政决策/审查范围')
  expect(await pathOf(second)).toBe('重大行政决策/审查程序')
  expect(await pathOf(third)).toBe('重大行政决策/审查范围')

  // z takes the last assignment back: the tag is on the split label again, and in the list.
  await page.keyboard.press('z')
  await expect(page.getByTestId('split-progress')).toHaveText('已分配 2 / 3')
  await expect(current).toHaveAttribute('data-tag-id', third)
  expect(await pathOf(third)).toBe(REVIEW)
  await reviewer.context.close()
})

test('a reviewer links an approved tag as an example from the review queue; it shows on the label card while an annotator tags, and on the taxonomy page', async ({ browser, sql }) => {
  test.slow()
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('示例', TEXT)
  const annotator = await as(browser, 'annotator')
  const tag = await tagPart(annotator.request, documentId, ws.label(REVIEW), TEXT, '严格落实重大行政决策合法性审查。')

  const reviewer = await as(browser, 'reviewer')
  const approved = await reviewer.request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'approve', version: tag.version } })
  expect(approved.ok()).toBe(true)
  await reviewer.page.goto(`/projects/${ws.projectId}/review?status=approved`)
  const row = reviewer.page.getByTestId('queue-row').filter({ hasText: '严格落实重大行政决策合法性审查' })
  await row.getByTestId('example-link').click()
  await expect(row.getByTestId('example-linked')).toHaveText('算')
  await reviewer.context.close()

  await openWorkbench(annotator.page, documentId)
  await annotator.page.locator(`[data-testid="palette-label"][data-label="${REVIEW}"]`).hover()
  const card = annotator.page.getByTestId('guideline-card')
  await expect(card.getByTestId('label-example')).toHaveCount(1)
  await expect(card.getByTestId('label-example')).toContainText('严格落实重大行政决策合法性审查。')
  await expect(card.getByTestId('label-example')).toHaveAttribute('data-kind', 'positive')

  await annotator.page.goto(`/projects/${ws.projectId}/taxonomy`)
  await expect(subCard(annotator.page, '合法性审查').getByTestId('label-example')).toContainText('严格落实重大行政决策合法性审查。')
  await annotator.context.close()
})

test('moving a tagged sub-label under another top label is previewed first (tags, agreement); cancelled it stays, confirmed its tags follow it', async ({ browser, sql }) => {
  test.slow()
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('移动', TEXT)
  const annotator = await as(browser, 'annotator')
  const tag = await tagPart(annotator.request, documentId, ws.label(REVIEW), TEXT, '严格落实重大行政决策合法性审查。')
  await annotator.context.close()

  const manager = await as(browser, 'manager')
  const page = manager.page
  await page.goto(`/projects/${ws.projectId}/taxonomy`)
  const version = Number((await page.getByTestId('taxonomy-version').innerText()).match(/\d+/)![0])
  const moveUnderBusiness = async () => {
    await openActions(page, '合法性审查')
    await page.getByRole('menuitem', { name: '编辑' }).click()
    const drawer = page.getByRole('dialog')
    await drawer.getByLabel('上级标签', { exact: true }).click()
    await page.getByRole('option', { name: BUSINESS, exact: true }).click()
    await drawer.getByRole('button', { name: '保存' }).click()
    const dialog = page.getByRole('dialog', { name: '将“合法性审查”移到另一个上级标签下' })
    await expect(dialog.getByTestId('impact-preview')).toContainText('1 份文档中的 1 条标注')
    await expect(dialog.getByTestId('impact-preview')).toContainText('尚无文档由两名标注员标注')
    return dialog
  }

  // Cancelled: nothing moved, no new version.
  await (await moveUnderBusiness()).getByRole('button', { name: '取消' }).click()
  await expect(page.locator('[data-testid="taxonomy-top-label"][data-label="重大行政决策"]').locator('[data-testid="taxonomy-sub-label"][data-label="合法性审查"]')).toHaveCount(1)
  await expect(page.getByTestId('taxonomy-version')).toHaveText(`版本 ${version}`)

  // Confirmed: the label and its tag are under 营商环境 now.
  await (await moveUnderBusiness()).getByRole('button', { name: '移动', exact: true }).click()
  await expect(page.locator(`[data-testid="taxonomy-top-label"][data-label="${BUSINESS}"]`).locator('[data-testid="taxonomy-sub-label"][data-label="合法性审查"]')).toHaveCount(1)
  await expect(page.getByTestId('taxonomy-version')).toHaveText(`版本 ${version + 1}`)
  const tags = (await (await manager.request.get(`/api/v1/documents/${documentId}/tags`)).json()) as { items: { id: string; labelPath: string[] }[] }
  expect(tags.items.find((t) => t.id === tag.id)?.labelPath).toEqual([BUSINESS, '合法性审查'])
  await manager.context.close()
})
