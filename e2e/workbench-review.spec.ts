// Review inside the workbench, by keyboard: the focused tag's panel offers exactly the actions its
// status allows (lib/review/transitions.ts), a reviewer corrects a span before approving it, reopens
// it with a reason; the shortcut help lists the review keys for reviewers only.
import type { Browser } from '@playwright/test'
import { expect, test } from './fixtures'
import { storageStateOf, type Role } from './roles'
import { as } from './session'
import { openDocument, tagPart, type ApiTag } from './tagging'
import { createWorkspace } from './workspace'

const PUBLICITY = '三项制度/行政执法公示制度'
const RECORDING = '三项制度/执法全过程记录制度'

/** A signed-in role for API calls only (no page: on a busy machine each page costs seconds). */
async function apiAs(browser: Browser, role: Role) {
  const context = await browser.newContext({ storageState: storageStateOf(role) })
  return { context, request: context.request }
}

test('a reviewer fixes a span and approves it, then reopens it with a reason, all by keyboard in the workbench', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql, { blindMode: false })
  const text = '审核员在工作台修正这一句。下一句不相干。'
  const documentId = await ws.addDocument('工作台审核', text)
  const annotator = await apiAs(browser, 'annotator')
  const annotator2 = await apiAs(browser, 'annotator2')
  const reviewer = await as(browser, 'reviewer')
  const tag = await tagPart(annotator.request, documentId, ws.label(PUBLICITY), text, '审核员在工作台修正这一句')
  // A second annotator puts another label on the same span: the reviewer sees the conflict.
  await tagPart(annotator2.request, documentId, ws.label(RECORDING), text, '审核员在工作台修正这一句')
  const current = async () => ((await (await reviewer.request.get(`/api/v1/documents/${documentId}/tags`)).json()) as { items: ApiTag[] }).items.find((t) => t.id === tag.id)!

  const page = reviewer.page
  await openDocument(page, documentId, tag.id)
  const panel = page.getByTestId('focused-tag-panel')
  await expect(panel).toContainText(PUBLICITY.replace('/', ' / '))
  await expect(panel).toContainText('同一范围、不同标签')
  await expect(panel.getByRole('button', { name: /^通过/ })).toBeVisible()
  await expect(panel.getByRole('button', { name: /^拒绝/ })).toBeVisible()
  await expect(panel.getByRole('button', { name: /^退回修改/ })).toBeVisible()
  await expect(panel.getByRole('button', { name: /^重新打开/ })).toHaveCount(0)

  // One character more at the end is a draft correction, applied by approving.
  await page.keyboard.press(']')
  await expect(page.getByTestId('selection-status')).toContainText('审核员修正')
  await page.keyboard.press('a')
  await expect.poll(async () => [(await current()).status, (await current()).quote]).toEqual(['approved', '审核员在工作台修正这一句。'])
  await expect(panel.getByRole('button', { name: /^通过/ })).toHaveCount(0)
  await expect(panel.getByRole('button', { name: /^重新打开/ })).toBeVisible()

  // Approve does nothing more on an approved tag; reopen asks for a reason first.
  await page.keyboard.press('a')
  await page.keyboard.press('o')
  await expect(page.getByTestId('reason-dialog')).toBeVisible()
  await page.keyboard.press('1')
  await page.getByTestId('reason-confirm').click()
  await expect.poll(async () => (await current()).status).toBe('pending')
  const { rows } = await sql.query(`SELECT action FROM "TagEvent" WHERE "tagId" = $1 ORDER BY "createdAt", id`, [tag.id])
  expect(rows.map((r) => r.action)).toEqual(['created', 'approved', 'reopened'])

  await Promise.all([annotator.context.close(), annotator2.context.close(), reviewer.context.close()])
})

test('the shortcut help is the keymap: the review keys are listed for a reviewer, not for an annotator', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('快捷键帮助', '一句话。')
  const reviewer = await as(browser, 'reviewer')
  const annotator = await as(browser, 'annotator')
  await openDocument(reviewer.page, documentId)
  await reviewer.page.keyboard.press('?')
  await expect(reviewer.page.getByRole('dialog')).toContainText('审核（审核员）')
  await expect(reviewer.page.getByRole('dialog')).toContainText('通过焦点标注')
  await openDocument(annotator.page, documentId)
  await annotator.page.keyboard.press('?')
  await expect(annotator.page.getByRole('dialog')).toContainText('撤销上一步')
  await expect(annotator.page.getByRole('dialog')).not.toContainText('审核（审核员）')
  await Promise.all([annotator.context.close(), reviewer.context.close()])
})
