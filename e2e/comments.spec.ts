// Issue #16, "Talk about a tag": an annotator answers a reviewer's reason from the needs-revision
// list, the reviewer sees the count in the review queue's row, expands it and replies, and the
// thread is in the tag's history; another annotator cannot write in it.
import { expect, test } from './fixtures'
import { as } from './session'
import { createWorkspace } from './workspace'

const TEXT = '一、总体情况\n本市全面推行行政执法公示制度。'
const PART = '全面推行行政执法公示制度'

test('an annotator answers a reviewer’s reason and the reviewer replies from the queue', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('评论报告', TEXT)
  const [annotator, reviewer, other] = await Promise.all([as(browser, 'annotator'), as(browser, 'reviewer'), as(browser, 'annotator2')])
  const start = Array.from(TEXT.slice(0, TEXT.indexOf(PART))).length
  const created = await annotator.request.post(`/api/v1/documents/${documentId}/tags`, { data: { labelId: ws.label('三项制度/行政执法公示制度'), start, end: start + Array.from(PART).length, quote: PART } })
  const tag = (await created.json()) as { id: string; version: number }
  // Before a reviewer speaks, the author has nothing to answer.
  expect((await annotator.request.post(`/api/v1/tags/${tag.id}/comments`, { data: { body: '早了' } })).status()).toBe(403)
  expect((await reviewer.request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'send_back', version: tag.version, reasonCode: 'span_too_wide', reason: '去掉“全面推行”' } })).status()).toBe(200)

  await annotator.page.goto(`/projects/${ws.projectId}/revisions`)
  const item = annotator.page.getByTestId('revision-item')
  await item.getByTestId('tag-comments-toggle').click()
  await item.getByTestId('tag-comment-input').fill('“全面推行”表明落实程度，建议保留。')
  await annotator.page.keyboard.press('Control+Enter')
  await expect(item.getByTestId('tag-comment')).toHaveCount(1)
  await expect(item.getByTestId('tag-comment')).toContainText('建议保留')

  await reviewer.page.goto(`/projects/${ws.projectId}/review?status=needs_revision`)
  const row = reviewer.page.getByTestId('queue-row').first()
  await expect(row.getByTestId('tag-comments-toggle')).toHaveText('1 条评论')
  await row.getByTestId('tag-comments-toggle').click()
  await expect(row.getByTestId('tag-comment')).toContainText('建议保留')
  await row.getByTestId('tag-comment-input').fill('同意，改回待审即可。')
  // Typing in the field fires no queue shortcut (a would approve, r reject).
  await expect(row).toHaveAttribute('data-state', 'open')
  await row.getByTestId('tag-comment-send').click()
  await expect(row.getByTestId('tag-comment')).toHaveCount(2)

  // Another annotator cannot even see the tag in blind mode.
  expect((await other.request.post(`/api/v1/tags/${tag.id}/comments`, { data: { body: '我也看看' } })).status()).toBe(404)
  const { rows } = await sql.query<{ body: string }>('SELECT body FROM "TagComment" WHERE "tagId" = $1 ORDER BY seq', [tag.id])
  expect(rows.map((r) => r.body)).toEqual(['“全面推行”表明落实程度，建议保留。', '同意，改回待审即可。'])
  await Promise.all([annotator, reviewer, other].map((c) => c.context.close()))
})
