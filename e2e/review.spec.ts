import { expect, test } from './fixtures'
import { as } from './session'
import { openDocument, spanOf, tagPart, type ApiTag } from './tagging'
import { createWorkspace } from './workspace'

const PUBLICITY = '三项制度/行政执法公示制度'
const RECORDING = '三项制度/执法全过程记录制度'

test('send back, revise, approve: every step is in the history, and the queue empties', async ({ browser, sql }) => {
  test.slow() // two users' browsers and eight round trips: under a loaded CI machine it outgrew 30 s
  const ws = await createWorkspace(sql)
  const text = '第一句不相干。这一句讲执法公示制度的落实。第三句。'
  const documentId = await ws.addDocument('审核流程', text)
  const annotator = await as(browser, 'annotator')
  const reviewer = await as(browser, 'reviewer')

  // The annotator tags a passage (by keyboard, in the workbench).
  await openDocument(annotator.page, documentId)
  await annotator.page.keyboard.press('j')
  await annotator.page.keyboard.press('j')
  await annotator.page.keyboard.press('2')
  await annotator.page.keyboard.press('2') // a wrong sub-label, on purpose
  await expect.poll(async () => ((await (await annotator.request.get(`/api/v1/documents/${documentId}/tags`)).json()) as { items: ApiTag[] }).items.length).toBe(1)

  // The reviewer sends it back from the queue, with a reason code and a note, by keyboard.
  await reviewer.page.goto(`/projects/${ws.projectId}/review`)
  await expect(reviewer.page.getByTestId('queue-row')).toHaveCount(1)
  await expect(reviewer.page.getByTestId('queue-row')).toContainText('这一句讲执法公示制度的落实。')
  await reviewer.page.keyboard.press('b')
  await expect(reviewer.page.getByTestId('reason-dialog')).toBeVisible()
  await reviewer.page.keyboard.press('1') // wrong label
  await reviewer.page.getByLabel('补充说明（可选）').fill('应为行政执法公示制度')
  // Wait for the server's answer before looking as the annotator; the row is marked done, and the
  // emptied page reloads a moment later.
  const sentBack = reviewer.page.waitForResponse((r) => r.url().endsWith('/review') && r.request().method() === 'POST')
  await reviewer.page.getByTestId('reason-confirm').click()
  expect((await sentBack).status()).toBe(200)
  await expect(reviewer.page.getByTestId('queue-row')).toHaveCount(0)

  // The annotator finds it in "needs revision" with the reason, opens it and fixes the label.
  await annotator.page.goto(`/projects/${ws.projectId}/revisions`)
  const item = annotator.page.getByTestId('revision-item')
  await expect(item).toContainText('标签错误')
  await expect(item).toContainText('应为行政执法公示制度')
  await item.getByRole('link', { name: '去修改' }).click()
  await annotator.page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined)
  await annotator.page.keyboard.press('l')
  await annotator.page.keyboard.press('2')
  await annotator.page.keyboard.press('1')
  await expect
    .poll(async () => {
      const { items } = (await (await annotator.request.get(`/api/v1/documents/${documentId}/tags`)).json()) as { items: ApiTag[] }
      return [items[0]?.status, items[0]?.labelPath.join('/')]
    })
    .toEqual(['pending', PUBLICITY])

  // Back in the queue; the reviewer approves it with one key.
  await reviewer.page.reload()
  await expect(reviewer.page.getByTestId('queue-row')).toHaveCount(1)
  await reviewer.page.keyboard.press('a')
  await expect(reviewer.page.getByTestId('queue-row')).toHaveCount(0)

  // The history holds the four steps, in order, with who and why.
  const tagsNow = async () => ((await (await reviewer.request.get(`/api/v1/documents/${documentId}/tags`)).json()) as { items: ApiTag[] }).items
  await expect.poll(async () => (await tagsNow())[0]?.status).toBe('approved')
  const [tag] = await tagsNow()
  const { items: events } = (await (await reviewer.request.get(`/api/v1/tags/${tag.id}/events`)).json()) as { items: { action: string; actorName: string; reasonCode: string | null; reason: string | null }[] }
  expect(events.map((e) => [e.action, e.actorName])).toEqual([
    ['created', '标注员一'],
    ['sent_back', '审核员'],
    ['edited', '标注员一'],
    ['approved', '审核员'],
  ])
  expect(events[1]).toMatchObject({ reasonCode: 'wrong_label', reason: '应为行政执法公示制度' })

  // The same history, readable in the page.
  await openDocument(reviewer.page, documentId, tag.id)
  await reviewer.page.keyboard.press('h')
  const history = reviewer.page.getByTestId('tag-history')
  for (const word of ['创建', '退回修改', '修改', '通过']) await expect(history).toContainText(word)
  await Promise.all([annotator.context.close(), reviewer.context.close()])
})

