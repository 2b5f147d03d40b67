// A refusal reaches the user in the UI's language: the API answers with a message key, and the page
// says that sentence in Chinese (the default) or English, never the other language's.
import { expect, test } from './fixtures'
import { as } from './session'
import { createWorkspace } from './workspace'

const PUBLICITY = '三项制度/行政执法公示制度'

for (const { locale, sentence, english } of [
  // Issue 16: the queue says what happened to the stale row (it left the queue), then the server's reason.
  { locale: undefined, sentence: '此标注已由他人处理（现为已通过），已移出队列。该标注已通过，不能通过。请刷新查看其当前状态。', english: false },
  { locale: 'en' as const, sentence: 'Someone else already dealt with this tag (now: Approved); it has left the queue. This tag is approved, so it cannot be approved. Reload to see its current state.', english: true },
]) {
  test(`a reviewer whose queue is stale is told why in ${english ? 'English' : 'Chinese'}`, async ({ browser, sql, baseURL }) => {
    const ws = await createWorkspace(sql, { roles: { manager: 'reviewer', reviewer: 'reviewer', annotator: 'annotator' } })
    const text = '审核队列过时时的拒绝理由。'
    const documentId = await ws.addDocument('过时的队列', text)
    const annotator = await as(browser, 'annotator')
    const created = await annotator.request.post(`/api/v1/documents/${documentId}/tags`, { data: { labelId: ws.label(PUBLICITY), start: 0, end: Array.from(text).length, quote: text } })
    expect(created.status()).toBe(201)
    const tag = (await created.json()) as { id: string; version: number }

    const reviewer = await as(browser, 'reviewer', { locale: locale && baseURL ? { name: locale, url: baseURL } : undefined })
    await reviewer.page.goto(`/projects/${ws.projectId}/review`)
    await expect(reviewer.page.getByTestId('queue-row')).toHaveCount(1)
    // Meanwhile another reviewer approves the tag; this reviewer's page still shows it pending.
    const other = await as(browser, 'manager')
    expect((await other.request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'approve', version: tag.version } })).status()).toBe(200)

    await reviewer.page.keyboard.press('a')
    const notice = reviewer.page.getByText(sentence)
    await expect(notice).toBeVisible()
    if (!english) await expect(reviewer.page.getByText('This tag', { exact: false })).toHaveCount(0)
    // The row stays in place (nothing shifts under the pointer), marked with the tag's state now.
    await expect(reviewer.page.getByTestId('queue-row')).toHaveCount(1)
    await expect(reviewer.page.getByTestId('queue-row-outcome')).toHaveText(english ? 'Approved' : '已通过')
    await Promise.all([annotator.context.close(), reviewer.context.close(), other.context.close()])
  })
}
