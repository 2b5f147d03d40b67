import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { APIRequestContext, Browser } from '@playwright/test'
import { bearer, errorOf, expect, test } from './fixtures'
import { roleUsers } from './roles'
import { as } from './session'
import { createWorkspace, type Workspace } from './workspace'
import { readZip } from './zip'

const PUBLICITY = '三项制度/行政执法公示制度'
const RECORDING = '三项制度/执法全过程记录制度'
const BUSINESS = '营商环境'

// Astral characters (𠮷, an emoji) before the tagged passages: offsets must stay code points.
const TEXT = '𠮷野家在😀市开店。本市全面推行行政执法公示制度，执法全过程记录制度同步落实。\n营商环境持续优化。'

const codePoints = (s: string) => Array.from(s)
const spanOf = (part: string) => {
  const start = codePoints(TEXT.slice(0, TEXT.indexOf(part))).length
  return { start, end: start + codePoints(part).length, quote: part }
}

interface ApiTag {
  id: string
  version: number
}

async function tag(request: APIRequestContext, documentId: string, labelId: string, part: string): Promise<ApiTag> {
  const response = await request.post(`/api/v1/documents/${documentId}/tags`, { data: { labelId, ...spanOf(part) } })
  expect(response.status()).toBe(201)
  return (await response.json()) as ApiTag
}

async function review(request: APIRequestContext, t: ApiTag, action: 'approve' | 'reject') {
  const response = await request.post(`/api/v1/tags/${t.id}/review`, { data: { action, version: t.version, ...(action === 'reject' ? { reasonCode: 'wrong_label' } : {}) } })
  expect(response.status()).toBe(200)
}

/** A document with two approved tags (overlapping, different top labels… and one nested in the same top label), one pending, one rejected, one deleted. */
async function taggedWorkspace(browser: Browser, sql: Parameters<typeof createWorkspace>[0]): Promise<Workspace & { documentId: string }> {
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('导出测试报告', TEXT)
  const annotator = await as(browser, 'annotator')
  const reviewer = await as(browser, 'reviewer')
  const whole = await tag(annotator.request, documentId, ws.label(PUBLICITY), '本市全面推行行政执法公示制度，执法全过程记录制度同步落实。')
  const inner = await tag(annotator.request, documentId, ws.label(RECORDING), '执法全过程记录制度')
  const business = await tag(annotator.request, documentId, ws.label(BUSINESS), '营商环境持续优化。')
  await tag(annotator.request, documentId, ws.label(PUBLICITY), '行政执法公示制度') // stays pending
  const rejected = await tag(annotator.request, documentId, ws.label(BUSINESS), '开店')
  const deleted = await tag(annotator.request, documentId, ws.label(BUSINESS), '𠮷野家')
  expect((await annotator.request.delete(`/api/v1/tags/${deleted.id}?version=${deleted.version}`)).status()).toBe(200)
  for (const t of [whole, inner, business]) await review(reviewer.request, t, 'approve')
  await review(reviewer.request, rejected, 'reject')
  await annotator.context.close()
  await reviewer.context.close()
  return { ...ws, documentId }
}

