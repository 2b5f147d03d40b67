// Suggestions in the browser (issue 14): a report imported through the staged import gets rule suggestions on its own
// (the project suggests on import); the annotator accepts two by key, rejects one, adjusts one and accepts it; the
// tags are theirs (pending, source "suggestion"); the dashboard shows the live acceptance of the rules.
import type { APIRequestContext } from '@playwright/test'
import { bearer, expect, test } from './fixtures'
import { roleUsers, storageStateOf } from './roles'
import { createWorkspace } from './workspace'

const LABEL = '三项制度/行政执法公示制度'

function reportPage(county: string, year: number) {
  const paragraphs = Array.from({ length: 6 }, (_, i) => `<p>${year}年，${county}第${i + 1}批单位全面推行行政执法公示制度，公开执法信息${i + 3}千条。</p><p>持续优化营商环境，第${i + 1}项改革落地。</p>`).join('\n')
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${county}${year}年法治政府建设工作报告_${county}人民政府</title></head>
<body><div>首页 | 政务公开</div><h1>${county}${year}年法治政府建设工作报告</h1>
<div>信息来源：${county}人民政府 | 发布时间：${year + 1}-02-01</div>
${paragraphs}
<div>主办单位：${county}人民政府办公室</div></body></html>`
}

interface Suggestion {
  id: string
  start: number
  end: number
  quote: string
  labelId: string
  label_path: string
  source: string
  score: number
}

const suggestionsOf = async (request: APIRequestContext, token: string, documentId: string) =>
  ((await (await request.get(`/api/v1/documents/${documentId}/suggestions`, { headers: bearer(token) })).json()) as { items: Suggestion[] }).items

test('suggestions appear on a newly imported report; the annotator accepts two by key, rejects one, adjusts one and accepts it', async ({ browser, sql, request, tokenFor }) => {
  test.setTimeout(180_000)
  const ws = await createWorkspace(sql)
  await sql.query('UPDATE "Label" SET keywords = $2 WHERE id = $1', [ws.label(LABEL), ['行政执法公示制度']])
  const manager = bearer(await tokenFor(roleUsers.manager))
  const annotatorToken = await tokenFor(roleUsers.annotator)

  // The staged import, as a manager does it: upload, wait until read, import.
  const batch = (await (await request.post(`/api/v1/projects/${ws.projectId}/import-batches`, { headers: manager, data: {} })).json()) as { id: string }
  const uploaded = await request.post(`/api/v1/import-batches/${batch.id}/files?path=${encodeURIComponent('西湖区.html')}`, { headers: { ...manager, 'Content-Type': 'application/octet-stream' }, data: Buffer.from(reportPage('西湖区', 2023)) })
  expect(uploaded.status()).toBe(201)
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/import-batches/${batch.id}/files`, { headers: manager })).json()) as { items: { status: string }[] }).items[0]?.status, { timeout: 60_000 })
    .toBe('staged')
  expect((await request.post(`/api/v1/import-batches/${batch.id}/commit`, { headers: manager, data: {} })).status()).toBeLessThan(300)
  let documentId = ''
  await expect
    .poll(async () => {
      const page = (await (await request.get(`/api/v1/projects/${ws.projectId}/documents`, { headers: manager })).json()) as { items: { id: string }[] }
      documentId = page.items[0]?.id ?? ''
      return documentId
    }, { timeout: 60_000 })
    .not.toBe('')

  // Nobody asked for suggestions: the import's run made them.
  await expect.poll(async () => (await suggestionsOf(request, annotatorToken, documentId)).length, { timeout: 60_000 }).toBe(6)
  const suggested = (await suggestionsOf(request, annotatorToken, documentId)).sort((a, b) => a.start - b.start)
  for (const s of suggested) expect(s).toMatchObject({ label_path: LABEL, source: 'rule' })
  expect(suggested.every((s) => s.quote.includes('行政执法公示制度') && s.quote.endsWith('。'))).toBe(true)

  const context = await browser.newContext({ storageState: storageStateOf('annotator') })
  const page = await context.newPage()
  await page.goto(`/documents/${documentId}`)
  await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined)
  await expect(page.getByTestId('suggestion-count')).toHaveText('6')
  await expect(page.locator('.tb-editor [data-suggestion]')).toHaveCount(6)
  await expect(page.locator(`.tb-editor [data-suggestion="${suggested[0].id}"]`)).toHaveAttribute('title', new RegExp(`${LABEL} · rule · 0\\.\\d\\d`))

  // m focuses the first suggestion; y accepts it and moves on; y again; n rejects the third.
  await page.keyboard.press('m')
  await expect(page.getByTestId('focused-suggestion')).toContainText(suggested[0].quote.slice(0, 10))
  await page.keyboard.press('y')
  await expect(page.getByTestId('suggestion-count')).toHaveText('5')
  await expect(page.getByTestId('focused-suggestion')).toContainText(suggested[1].quote.slice(0, 10))
  await page.keyboard.press('y')
  await expect(page.getByTestId('suggestion-count')).toHaveText('4')
  await page.keyboard.press('n')
  await expect(page.getByTestId('suggestion-count')).toHaveText('3')
  // The fourth: shrink its end by one character ([), then accept.
  await expect(page.getByTestId('focused-suggestion')).toContainText(suggested[3].quote.slice(0, 10))
  await page.keyboard.press('[')
  await expect(page.getByTestId('suggestion-adjusted')).toBeVisible()
  await page.keyboard.press('y')
  await expect(page.getByTestId('suggestion-count')).toHaveText('2')
  await expect(page.locator('.tb-tag')).toHaveCount(3)

  const tags = ((await (await request.get(`/api/v1/documents/${documentId}/tags`, { headers: bearer(annotatorToken) })).json()) as { items: { start: number; end: number; status: string; source: string; labelPath: string[] }[] }).items.sort((a, b) => a.start - b.start)
  expect(tags.map((t) => [t.start, t.end, t.status, t.source, t.labelPath.join('/')])).toEqual([
    [suggested[0].start, suggested[0].end, 'pending', 'suggestion', LABEL],
    [suggested[1].start, suggested[1].end, 'pending', 'suggestion', LABEL],
    [suggested[3].start, suggested[3].end - 1, 'pending', 'suggestion', LABEL],
  ])
  const { rows } = await sql.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM "Suggestion" WHERE "documentId" = $1 GROUP BY status ORDER BY status`, [documentId])
  expect(rows).toEqual([
    { status: 'open', n: 2 },
    { status: 'accepted', n: 3 },
    { status: 'rejected', n: 1 },
  ])
  await context.close()

  // The dashboard: three of the four decided rule suggestions were accepted.
  const managerContext = await browser.newContext({ storageState: storageStateOf('manager') })
  const dashboard = await managerContext.newPage()
  await dashboard.goto(`/projects/${ws.projectId}/dashboard`)
  await expect(dashboard.getByTestId('acceptance-rule')).toHaveText('75 %')
  await expect(dashboard.getByTestId('suggestions-model')).toBeVisible()
  await expect(dashboard.getByTestId('suggestion-settings')).toBeVisible()
  await managerContext.close()
})
