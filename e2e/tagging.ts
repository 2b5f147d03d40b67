// Tags made through the API for a test's setup, and the workbench opened on a document.
import { expect, type APIRequestContext, type Page } from '@playwright/test'

export interface ApiTag {
  id: string
  start: number
  end: number
  quote: string
  status: string
  version: number
  labelPath: string[]
}

/** The span of `part` in `text` in code points (the offset contract), with its quote. */
export function spanOf(text: string, part: string) {
  const at = text.indexOf(part)
  if (at < 0) throw new Error(`"${part}" is not in the text`)
  const start = Array.from(text.slice(0, at)).length
  return { start, end: start + Array.from(part).length, quote: part }
}

/** Tags the first occurrence of `part` in the document (whose text is `text`) with the label. */
export async function tagPart(request: APIRequestContext, documentId: string, labelId: string, text: string, part: string): Promise<ApiTag> {
  const response = await request.post(`/api/v1/documents/${documentId}/tags`, { data: { labelId, ...spanOf(text, part) } })
  expect(response.status()).toBe(201)
  return (await response.json()) as ApiTag
}

/** Opens the workbench on a document (and a tag) and waits for its first paint of the tags. */
export async function openDocument(page: Page, documentId: string, tagId?: string) {
  await page.goto(`/documents/${documentId}${tagId ? `?tag=${tagId}` : ''}`)
  await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined)
}

/** Approves each tag at the version it has, as a reviewer (`request`). */
export async function approve(request: APIRequestContext, ...tags: { id: string; version: number }[]) {
  for (const tag of tags) expect((await request.post(`/api/v1/tags/${tag.id}/review`, { data: { action: 'approve', version: tag.version } })).status()).toBe(200)
}
