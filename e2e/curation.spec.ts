// Issue #16, "One gold version per passage": two annotators tag the same document, a reviewer
// curates it by keys in the curation view (agreements accepted at once, a disagreement taken from
// one side, another fixed), and the export's gold option writes each passage once, the dataset
// card saying so.
import { readFile } from 'node:fs/promises'
import type { APIRequestContext } from '@playwright/test'
import { expect, test } from './fixtures'
import { as } from './session'
import { createWorkspace } from './workspace'
import { readZip } from './zip'

const PUBLICITY = '三项制度/行政执法公示制度'
const RECORDING = '三项制度/执法全过程记录制度'
const TEXT = '一、总体情况\n本市全面推行行政执法公示制度，执法全过程记录制度同步落实。\n二、下一步\n营商环境持续优化。'

const spanOf = (part: string) => {
  const start = Array.from(TEXT.slice(0, TEXT.indexOf(part))).length
  return { start, end: start + Array.from(part).length, quote: part }
}

async function tagAndApprove(author: APIRequestContext, reviewer: APIRequestContext, documentId: string, labelId: string, part: string) {
  const created = await author.post(`/api/v1/documents/${documentId}/tags`, { data: { labelId, ...spanOf(part) } })
  expect(created.status()).toBe(201)
  const tag = (await created.json()) as { id: string; version: number }
  expect((await reviewer.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'approve', version: tag.version } })).status()).toBe(200)
}

test('a reviewer curates two annotators’ tags by keys, and the gold export writes each passage once', async ({ browser, sql }) => {
  test.setTimeout(90_000)
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('合并审定报告', TEXT)
  const [one, two, reviewer, manager] = await Promise.all([as(browser, 'annotator'), as(browser, 'annotator2'), as(browser, 'reviewer'), as(browser, 'manager')])
  // Agreement; the same span with two labels; a passage only the first annotator tagged.
  await tagAndApprove(one.request, reviewer.request, documentId, ws.label(PUBLICITY), '行政执法公示制度')
  await tagAndApprove(two.request, reviewer.request, documentId, ws.label(PUBLICITY), '行政执法公示制度')
  await tagAndApprove(one.request, reviewer.request, documentId, ws.label(PUBLICITY), '执法全过程记录制度')
  await tagAndApprove(two.request, reviewer.request, documentId, ws.label(RECORDING), '执法全过程记录制度')
  await tagAndApprove(one.request, reviewer.request, documentId, ws.label(PUBLICITY), '营商环境持续优化。')

  const page = reviewer.page
  await page.goto(`/projects/${ws.projectId}/review`)
  await page.getByTestId('curation-documents').getByRole('link', { name: '合并审定报告' }).click()
  await expect(page.getByTestId('curation-progress')).toContainText('已决定 0/3 行')
  const rows = page.getByTestId('curation-row')
  await expect(rows).toHaveCount(3)
  await expect(rows.nth(0)).toHaveAttribute('data-kind', 'agreement')

  // Shift+A accepts the agreement; the view moves on to the next undecided row.
  await page.keyboard.press('Shift+A')
  await expect(rows.nth(0)).toHaveAttribute('data-decided', 'accept')
  await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true')

  // The label disagreement: take the second annotator's tag by its lane's digit.
  const lanes = page.getByTestId('curation-lane')
  await expect(lanes).toHaveCount(2)
  const secondName = (await sql.query<{ name: string }>("SELECT name FROM \"User\" WHERE email = 'annotator2@tagbench.test'")).rows[0].name
  const names = await lanes.evaluateAll((els) => els.map((el) => el.getAttribute('data-annotator')))
  await page.keyboard.press(String(names.indexOf(secondName) + 1))
  await expect(rows.nth(1)).toHaveAttribute('data-decided', 'take')

  // The passage only one annotator tagged: fix its span (drop the full stop) and save with Enter.
  await expect(rows.nth(2)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('f')
  const end = page.getByTestId('curation-fix').getByLabel('终点')
  await end.fill(String(spanOf('营商环境持续优化').end))
  await page.keyboard.press('Enter')
  await expect(rows.nth(2)).toHaveAttribute('data-decided', 'fix')
  await expect(page.getByTestId('curation-done')).toBeVisible()
  await expect(page.getByTestId('curation-progress')).toContainText('已决定 3/3 行')

  // The manager exports the gold layer.
  await manager.page.goto(`/projects/${ws.projectId}/export`)
  await manager.page.getByTestId('layer-gold').click()
  await manager.page.getByTestId('start-export').click()
  const row = manager.page.getByTestId('export-list').locator('tr[data-status]').first()
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 30_000 })
  const [download] = await Promise.all([manager.page.waitForEvent('download'), row.getByTestId('download-export').click()])
  const files = await readZip(await readFile(await download.path()))
  const doc = JSON.parse(files.get('corpus.jsonl')!.toString('utf8').trim()) as { spans: { text: string; label: string; status: string }[] }
  expect(doc.spans.map((s) => [s.text, s.label, s.status])).toEqual([
    ['行政执法公示制度', PUBLICITY, 'gold'],
    ['执法全过程记录制度', RECORDING, 'gold'],
    ['营商环境持续优化', PUBLICITY, 'gold'],
  ])
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { layer: { chosen: string; curated_documents: number; other_documents: number } }
  expect(manifest.layer).toMatchObject({ chosen: 'gold', curated_documents: 1, other_documents: 0 })
  expect(files.get('README.md')!.toString('utf8')).toContain('**gold (curated) tags**')
  await Promise.all([one, two, reviewer, manager].map((c) => c.context.close()))
})

test('an annotator cannot open the curation view or decide a row', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('无权审定', TEXT)
  const annotator = await as(browser, 'annotator')
  expect((await annotator.request.get(`/api/v1/documents/${documentId}/curation`)).status()).toBe(403)
  expect((await annotator.request.post(`/api/v1/documents/${documentId}/curation`, { data: { decision: 'accept_all' } })).status()).toBe(403)
  await annotator.context.close()
})
