// A suggestion carried from an approved tag in another report (propagation, issue 14) shows its source in the
// workbench: the report, year, region and reviewer, the difference between the two passages, and a link to the source.
import { bearer, expect, test } from './fixtures'
import { roleUsers, storageStateOf } from './roles'
import { createWorkspace } from './workspace'

const LABEL = '三项制度/行政执法公示制度'
const passage2019 = '全市全面推行行政执法公示制度，2019年执法信息公开率达到95%，群众满意度明显提升。'
const passage2020 = '全市全面推行行政执法公示制度，2020年执法信息公开率达到97%，群众满意度明显提高。'
const SOURCE_TITLE = '忻州市2019年法治政府建设情况报告'

test('the annotator sees where a propagated suggestion comes from and what differs', async ({ browser, sql, request, tokenFor }) => {
  const ws = await createWorkspace(sql, { blindMode: false })
  const sourceText = `一、总体情况\n${passage2019}\n二、其他工作\n加强法治宣传教育，开展普法活动。`
  const source = await ws.addDocument(SOURCE_TITLE, sourceText)
  const target = await ws.addDocument('忻州市2020年法治政府建设情况报告', `一、主要做法\n深化府院联动，化解行政争议。\n${passage2020}`)
  await sql.query('UPDATE "Document" SET province = $2, city = $3, "reportYear" = $4 WHERE id = $1', [source, '山西省', '忻州市', 2019])
  const { rows: users } = await sql.query<{ id: string; email: string; name: string }>('SELECT id, email, name FROM "User" WHERE email = ANY($1)', [[roleUsers.annotator2, roleUsers.reviewer]])
  const userOf = (email: string) => users.find((u) => u.email === email)!
  const start = Array.from(sourceText.slice(0, sourceText.indexOf(passage2019))).length
  const { rows: tags } = await sql.query<{ id: string }>(
    `INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, "authorId", "reviewerId", status, "updatedAt")
     VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, 'approved', now()) RETURNING id`,
    [ws.projectId, source, ws.label(LABEL), start, start + Array.from(passage2019).length, passage2019, userOf(roleUsers.annotator2).id, userOf(roleUsers.reviewer).id],
  )
  const annotator = bearer(await tokenFor(roleUsers.annotator))
  expect((await request.post(`/api/v1/documents/${target}/suggestions`, { headers: annotator, data: {} })).status()).toBeLessThan(300)

  const context = await browser.newContext({ storageState: storageStateOf('annotator') })
  const page = await context.newPage()
  await page.goto(`/documents/${target}`)
  await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined)
  await expect(page.getByTestId('suggestion-count')).toHaveText('1')
  await page.keyboard.press('m')
  const origin = page.getByTestId('suggestion-origin')
  await expect(origin).toContainText(`来源：${SOURCE_TITLE}（山西省忻州市 2019），${userOf(roleUsers.reviewer).name} 通过`)
  const diff = page.getByTestId('suggestion-origin-diff')
  await expect(diff.locator('del')).toHaveText(['1', '9', '5', '升'])
  await expect(diff.locator('ins')).toHaveText(['2', '0', '7', '高'])
  await expect(page.getByTestId('suggestion-origin-open')).toHaveAttribute('href', `/documents/${source}?tag=${tags[0].id}`)
  await context.close()
})
