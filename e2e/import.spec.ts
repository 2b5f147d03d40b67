import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { APIRequestContext } from '@playwright/test'
import { bearer, errorOf, expect, test } from './fixtures'
import { roleUsers, storageStateOf } from './roles'
import { createWorkspace } from './workspace'

const TEXT = '𠮷野家😀在本市开店。本市全面推行行政执法公示制度。\n营商环境持续优化。'
const codePoints = (s: string) => Array.from(s)
const spanOf = (part: string) => {
  const start = codePoints(TEXT.slice(0, TEXT.indexOf(part))).length
  return { start, end: start + codePoints(part).length, quote: part }
}

/** A project with one document and two tags (one approved), exported as a jsonl zip through the API. */
async function exportedZip(sql: Parameters<typeof createWorkspace>[0], request: APIRequestContext, token: string): Promise<Buffer> {
  const ws = await createWorkspace(sql)
  // One account writes and approves the tags here: the project lets reviewers approve their own.
  await sql.query('UPDATE "Project" SET "selfApproval" = true WHERE id = $1', [ws.projectId])
  const documentId = await ws.addDocument('导入来源', TEXT)
  const auth = bearer(token)
  const tags = []
  for (const [label, part] of [['三项制度/行政执法公示制度', '本市全面推行行政执法公示制度。'], ['营商环境', '营商环境持续优化。']]) {
    const response = await request.post(`/api/v1/documents/${documentId}/tags`, { headers: auth, data: { labelId: ws.label(label), ...spanOf(part) } })
    expect(response.status()).toBe(201)
    tags.push((await response.json()) as { id: string; version: number })
  }
  expect((await request.post(`/api/v1/tags/${tags[0].id}/review`, { headers: auth, data: { action: 'approve', version: tags[0].version } })).status()).toBe(200)
  const job = (await (await request.post(`/api/v1/projects/${ws.projectId}/exports`, { headers: auth, data: { format: 'jsonl', status: ['approved', 'pending'] } })).json()) as { id: string }
  let state = { status: 'queued', downloadUrl: '' }
  await expect
    .poll(async () => {
      state = (await (await request.get(`/api/v1/exports/${job.id}`, { headers: auth })).json()) as typeof state
      return state.status
    }, { timeout: 30_000 })
    .toBe('done')
  return (await request.get(state.downloadUrl, { headers: auth })).body()
}

async function tagsOf(request: APIRequestContext, token: string, projectId: string) {
  const documents = (await (await request.get(`/api/v1/projects/${projectId}/documents`, { headers: bearer(token) })).json()) as { items: { id: string }[] }
  expect(documents.items).toHaveLength(1)
  const tags = (await (await request.get(`/api/v1/documents/${documents.items[0].id}/tags`, { headers: bearer(token) })).json()) as { items: { start: number; end: number; quote: string; status: string; labelPath: string[] }[] }
  return tags.items.map((t) => [t.start, t.end, t.quote, t.status, t.labelPath.join('/')]).sort()
}

test('a manager imports an export zip on the export page; the tags arrive with their offsets and statuses', async ({ browser, sql, request, tokenFor }) => {
  const token = await tokenFor(roleUsers.manager)
  const zip = await exportedZip(sql, request, token)
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'tagbench-import-')), '语料.zip')
  await writeFile(file, zip)

  const target = await createWorkspace(sql)
  const context = await browser.newContext({ storageState: storageStateOf('manager') })
  const page = await context.newPage()
  await page.goto(`/projects/${target.projectId}/export`)
  const choose = async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-button').click()])
    await chooser.setFiles(file)
  }
  await choose()
  const result = page.getByTestId('import-result')
  await expect(result).toContainText('已导入 语料.zip', { timeout: 30_000 })
  await expect(result).toContainText('文档：新建 1 篇，复用 0 篇')
  await expect(result).toContainText('标注：新建 2 个')
  expect(await tagsOf(request, token, target.projectId)).toEqual([
    [spanOf('本市全面推行行政执法公示制度。').start, spanOf('本市全面推行行政执法公示制度。').end, '本市全面推行行政执法公示制度。', 'approved', '三项制度/行政执法公示制度'],
    [spanOf('营商环境持续优化。').start, spanOf('营商环境持续优化。').end, '营商环境持续优化。', 'pending', '营商环境'],
  ].sort())

  // The same file again adds nothing.
  await choose()
  await expect(result).toContainText('已存在而跳过 2 个', { timeout: 30_000 })
  await context.close()
})

test('the import API refuses bad uploads with a sentence and writes nothing; only managers may import', async ({ sql, request, tokenFor }) => {
  const manager = await tokenFor(roleUsers.manager)
  const zip = await exportedZip(sql, request, manager)
  const target = await createWorkspace(sql)
  const url = `/api/v1/projects/${target.projectId}/imports`
  const post = (token: string, body: Buffer | string, type: string, fileName?: string) =>
    request.post(`${url}${fileName ? `?fileName=${encodeURIComponent(fileName)}` : ''}`, { headers: { ...bearer(token), 'Content-Type': type }, data: body })

  const wrongType = await post(manager, zip, 'text/plain')
  expect(wrongType.status()).toBe(400)
  expect((await errorOf(wrongType)).message).toContain('application/zip')
  const broken = await post(manager, zip.subarray(0, 1000), 'application/zip', 'broken.zip')
  expect(broken.status()).toBe(400)
  expect((await errorOf(broken)).message).toContain('broken.zip is not a zip that can be read')
  const badLine = await post(manager, '{"id": "x"}\n', 'application/x-ndjson', 'few.jsonl')
  expect(badLine.status()).toBe(400)
  expect((await errorOf(badLine)).message).toMatch(/line 1: title/)
  const annotator = await post(await tokenFor(roleUsers.annotator), zip, 'application/zip')
  expect(annotator.status()).toBe(403)
  const counts = await sql.query('SELECT (SELECT count(*) FROM "Document" WHERE "projectId" = $1)::int AS documents, (SELECT count(*) FROM "Tag" WHERE "projectId" = $1)::int AS tags', [target.projectId])
  expect(counts.rows[0]).toEqual({ documents: 0, tags: 0 })

  const done = await post(manager, zip, 'application/zip', 'ok.zip')
  expect(done.status()).toBe(201)
  expect(await done.json()).toMatchObject({ file: 'ok.zip', documents: { created: 1, reused: 0 }, tags: { created: 2, skipped: 0 } })
})

test('the OpenAPI document describes the export and import endpoints, with the upload body and the zip download', async ({ request }) => {
  const spec = (await (await request.get('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, unknown> }> }>> }
  expect(Object.keys(spec.paths['/api/v1/projects/{projectId}/imports'].post.requestBody?.content ?? {})).toContain('application/zip')
  expect(Object.keys(spec.paths['/api/v1/projects/{projectId}/imports'].post.responses)).toContain('201')
  expect(Object.keys(spec.paths['/api/v1/projects/{projectId}/exports'].post.responses)).toContain('202')
  expect(Object.keys(spec.paths['/api/v1/exports/{exportId}/download'].get.responses['200'].content ?? {})).toEqual(['application/zip'])
})