test('a manager exports from the page, reloads while it runs, and downloads a zip with the data, manifest and dataset card', async ({ browser, sql }) => {
  const ws = await taggedWorkspace(browser, sql)
  const manager = await as(browser, 'manager')
  const { page } = manager
  await page.goto(`/projects/${ws.projectId}/export`)
  // Before starting, the page says what the export will hold: approved only by default.
  await expect(page.getByTestId('export-preview')).toContainText('将导出 1 篇文档、3 个标注')
  await page.getByText('待审', { exact: true }).click()
  await expect(page.getByTestId('export-preview')).toContainText('将导出 1 篇文档、4 个标注')
  await page.getByText('待审', { exact: true }).click()
  await expect(page.getByTestId('export-preview')).toContainText('3 个标注')

  await page.getByTestId('start-export').click()
  const row = page.getByTestId('export-list').locator('tr[data-status]').first()
  await expect(row).toBeVisible()
  await page.reload() // the job lives on the server, not in the page
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 30_000 })
  await expect(row).toContainText('1 篇文档 · 3 个标注')

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('download-export').click()])
  expect(download.suggestedFilename()).toMatch(/\.zip$/)
  const files = await readZip(await readFile(await download.path()))
  expect([...files.keys()].sort()).toEqual(['README.md', 'corpus.jsonl', 'manifest.json', 'spans.csv'])

  const lines = files.get('corpus.jsonl')!.toString('utf8').trim().split('\n')
  expect(lines).toHaveLength(1)
  const doc = JSON.parse(lines[0]) as { text: string; spans: { start: number; end: number; text: string; label: string; status: string; annotator: string }[] }
  expect(doc.text).toBe(TEXT)
  expect(doc.spans.map((s) => [s.label, s.text])).toEqual([
    [PUBLICITY, '本市全面推行行政执法公示制度，执法全过程记录制度同步落实。'],
    [RECORDING, '执法全过程记录制度'],
    [BUSINESS, '营商环境持续优化。'],
  ])
  for (const s of doc.spans) {
    expect(s.status).toBe('approved')
    expect(s.annotator).toBe(roleUsers.annotator)
    expect(codePoints(doc.text).slice(s.start, s.end).join('')).toBe(s.text) // Python's text[start:end]
  }

  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { offset_unit: string; counts: { documents: number; spans: number }; filters: { status: string[] }; files: { name: string; sha256: string }[] }
  expect(manifest.offset_unit).toBe('codepoint')
  expect(manifest.counts).toMatchObject({ documents: 1, spans: 3 })
  expect(manifest.filters.status).toEqual(['approved'])
  for (const f of manifest.files) expect(createHash('sha256').update(files.get(f.name)!).digest('hex')).toBe(f.sha256)
  const card = files.get('README.md')!.toString('utf8')
  expect(card).toContain('**1** documents, **3** spans')
  expect(card).toContain('行政执法公示制度')

  // The manifest can be read on the page afterwards.
  await row.getByRole('button', { name: '清单' }).click()
  await expect(page.getByRole('dialog')).toContainText('1 篇文档，3 个标注')
  await page.keyboard.press('Escape')

  // Deleting it (after a confirmation) removes it from the list and its download.
  const id = (await row.getAttribute('data-testid'))!.replace('export-', '')
  await row.getByTestId('remove-export').click()
  await page.getByTestId('confirm-remove-export').click()
  await expect(page.getByTestId('export-list')).toHaveCount(0)
  expect((await manager.request.get(`/api/v1/exports/${id}/download`)).status()).toBe(404)
  await manager.context.close()
})

test('a CoNLL export says on the page how many overlapping spans it could not represent', async ({ browser, sql }) => {
  const ws = await taggedWorkspace(browser, sql)
  const manager = await as(browser, 'manager')
  const { page } = manager
  await page.goto(`/projects/${ws.projectId}/export`)
  await page.getByTestId('format-conll').check()
  await page.getByText('单列').click()
  await page.getByTestId('start-export').click()
  const row = page.getByTestId('export-list').locator('tr[data-status]').first()
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 30_000 })
  await row.getByRole('button', { name: '清单' }).click()
  // One column: the nested 执法全过程记录制度 cannot sit inside the longer span.
  await expect(page.getByTestId('conll-report')).toContainText('1 个重叠标注无法在 CoNLL 中表示')
  await manager.context.close()
})

