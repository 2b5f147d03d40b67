// Issue #16, bugs 1 and 2 and the queue's details: a review action is bound to the tag and version it
// was shown for and runs once (a double click or two fast key presses never approve the next row),
// approve / reject / send back can be undone from their toast or by key (undo = reopen, refused after
// someone else's change), a reason note typed from the keyboard reaches the history, the queue's
// filters live in the URL, a 409 says what happened to the row, long spans expand, and toasts stay
// clear of the header's menus.
import type { Browser, Page } from '@playwright/test'
import type pg from 'pg'
import { expect, test } from './fixtures'
import { storageStateOf } from './roles'
import { as } from './session'
import { tagPart, type ApiTag } from './tagging'
import { createWorkspace, type Workspace } from './workspace'

const PUBLICITY = '三项制度/行政执法公示制度'

/** A workspace with one document and `parts.length` pending tags, created oldest first (the queue's order). */
async function queueOf(browser: Browser, sql: pg.Pool, text: string, parts: string[]): Promise<{ ws: Workspace; documentId: string; tags: ApiTag[] }> {
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('审核撤销', text)
  const annotator = await browser.newContext({ storageState: storageStateOf('annotator') })
  const tags: ApiTag[] = []
  for (const part of parts) tags.push(await tagPart(annotator.request, documentId, ws.label(PUBLICITY), text, part))
  await annotator.close()
  return { ws, documentId, tags }
}

const statuses = async (sql: pg.Pool, tags: ApiTag[]) => {
  const { rows } = await sql.query<{ id: string; status: string }>('SELECT id, status FROM "Tag" WHERE id = ANY($1)', [tags.map((t) => t.id)])
  return tags.map((t) => rows.find((r) => r.id === t.id)!.status)
}
const eventsOf = async (sql: pg.Pool, tagId: string) =>
  (await sql.query<{ action: string; reasonCode: string | null; reason: string | null }>('SELECT action, "reasonCode", reason FROM "TagEvent" WHERE "tagId" = $1 ORDER BY seq', [tagId])).rows

/**
 * Holds every review POST until `release()`, so that a second press surely comes while the first is in
 * flight. (A fixed delay was not enough: on a loaded 2-core machine a key press took longer to reach
 * the page than the delay, and the second press then rightly approved the next row.)
 */