test('two reviewers act on one tag at once: exactly one wins, the other is told and sees the current state', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql, { roles: { manager: 'reviewer', reviewer: 'reviewer', annotator: 'annotator' } })
  const text = '两位审核员同时处理的句子。'
  const documentId = await ws.addDocument('并发审核', text)
  const annotator = await as(browser, 'annotator')
  const tag = await tagPart(annotator.request, documentId, ws.label(PUBLICITY), text, text)
  const first = await as(browser, 'reviewer')
  const second = await as(browser, 'manager')
  const [a, b] = await Promise.all([
    first.request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'approve', version: tag.version } }),
    second.request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'reject', version: tag.version, reasonCode: 'not_substantive' } }),
  ])
  expect([a.status(), b.status()].sort()).toEqual([200, 409])
  const loser = a.status() === 409 ? a : b
  const body = (await loser.json()) as { error: { message: string; current: ApiTag } }
  expect(body.error.message.length).toBeGreaterThan(20)
  const { rows } = await sql.query('SELECT status, version FROM "Tag" WHERE id = $1', [tag.id])
  expect(body.error.current).toMatchObject({ status: rows[0].status, version: rows[0].version })
  const { rows: events } = await sql.query(`SELECT action FROM "TagEvent" WHERE "tagId" = $1 AND action <> 'created'`, [tag.id])
  expect(events).toHaveLength(1)

  // In the browser: a reviewer with a stale page is told, and the row shows the tag as it is now.
  const { rows: [current] } = await sql.query('SELECT status FROM "Tag" WHERE id = $1', [tag.id])
  if (current.status === 'approved') {
    await first.page.goto(`/projects/${ws.projectId}/review`)
    await first.page.getByRole('combobox', { name: '状态', exact: true }).click()
    await first.page.getByRole('option', { name: '已通过' }).click()
    await expect(first.page.getByTestId('queue-row')).toHaveCount(1)
    // Meanwhile the other reviewer reopens it.
    const reopen = await second.request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'reopen', version: tag.version + 1, reason: '再看看' } })
    expect(reopen.status()).toBe(200)
    await first.page.keyboard.press('o')
    await first.page.keyboard.press('4')
    await first.page.getByTestId('reason-confirm').click()
    // It is pending again, so it has left the "approved" queue: the row says so and stays in place.
    await expect(first.page.getByText(/此标注已由他人处理（现为待审），已移出队列/)).toBeVisible()
    await expect(first.page.getByTestId('queue-row')).toHaveAttribute('data-state', 'gone')
  }
  await Promise.all([annotator.context.close(), first.context.close(), second.context.close()])
})