test('an annotator without export rights is refused on the page and by the API, until a manager opens exports to annotators', async ({ browser, sql }) => {
  const ws = await taggedWorkspace(browser, sql)
  const annotator = await as(browser, 'annotator')
  await annotator.page.goto(`/projects/${ws.projectId}`)
  await expect(annotator.page.getByRole('tab', { name: '文档' })).toBeVisible()
  await expect(annotator.page.getByRole('tab', { name: '导出' })).toHaveCount(0)
  const refused = await annotator.page.goto(`/projects/${ws.projectId}/export`)
  expect(refused?.status()).toBe(404)
  const post = await annotator.request.post(`/api/v1/projects/${ws.projectId}/exports`, { data: { format: 'jsonl' } })
  expect(post.status()).toBe(403)
  expect((await errorOf(post)).message).toContain('may not export')
  expect((await annotator.request.get(`/api/v1/projects/${ws.projectId}/exports`)).status()).toBe(403)

  const manager = await as(browser, 'manager')
  await manager.page.goto(`/projects/${ws.projectId}/export`)
  await manager.page.getByTestId('export-role').click()
  await manager.page.getByRole('option', { name: '标注员及以上' }).click()
  await expect.poll(async () => (await sql.query('SELECT "exportRole" FROM "Project" WHERE id = $1', [ws.projectId])).rows[0].exportRole).toBe('annotator')

  await annotator.page.goto(`/projects/${ws.projectId}/export`)
  await expect(annotator.page.getByTestId('export-preview')).toContainText('3 个标注')
  // Blind mode: the annotator may export approved tags only.
  const pending = await annotator.request.post(`/api/v1/projects/${ws.projectId}/exports`, { data: { format: 'jsonl', status: ['approved', 'pending'] } })
  expect(pending.status()).toBe(403)
  expect((await errorOf(pending)).message).toContain('blind mode')
  await annotator.context.close()
  await manager.context.close()
})

test('a script exports through the API with a personal access token', async ({ browser, sql, request, tokenFor }) => {
  const ws = await taggedWorkspace(browser, sql)
  const auth = bearer(await tokenFor(roleUsers.manager))
  const bad = await request.post(`/api/v1/projects/${ws.projectId}/exports`, { headers: auth, data: { format: 'xml' } })
  expect(bad.status()).toBe(400)
  expect((await errorOf(bad)).message).toContain('format')
  const unknownLabel = await request.post(`/api/v1/projects/${ws.projectId}/exports`, { headers: auth, data: { format: 'jsonl', labels: ['没有这个标签'] } })
  expect(unknownLabel.status()).toBe(400)
  expect((await errorOf(unknownLabel)).message).toContain('没有这个标签')

  const created = await request.post(`/api/v1/projects/${ws.projectId}/exports`, {
    headers: auth,
    data: { format: 'doccano', status: ['approved'], labels: ['三项制度'], split: { ratios: [1, 0, 0], seed: 7 } },
  })
  expect(created.status()).toBe(202)
  const job = (await created.json()) as { id: string; status: string }
  expect(['queued', 'running', 'done']).toContain(job.status)
  let state = job
  await expect
    .poll(async () => {
      state = (await (await request.get(`/api/v1/exports/${job.id}`, { headers: auth })).json()) as typeof job
      return state.status
    }, { timeout: 30_000 })
    .toBe('done')
  const done = state as unknown as { manifest: { counts: { spans: number }; split: { parts: Record<string, { documents: number }> } }; downloadUrl: string }
  expect(done.manifest.counts.spans).toBe(2) // 三项制度 and its sub-labels only
  expect(done.manifest.split.parts.train.documents).toBe(1)

  const download = await request.get(done.downloadUrl, { headers: auth })
  expect(download.status()).toBe(200)
  expect(download.headers()['content-type']).toBe('application/zip')
  const files = await readZip(await download.body())
  const record = JSON.parse(files.get('train.doccano.jsonl')!.toString('utf8').trim()) as { text: string; label: [number, number, string][] }
  for (const [start, end, label] of record.label) {
    expect(label.startsWith('三项制度/')).toBe(true)
    expect(codePoints(record.text).slice(start, end).join('')).not.toBe('')
  }
  expect(files.has('dev.doccano.jsonl') && files.has('test.doccano.jsonl')).toBe(true)
})