async function heldReviews(page: Page): Promise<{ posts: () => number; release: () => void }> {
  let count = 0
  let release = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/v1/tags/*/review', async (route) => {
    if (route.request().method() === 'POST') count++
    await gate
    await route.continue()
  })
  return { posts: () => count, release }
}

const TEXT = '第一条待审的句子。第二条待审的句子。第三条待审的句子。'
const PARTS = ['第一条待审的句子。', '第二条待审的句子。', '第三条待审的句子。']

test('a double click on 通过 approves the first row only; the second row stays pending', async ({ browser, sql }) => {
  const { ws, tags } = await queueOf(browser, sql, TEXT, PARTS)
  const reviewer = await as(browser, 'reviewer')
  const page = reviewer.page
  await page.goto(`/projects/${ws.projectId}/review`)
  const rows = page.getByTestId('queue-row')
  await expect(rows).toHaveCount(3)
  await rows.first().getByRole('button', { name: /^通过/ }).dblclick()
  await expect(rows.first()).toHaveAttribute('data-state', 'done')
  // Long enough for a second request to have been answered, had one gone out.
  await page.waitForTimeout(800)
  expect(await statuses(sql, tags)).toEqual(['approved', 'pending', 'pending'])
  // The acted-on row stays where it was; the next one is still open, with its buttons.
  await expect(rows).toHaveCount(3)
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'open')
  await expect(rows.nth(1).getByRole('button', { name: /^通过/ })).toBeEnabled()
  await reviewer.context.close()
})

test('two fast presses of a approve one tag: the second press waits for the first', async ({ browser, sql }) => {
  const { ws, tags } = await queueOf(browser, sql, TEXT, PARTS)
  const reviewer = await as(browser, 'reviewer')
  const page = reviewer.page
  const held = await heldReviews(page)
  await page.goto(`/projects/${ws.projectId}/review`)
  await expect(page.getByTestId('queue-row')).toHaveCount(3)
  await page.keyboard.press('a')
  await page.keyboard.press('a')
  // Both presses have reached the page (press() returns once the page has handled the key); only now the first answer comes.
  await expect.poll(held.posts).toBe(1)
  held.release()
  await expect(page.getByTestId('queue-row').first()).toHaveAttribute('data-state', 'done')
  await page.waitForTimeout(800)
  expect(held.posts()).toBe(1)
  expect(await statuses(sql, tags)).toEqual(['approved', 'pending', 'pending'])
  // The selection moved on to the next open row: the next press approves it, seen.
  await expect(page.getByTestId('queue-row').nth(1)).toHaveAttribute('data-selected', 'true')
  await reviewer.context.close()
})

test('undo in the queue: from the toast and with z; an undo after someone else’s change is refused with a sentence', async ({ browser, sql }) => {
  const { ws, tags } = await queueOf(browser, sql, TEXT, PARTS)
  const reviewer = await as(browser, 'reviewer')
  const other = await browser.newContext({ storageState: storageStateOf('manager') })
  const page = reviewer.page
  await page.goto(`/projects/${ws.projectId}/review`)
  const rows = page.getByTestId('queue-row')
  await expect(rows).toHaveCount(3)

  // Approve the first, undo from the toast: pending again, with a reopened event; the row is open again.
  await page.keyboard.press('a')
  await expect(rows.first()).toHaveAttribute('data-state', 'done')
  await page.getByTestId('review-undo').click()
  await expect.poll(() => statuses(sql, tags)).toEqual(['pending', 'pending', 'pending'])
  expect((await eventsOf(sql, tags[0].id)).map((e) => e.action)).toEqual(['created', 'approved', 'reopened'])
  await expect(page.getByText(/已撤销/)).toBeVisible()
  await expect(rows.first()).toHaveAttribute('data-state', 'open')

  // Send back the second (b, a reason digit, Enter), then undo with z.
  await rows.nth(1).click()
  await page.keyboard.press('b')
  await expect(page.getByTestId('reason-dialog')).toBeVisible()
  await page.keyboard.press('2')
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await statuses(sql, tags))[1]).toBe('needs_revision')
  // z undoes what its toast shows: wait for the answer (the toast), as a reviewer would.
  await expect(page.getByTestId('review-toast').filter({ hasText: '已退回' })).toBeVisible()
  await page.keyboard.press('z')
  await expect.poll(async () => (await statuses(sql, tags))[1]).toBe('pending')
  expect((await eventsOf(sql, tags[1].id)).map((e) => e.action)).toEqual(['created', 'sent_back', 'reopened'])

  // Approve the third; meanwhile a manager reopens and approves it again: the undo is refused, nothing changes.
  await rows.nth(2).click()
  await page.keyboard.press('a')
  await expect(rows.nth(2)).toHaveAttribute('data-state', 'done')
  const approved = (await sql.query('SELECT version FROM "Tag" WHERE id = $1', [tags[2].id])).rows[0].version as number
  expect((await other.request.post(`/api/v1/tags/${tags[2].id}/review`, { data: { action: 'reopen', version: approved, reason: '再看看' } })).status()).toBe(200)
  expect((await other.request.post(`/api/v1/tags/${tags[2].id}/review`, { data: { action: 'approve', version: approved + 1 } })).status()).toBe(200)
  await page.getByTestId('review-undo').last().click()
  await expect(page.getByText(/未能撤销：此标注在你加载后已被他人修改/)).toBeVisible()
  expect((await statuses(sql, tags))[2]).toBe('approved')
  expect((await eventsOf(sql, tags[2].id)).map((e) => e.action)).toEqual(['created', 'approved', 'reopened', 'approved'])
  await Promise.all([reviewer.context.close(), other.close()])
})

test('a reason note typed from the keyboard is kept: r, a digit, the note, Enter', async ({ browser, sql }) => {
  const { ws, tags } = await queueOf(browser, sql, TEXT, PARTS.slice(0, 1))
  const reviewer = await as(browser, 'reviewer')
  const page = reviewer.page
  await page.goto(`/projects/${ws.projectId}/review`)
  await expect(page.getByTestId('queue-row')).toHaveCount(1)
  await page.keyboard.press('r')
  const dialog = page.getByTestId('reason-dialog')
  await expect(dialog).toBeVisible()
  // Enter with nothing picked: the error; a reason digit clears it and puts the focus in the note.
  await page.keyboard.press('Enter')
  await expect(dialog.getByText('请选择一个原因或写一句说明。')).toBeVisible()
  await page.keyboard.press('4')
  await expect(dialog.getByText('请选择一个原因或写一句说明。')).toHaveCount(0)
  await expect(page.getByTestId('reason-note')).toBeFocused()
  await page.keyboard.type('只是背景介绍 2 句')
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await statuses(sql, tags))[0]).toBe('rejected')
  const { items } = (await (await reviewer.request.get(`/api/v1/tags/${tags[0].id}/events`)).json()) as { items: { action: string; reasonCode: string | null; reason: string | null }[] }
  expect(items.at(-1)).toMatchObject({ action: 'rejected', reasonCode: 'not_substantive', reason: '只是背景介绍 2 句' })
  await reviewer.context.close()
})

test('the filters are in the URL: shareable, and Back returns to the earlier filter', async ({ browser, sql }) => {
  const { ws, tags } = await queueOf(browser, sql, TEXT, PARTS)
  const reviewer = await as(browser, 'reviewer')
  expect((await reviewer.request.post(`/api/v1/tags/${tags[0].id}/review`, { data: { action: 'approve', version: tags[0].version } })).status()).toBe(200)
  const page = reviewer.page
  const url = `/projects/${ws.projectId}/review`
  await page.goto(url)
  const rows = page.getByTestId('queue-row')
  const status = page.getByRole('combobox', { name: '状态', exact: true })
  await expect(rows).toHaveCount(2)
  await status.click()
  await page.getByRole('option', { name: '已通过' }).click()
  await expect(page).toHaveURL(/[?&]status=approved/)
  await expect(rows).toHaveCount(1)
  await page.getByRole('combobox', { name: '排序', exact: true }).click()
  await page.getByRole('option', { name: '最新的在前' }).click()
  await expect(page).toHaveURL(/status=approved&sort=newest/)

  await page.goBack()
  await expect(page).toHaveURL(/status=approved$/)
  await expect(page.getByRole('combobox', { name: '排序', exact: true })).toHaveValue('最早的在前')
  await expect(status).toHaveValue('已通过')
  await expect(rows).toHaveCount(1)
  await page.goBack()
  await expect(status).toHaveValue('待审')
  await expect(rows).toHaveCount(2)

  // A shared link opens on its filters; a malformed one falls back to the defaults.
  await page.goto(`${url}?status=approved`)
  await expect(status).toHaveValue('已通过')
  await expect(rows).toHaveCount(1)
  await page.goto(`${url}?status=bogus&page=-3`)
  await expect(status).toHaveValue('待审')
  await expect(rows).toHaveCount(2)
  await reviewer.context.close()
})

test('a 409 in the queue refreshes the row or marks it gone, and says so', async ({ browser, sql }) => {
  const { ws, tags } = await queueOf(browser, sql, TEXT, PARTS.slice(0, 2))
  const reviewer = await as(browser, 'reviewer')
  const other = await browser.newContext({ storageState: storageStateOf('manager') })
  const page = reviewer.page
  await page.goto(`/projects/${ws.projectId}/review`)
  const rows = page.getByTestId('queue-row')
  await expect(rows).toHaveCount(2)
  // Someone approves the first row's tag, then reopens it: still pending, at a newer version.
  expect((await other.request.post(`/api/v1/tags/${tags[0].id}/review`, { data: { action: 'approve', version: 1 } })).status()).toBe(200)
  expect((await other.request.post(`/api/v1/tags/${tags[0].id}/review`, { data: { action: 'reopen', version: 2, reason: '再看看' } })).status()).toBe(200)
  // And approves the second's: it has left the pending queue.
  expect((await other.request.post(`/api/v1/tags/${tags[1].id}/review`, { data: { action: 'approve', version: 1 } })).status()).toBe(200)

  await page.keyboard.press('a')
  await expect(page.getByText(/此标注在此期间已被修改，本行已显示其最新状态/)).toBeVisible()
  await expect(rows.first()).toHaveAttribute('data-state', 'open')
  // The row holds the new version now: approving it again works.
  await page.keyboard.press('a')
  await expect.poll(async () => (await statuses(sql, tags))[0]).toBe('approved')

  await rows.nth(1).getByRole('button', { name: /^通过/ }).click()
  // (Checked first: once every row is acted on, the next page follows a moment later.)
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'gone')
  await expect(page.getByText(/此标注已由他人处理（现为已通过），已移出队列/)).toBeVisible()
  expect((await eventsOf(sql, tags[1].id)).map((e) => e.action)).toEqual(['created', 'approved'])
  await Promise.all([reviewer.context.close(), other.close()])
})

test('a long span in a queue row expands, and toasts stay clear of the header and its menu', async ({ browser, sql }) => {
  const long = `${'依法全面履行政府职能，深化行政执法体制改革。'.repeat(12)}`
  const text = `开头。${long}结尾。`
  const { ws } = await queueOf(browser, sql, text, [long, '结尾。'])
  const reviewer = await as(browser, 'reviewer')
  const page = reviewer.page
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.goto(`/projects/${ws.projectId}/review`)
  const row = page.getByTestId('queue-row').first()
  const passage = row.getByTestId('queue-passage')
  await expect(passage).not.toContainText(long)
  await row.getByTestId('queue-expand').click()
  await expect(passage).toContainText(long)
  await expect(row.getByTestId('queue-expand')).toHaveText(/收起/)

  await page.keyboard.press('a')
  const toast = page.getByTestId('review-toast')
  await expect(toast).toBeVisible()
  const header = (await page.locator('header').first().boundingBox())!
  const toastBox = (await toast.boundingBox())!
  expect(toastBox.y).toBeGreaterThan(header.y + header.height)
  // The user menu opens and its items are not under the toast.
  await page.getByTestId('user-menu').click()
  const menu = page.getByRole('menu')
  await expect(menu).toBeVisible()
  const menuBox = (await menu.boundingBox())!
  expect(menuBox.y + menuBox.height).toBeLessThan(toastBox.y)
  await reviewer.context.close()
})

test('the workbench: one approve for two fast presses, undo from the toast and with Ctrl+Z, the note from the keyboard', async ({ browser, sql }) => {
  const { documentId, tags } = await queueOf(browser, sql, TEXT, PARTS)
  const reviewer = await as(browser, 'reviewer')
  const page = reviewer.page
  const held = await heldReviews(page)
  await page.goto(`/documents/${documentId}?tag=${tags[0].id}`)
  await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined)
  const panel = page.getByTestId('focused-tag-panel')
  await expect(panel.getByRole('button', { name: /^通过/ })).toBeVisible()

  await page.keyboard.press('a')
  await page.keyboard.press('a')
  await expect.poll(held.posts).toBe(1)
  held.release()
  await expect(panel.getByRole('button', { name: /^重新打开/ })).toBeVisible()
  await page.waitForTimeout(800)
  expect(held.posts()).toBe(1)
  expect(await statuses(sql, tags)).toEqual(['approved', 'pending', 'pending'])
  await expect(page.getByText(/未能完成/)).toHaveCount(0)

  // Undo from the toast.
  await page.getByTestId('review-undo').click()
  await expect.poll(async () => (await statuses(sql, tags))[0]).toBe('pending')
  await expect(panel.getByRole('button', { name: /^通过/ })).toBeVisible()

  // Approve again, undo with Ctrl+Z.
  await page.keyboard.press('a')
  await expect.poll(async () => (await statuses(sql, tags))[0]).toBe('approved')
  await expect(page.getByTestId('review-undo')).toBeVisible()
  await page.keyboard.press('Control+z')
  await expect.poll(async () => (await statuses(sql, tags))[0]).toBe('pending')
  expect((await eventsOf(sql, tags[0].id)).map((e) => e.action)).toEqual(['created', 'approved', 'reopened', 'approved', 'reopened'])
  // The database has it before the page has the answer: b is for a pending tag, as the page shows it.
  await expect(panel.getByRole('button', { name: /^通过/ })).toBeVisible()

  // Send back by keyboard with a note: b, a digit, the note, Enter.
  await page.keyboard.press('b')
  await expect(page.getByTestId('reason-dialog')).toBeVisible()
  await page.keyboard.press('1')
  await expect(page.getByTestId('reason-note')).toBeFocused()
  await page.keyboard.type('应为执法公示')
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await statuses(sql, tags))[0]).toBe('needs_revision')
  expect((await eventsOf(sql, tags[0].id)).at(-1)).toMatchObject({ action: 'sent_back', reasonCode: 'wrong_label', reason: '应为执法公示' })
  await reviewer.context.close()
})