test('only the transitions of the design are allowed; anything else is 409 with a sentence and changes nothing', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql)
  const text = '状态机的句子。'
  const documentId = await ws.addDocument('状态机', text)
  const annotator = await as(browser, 'annotator')
  const reviewer = await as(browser, 'reviewer')
  let tag = await tagPart(annotator.request, documentId, ws.label(PUBLICITY), text, text)
  const review = (data: Record<string, unknown>) => reviewer.request.post(`/api/v1/tags/${tag.id}/review`, { data: { version: tag.version, ...data } })

  expect((await review({ action: 'reopen', reason: 'x' })).status()).toBe(409) // pending cannot be reopened
  const noReason = await review({ action: 'reject' })
  expect(noReason.status()).toBe(400)
  expect(((await noReason.json()) as { error: { message: string } }).error.message).toContain('reason')
  expect((await review({ action: 'reject', reasonCode: 'no_such_code' })).status()).toBe(400)
  expect((await review({ action: 'approve', version: tag.version + 5 })).status()).toBe(409)

  const approved = await review({ action: 'approve' })
  expect(approved.status()).toBe(200)
  tag = (await approved.json()) as ApiTag
  for (const action of ['approve', 'reject', 'send_back']) expect((await review({ action, reason: 'x' })).status()).toBe(409)
  const reopened = await review({ action: 'reopen', reason: '需要再看' })
  expect(reopened.status()).toBe(200)
  tag = (await reopened.json()) as ApiTag
  expect(tag.status).toBe('pending')

  // Fix and approve: the reviewer's span and label replace the author's, the original stays in history.
  const fixed = await review({ action: 'approve', fix: { labelId: ws.label(RECORDING), ...spanOf(text, '状态机') } })
  expect(fixed.status()).toBe(200)
  expect(await fixed.json()).toMatchObject({ status: 'approved', quote: '状态机', labelPath: RECORDING.split('/') })
  const { items: events } = (await (await reviewer.request.get(`/api/v1/tags/${tag.id}/events`)).json()) as { items: { action: string; before: { quote: string }; after: { quote: string } }[] }
  expect(events.at(-1)).toMatchObject({ action: 'approved', before: { quote: text }, after: { quote: '状态机' } })
  const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "TagEvent" WHERE "tagId" = $1`, [tag.id])
  expect(rows[0].n).toBe(4) // created, approved, reopened, approved (with the fix)
  await Promise.all([annotator.context.close(), reviewer.context.close()])
})

test('an annotator cannot review (403 in the API, no review page); a reviewer of another project gets 404', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql, { roles: { manager: 'manager', reviewer: 'reviewer', annotator: 'annotator' } })
  const text = '不能审核的句子。'
  const documentId = await ws.addDocument('权限', text)
  const annotator = await as(browser, 'annotator')
  const tag = await tagPart(annotator.request, documentId, ws.label(PUBLICITY), text, text)
  const forbidden = await annotator.request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'approve', version: tag.version } })
  expect(forbidden.status()).toBe(403)
  expect((await annotator.request.get(`/api/v1/projects/${ws.projectId}/review-queue`)).status()).toBe(403)
  const page = await annotator.page.goto(`/projects/${ws.projectId}/review`)
  expect(page?.status()).toBe(404)
  // The annotator's workbench offers no review actions: `a` does nothing.
  await openDocument(annotator.page, documentId, tag.id)
  await annotator.page.keyboard.press('a')
  await expect(annotator.page.getByRole('button', { name: /^通过/ })).toHaveCount(0)

  // annotator2 reviews in another project only: here they are a stranger.
  const other = await createWorkspace(sql, { roles: { annotator2: 'reviewer' } })
  void other
  const stranger = await as(browser, 'annotator2')
  const notFound = await stranger.request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'approve', version: tag.version } })
  expect(notFound.status()).toBe(404)
  expect((await stranger.request.get(`/api/v1/projects/${ws.projectId}/agreement`)).status()).toBe(404)
  const { rows } = await sql.query('SELECT status FROM "Tag" WHERE id = $1', [tag.id])
  expect(rows[0].status).toBe('pending')
  await Promise.all([annotator.context.close(), stranger.context.close()])
})

test('the dashboard shows progress and the agreement of two annotators on a shared document', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql, { blindMode: true })
  const text = '甲乙都标的句子。只有甲标的句子。两人标签不同的句子。'
  const documentId = await ws.addDocument('一致性', text)
  const one = await as(browser, 'annotator')
  const two = await as(browser, 'annotator2')
  await tagPart(one.request, documentId, ws.label(PUBLICITY), text, '甲乙都标的句子。')
  await tagPart(two.request, documentId, ws.label(PUBLICITY), text, '甲乙都标的句子。')
  await tagPart(one.request, documentId, ws.label(PUBLICITY), text, '只有甲标的句子。')
  await tagPart(one.request, documentId, ws.label(PUBLICITY), text, '两人标签不同的句子。')
  await tagPart(two.request, documentId, ws.label(RECORDING), text, '两人标签不同的句子。')

  const manager = await as(browser, 'manager')
  const agreement = (await (await manager.request.get(`/api/v1/projects/${ws.projectId}/agreement`)).json()) as {
    levels: { level: string; pairs: { documents: number; labels: { label: string; exactF1: number }[] }[] }[]
  }
  const leaf = agreement.levels.find((l) => l.level === 'leaf')!
  expect(leaf.pairs).toHaveLength(1)
  expect(leaf.pairs[0].documents).toBe(1)
  // 公示: one has 3 spans, two has 1, 1 match → F1 = 2·1/(3+1) = 0.5; 记录: 0 of 1 → 0.
  const f1 = Object.fromEntries(leaf.pairs[0].labels.map((l) => [l.label, l.exactF1]))
  expect(f1[PUBLICITY]).toBeCloseTo(0.5)
  expect(f1[RECORDING]).toBe(0)

  await manager.page.goto(`/projects/${ws.projectId}/dashboard`)
  // Top level: the two different sub-labels of 三项制度 agree → 2 of 3 and 2 spans match, F1 = 0.80.
  await expect(manager.page.getByTestId('agreement-table')).toContainText('0.80')
  await manager.page.getByText('子标签').click()
  await expect(manager.page.getByTestId('agreement-table')).toContainText('行政执法公示制度')
  await expect(manager.page.getByTestId('agreement-table')).toContainText('0.50')
  await expect(manager.page.getByTestId('annotator-table')).toContainText('标注员二')
  await Promise.all([one.context.close(), two.context.close(), manager.context.close()])
})

test('a manager assigns documents evenly; annotators see their assignments first', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql)
  for (const title of ['甲文档', '乙文档', '丙文档', '丁文档']) await ws.addDocument(title, `${title}的正文。`)
  const manager = await as(browser, 'manager')
  await manager.page.goto(`/projects/${ws.projectId}/assignments`)
  await manager.page.getByRole('textbox', { name: '每篇文档几人' }).fill('1')
  await manager.page.getByTestId('assign-evenly').click()
  await expect(manager.page.getByText('新增 4 项分配')).toBeVisible()
  const { rows } = await sql.query(
    `SELECT u.email, count(*)::int AS n FROM "Assignment" a JOIN "User" u ON u.id = a."userId" JOIN "Document" d ON d.id = a."documentId" WHERE d."projectId" = $1 GROUP BY u.email ORDER BY u.email`,
    [ws.projectId],
  )
  expect(rows).toEqual([
    { email: 'annotator1@tagbench.test', n: 2 },
    { email: 'annotator2@tagbench.test', n: 2 },
  ])
  const annotator = await as(browser, 'annotator')
  const list = (await (await annotator.request.get(`/api/v1/projects/${ws.projectId}/documents`)).json()) as { items: { myState: string | null }[] }
  expect(list.items.map((d) => d.myState)).toEqual(['todo', 'todo', null, null])
  // An annotator may not assign.
  expect((await annotator.request.post(`/api/v1/projects/${ws.projectId}/assignments/even`, { data: { annotatorIds: ['someone'], perDocument: 1 } })).status()).toBe(403)
  await Promise.all([manager.context.close(), annotator.context.close()])
})

test('a manager edits the reason codes; reviewers then pick from the new list', async ({ browser, sql }) => {
  const ws = await createWorkspace(sql)
  const manager = await as(browser, 'manager')
  const reasons = [
    { code: 'off_topic', zh: '与主题无关', en: 'Off topic' },
    { code: 'duplicate', zh: '重复标注', en: 'Duplicate' },
  ]
  const bad = await manager.request.patch(`/api/v1/projects/${ws.projectId}`, { data: { reviewReasons: [{ code: 'Bad Code', zh: 'x', en: 'x' }] } })
  expect(bad.status()).toBe(400)
  expect((await manager.request.patch(`/api/v1/projects/${ws.projectId}`, { data: { reviewReasons: reasons } })).status()).toBe(200)
  const reviewer = await as(browser, 'reviewer')
  expect(await (await reviewer.request.get(`/api/v1/projects/${ws.projectId}/review-reasons`)).json()).toEqual(reasons)
  expect((await reviewer.request.patch(`/api/v1/projects/${ws.projectId}`, { data: { reviewReasons: reasons } })).status()).toBe(403)
  await Promise.all([manager.context.close(), reviewer.context.close()])
})
