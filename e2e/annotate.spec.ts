import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { storageStateOf } from './roles'
import { createWorkspace, type Workspace } from './workspace'

const PUBLICITY = '三项制度/行政执法公示制度'
const RECORDING = '三项制度/执法全过程记录制度'

interface ApiTag {
  id: string
  start: number
  end: number
  quote: string
  labelPath: string[]
  status: string
  version: number
  authorName: string
}

async function tagsOf(page: Page, documentId: string): Promise<ApiTag[]> {
  const response = await page.request.get(`/api/v1/documents/${documentId}/tags`)
  expect(response.status()).toBe(200)
  return ((await response.json()) as { items: ApiTag[] }).items
}

/** Python's text[start:end]: code points, end exclusive. */
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('')
const indexOf = (text: string, part: string) => Array.from(text.slice(0, text.indexOf(part))).length

async function openDocument(page: Page, documentId: string) {
  await page.goto(`/documents/${documentId}`)
  await expect(page.locator('.tb-editor')).toBeVisible()
  await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined)
}

/** Drags the mouse from the first character of `from` to the last character of `to`, as a person selects. */
async function dragSelect(page: Page, from: string, to: string) {
  const box = await page.evaluate(
    ([fromText, toText]) => {
      const root = document.querySelector('.tb-editor')!
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      const nodes: { node: Text; offset: number }[] = []
      let all = ''
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n as Text, offset: all.length })
        all += (n as Text).data
      }
      const rectOf = (index: number) => {
        const owner = [...nodes].reverse().find((x) => x.offset <= index)!
        const range = document.createRange()
        range.setStart(owner.node, index - owner.offset)
        range.setEnd(owner.node, index - owner.offset + 1)
        return range.getBoundingClientRect()
      }
      const a = rectOf(all.indexOf(fromText))
      const b = rectOf(all.indexOf(toText) + toText.length - 1)
      return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 }
    },
    [from, to],
  )
  await page.mouse.move(box.x1, box.y1)
  await page.mouse.down()
  await page.mouse.move(box.x2, box.y2, { steps: 8 })
  await page.mouse.up()
}

/**
 * The text drawn for a tag: its decoration spans in document order. Overlaps split a tag into
 * several spans within a paragraph; each paragraph boundary is the text's line break.
 */
async function drawnText(page: Page, tagId: string) {
  return page.evaluate((id) => {
    const spans = [...document.querySelectorAll(`[data-tag="${id}"]`)].filter((el) => !el.parentElement?.closest(`[data-tag="${id}"]`))
    const paragraphs = new Map<Element, string>()
    for (const el of spans) {
      const p = el.closest('p')!
      paragraphs.set(p, (paragraphs.get(p) ?? '') + el.textContent)
    }
    return [...paragraphs.values()].join('\n')
  }, tagId)
}

test.describe('tagging in the browser', () => {
  test.use({ storageState: storageStateOf('annotator') })
  let ws: Workspace

  test.beforeEach(async ({ sql }) => {
    ws = await createWorkspace(sql)
  })

  test('tags a passage selected with the mouse, from the palette', async ({ page }) => {
    const text = '第一段的开头。请选择这一句话来标注。后面还有话。\n第二段。'
    const id = await ws.addDocument('鼠标标注', text)
    await openDocument(page, id)
    await dragSelect(page, '请选择', '来标注。')
    await expect(page.getByTestId('selection-status')).toContainText('请选择这一句话来标注。')
    await page.locator(`[data-testid="palette-label"][data-label="${PUBLICITY}"]`).click()
    await expect(page.locator('.tb-tag')).toHaveCount(1) // drawn at once, before the server answers
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(1)
    const [tag] = await tagsOf(page, id)
    expect(tag).toMatchObject({ quote: '请选择这一句话来标注。', labelPath: PUBLICITY.split('/'), status: 'pending' })
    expect(slice(text, tag.start, tag.end)).toBe(tag.quote)
    expect(await drawnText(page, tag.id)).toBe(tag.quote)
  })

  test('tags by keyboard alone: sentence by sentence, label key then sub-label key, Enter repeats', async ({ page }) => {
    const text = '第一句讲重大行政决策。第二句讲执法公示！第三句？\n下一段第一句。'
    const id = await ws.addDocument('键盘标注', text)
    await openDocument(page, id)
    await page.keyboard.press('j') // the first sentence
    await expect(page.getByTestId('selection-status')).toContainText('第一句讲重大行政决策。')
    await page.keyboard.press('2')
    await expect(page.getByTestId('selection-status')).toContainText('三项制度')
    await page.keyboard.press('1')
    await expect(page.locator('.tb-tag')).toHaveCount(1)
    await page.keyboard.press('j') // continues after the tag just made
    await page.keyboard.press('Enter') // same label again
    await expect(page.locator('.tb-tag')).toHaveCount(2)
    await page.keyboard.press('j')
    await page.keyboard.press('J') // extend over the line break to the next paragraph's sentence
    await page.keyboard.press('2')
    await page.keyboard.press('2')
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(3)
    const tags = (await tagsOf(page, id)).sort((a, b) => a.start - b.start)
    expect(tags.map((t) => [t.quote, t.labelPath.join('/')])).toEqual([
      ['第一句讲重大行政决策。', PUBLICITY],
      ['第二句讲执法公示！', PUBLICITY],
      ['第三句？\n下一段第一句。', RECORDING],
    ])
    for (const t of tags) expect(slice(text, t.start, t.end)).toBe(t.quote)
  })

  test('tags across two paragraphs with the mouse', async ({ page }) => {
    const text = '段落甲的前半。段落甲的结尾在这里。\n段落乙的开头在这里。段落乙的后半。'
    const id = await ws.addDocument('跨段落', text)
    await openDocument(page, id)
    await dragSelect(page, '段落甲的结尾', '段落乙的开头在这里。')
    await page.keyboard.press('3')
    await page.keyboard.press('Enter') // the top label 府院联动 itself
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(1)
    const [tag] = await tagsOf(page, id)
    expect(tag.quote).toBe('段落甲的结尾在这里。\n段落乙的开头在这里。')
    expect(tag.labelPath).toEqual(['府院联动'])
    expect(slice(text, tag.start, tag.end)).toBe(tag.quote)
    expect(await drawnText(page, tag.id)).toBe(tag.quote)
  })

  test('overlapping tags are both drawn, nested, and both survive a reload in place', async ({ page }) => {
    const text = '开头。重叠的第一句话。重叠的第二句话。结尾。'
    const id = await ws.addDocument('重叠', text)
    await openDocument(page, id)
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('J') // two sentences
    await page.keyboard.press('1')
    await page.keyboard.press('1')
    await page.keyboard.press('k') // back to the second of them, inside the first tag
    await page.keyboard.press('4')
    await page.keyboard.press('2')
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(2)
    const tags = await tagsOf(page, id)
    const outer = tags.find((t) => t.quote === '重叠的第一句话。重叠的第二句话。')!
    const inner = tags.find((t) => t.quote === '重叠的第二句话。')!
    expect(outer && inner).toBeTruthy()
    const nested = page.locator(`[data-tag="${outer.id}"] [data-tag="${inner.id}"], [data-tag="${inner.id}"] [data-tag="${outer.id}"]`)
    await expect(nested.first()).toBeAttached()
    // Different stacking layers: the underlines do not cover each other.
    const layers = await page.evaluate(([a, b]) => [a, b].map((id) => getComputedStyle(document.querySelector(`[data-tag="${id}"]`)!).getPropertyValue('--tag-layer')), [outer.id, inner.id])
    expect(new Set(layers).size).toBe(2)

    await page.reload()
    await page.waitForFunction(() => window.__tagbench?.paintedAt !== undefined)
    expect(await drawnText(page, outer.id)).toBe(outer.quote)
    expect(await drawnText(page, inner.id)).toBe(inner.quote)
  })

  test('keeps exact offsets after astral characters (𠮷, 𡈼, emoji), \\r\\n, U+00A0 and U+3000', async ({ page }) => {
    const text = '𠮷野家🙂开业。\r\n\u3000\u3000𡈼字与\u00a0空格。要标注的句子在这里。'
    const id = await ws.addDocument('罕见字', text)
    await openDocument(page, id)
    await dragSelect(page, '要标注', '这里。')
    await page.keyboard.press('2')
    await page.keyboard.press('3')
    for (const _ of [1, 2, 3]) await page.keyboard.press('k') // back to the first sentence, which holds two astral characters
    await expect(page.getByTestId('selection-status')).toContainText('𠮷野家🙂开业。')
    await page.keyboard.press('4')
    await page.keyboard.press('1')
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(2)
    const tags = (await tagsOf(page, id)).sort((a, b) => a.start - b.start)
    expect(tags[0]).toMatchObject({ start: 0, end: 7, quote: '𠮷野家🙂开业。' })
    expect(tags[1]).toMatchObject({ start: indexOf(text, '要标注'), quote: '要标注的句子在这里。' })
    for (const t of tags) expect(slice(text, t.start, t.end)).toBe(t.quote)
  })

  test('the server draws the report with its tags for the first paint, exactly as the editor then draws them', async ({ page, browser }) => {
    const text = '一、总则\n开头。重叠的第一句话。重叠的第二句话。\r\n\n𠮷野家🙂开业。跨行的<句子>&\n继续。结尾。'
    const id = await ws.addDocument('首屏', text)
    const post = async (quote: string, label = PUBLICITY) => {
      const start = indexOf(text, quote)
      const response = await page.request.post(`/api/v1/documents/${id}/tags`, { data: { labelId: ws.label(label), start, end: start + Array.from(quote).length, quote } })
      expect(response.status()).toBe(201)
    }
    await post('重叠的第一句话。重叠的第二句话。')
    await post('重叠的第二句话。', RECORDING)
    await post('第二句话。\r\n\n𠮷野家') // crosses the overlap and two line breaks
    await post('🙂开业。跨行的<句子>&\n继续。', RECORDING)

    // What the server sent, as a browser without scripts shows it: every tag already drawn.
    const noScripts = await browser.newContext({ storageState: storageStateOf('annotator'), javaScriptEnabled: false })
    const first = await noScripts.newPage()
    await first.goto(`/documents/${id}`)
    // Each paragraph as tag names, classes, tag ids, the tags' colour and layer, and text: what the eye sees.
    const paragraphs = (els: Element[]) => {
      const canonical = (node: Node): string => {
        if (!(node instanceof HTMLElement)) return node.textContent ?? ''
        const id = node.dataset.tag ?? node.dataset.previewTag
        const vars = ['--tag-color', '--tag-layer'].map((v) => node.style.getPropertyValue(v).trim()).filter(Boolean)
        return `<${node.localName} ${node.className}${id ? ` #${id}` : ''}${vars.length ? ` ${vars.join(',')}` : ''}>${[...node.childNodes].map(canonical).join('')}</>`
      }
      return els.map(canonical)
    }
    const serverDrawn = await first.locator('.tb-report-static p').evaluateAll(paragraphs)
    const boxes = (els: Element[]) =>
      els.map((el) => {
        const r = el.getBoundingClientRect()
        return [el.getAttribute('data-tag') ?? el.getAttribute('data-preview-tag'), Math.round(r.left), Math.round(r.top), Math.round(r.width)]
      })
    const serverBoxes = await first.locator('[data-preview-tag]').evaluateAll(boxes)
    expect(new Set(serverBoxes.map((b) => b[0])).size).toBe(4)
    await noScripts.close()

    // The editor, once started, has the same paragraphs and spans, at the same places; until then
    // the server's copy stays as it came (hydration does not rebuild it, which would flash).
    await page.addInitScript(() => {
      const w = window as unknown as { staticRebuilt: boolean }
      w.staticRebuilt = false
      new MutationObserver((mutations) => {
        for (const m of mutations) {
          if (m.target instanceof Element && m.target.matches('[data-static-report]') && m.removedNodes.length) w.staticRebuilt = true
        }
      }).observe(document, { childList: true, subtree: true })
    })
    const hydrationWarnings: string[] = []
    page.on('console', (message) => {
      if (/hydrat/i.test(message.text())) hydrationWarnings.push(message.text())
    })
    await openDocument(page, id)
    expect(await page.evaluate(() => (window as unknown as { staticRebuilt: boolean }).staticRebuilt)).toBe(false)
    expect(hydrationWarnings).toEqual([])
    await expect(page.locator('.tb-report-static')).toHaveCount(0)
    expect(await page.locator('.tb-editor p').evaluateAll(paragraphs)).toEqual(serverDrawn)
    expect(await page.locator('.tb-editor [data-tag]').evaluateAll(boxes)).toEqual(serverBoxes)
  })

  test('shows the guideline of the label being chosen', async ({ page }) => {
    const id = await ws.addDocument('说明', '一句话。')
    await openDocument(page, id)
    await page.keyboard.press('2')
    // The UI is in Chinese: the label's Chinese guideline (the English one is the fallback).
    await expect(page.getByTestId('guideline-card')).toContainText('行政执法三项制度:行政执法公示、执法全过程记录、重大执法决定法制审核')
    await page.keyboard.press('Escape')
    await page.locator(`[data-testid="palette-label"][data-label="${RECORDING}"]`).hover()
    await expect(page.getByTestId('guideline-card')).toContainText('执法全过程记录制度')
  })

  test('edits a span by keyboard, undoes it, deletes and restores a tag', async ({ page }) => {
    const text = '第一句。可以调整的句子。第三句。'
    const id = await ws.addDocument('修改', text)
    await openDocument(page, id)
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('1')
    await page.keyboard.press('2')
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(1)
    await page.keyboard.press('Escape')
    await page.keyboard.press('n') // focus the tag
    await page.keyboard.press(']') // one more character at the end
    await expect.poll(async () => (await tagsOf(page, id))[0]?.quote).toBe('可以调整的句子。第')
    await page.keyboard.press('u')
    await expect.poll(async () => (await tagsOf(page, id))[0]?.quote).toBe('可以调整的句子。')
    await page.keyboard.press('n')
    await page.keyboard.press('x')
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(0)
    await expect(page.locator('.tb-tag')).toHaveCount(0)
    await page.keyboard.press('u')
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(1)
    await expect(page.locator('.tb-tag')).toHaveCount(1)
  })
})

test.describe('span handles and the tag card', () => {
  test.use({ storageState: storageStateOf('annotator') })

  test('dragging the end handle of a focused tag extends it; the card shows label, author and status', async ({ page, sql }) => {
    const ws = await createWorkspace(sql)
    const text = '开头。先标这一句。再拖到这里为止。后面。'
    const id = await ws.addDocument('拖动', text)
    await openDocument(page, id)
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('2')
    await page.keyboard.press('1')
    await expect.poll(async () => (await tagsOf(page, id)).length).toBe(1)
    await page.keyboard.press('Escape')
    await page.keyboard.press('n')
    const card = page.getByTestId('tag-tooltip')
    await expect(card).toContainText('三项制度 / 行政执法公示制度')
    await expect(card).toContainText('标注员一')
    await expect(card).toContainText('待审')

    const handle = page.getByTestId('handle-end')
    const from = (await handle.boundingBox())!
    const target = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('.tb-editor')!, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n as Text).data.indexOf('为止。')
        if (i >= 0) {
          const range = document.createRange()
          range.setStart(n, i + 2)
          range.setEnd(n, i + 3)
          const r = range.getBoundingClientRect()
          return { x: r.right - 1, y: r.top + r.height / 2 }
        }
      }
      throw new Error('text not found')
    })
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(target.x, target.y, { steps: 10 })
    await page.mouse.up()
    await expect.poll(async () => (await tagsOf(page, id))[0]?.quote).toBe('先标这一句。再拖到这里为止。')
  })
})

test.describe('what an annotator may not change', () => {
  test('another annotator’s tag and an approved tag are refused, in the UI and by the API', async ({ browser, sql }) => {
    const ws = await createWorkspace(sql, { blindMode: false })
    const text = '别人的标注在这里。我的已通过的标注。'
    const id = await ws.addDocument('权限', text)

    // annotator2 tags the first sentence; annotator1 tags the second, which a reviewer approves.
    const other = await browser.newContext({ storageState: storageStateOf('annotator2') })
    const mine = await browser.newContext({ storageState: storageStateOf('annotator') })
    const post = async (ctx: typeof other, quote: string) => {
      const response = await ctx.request.post(`/api/v1/documents/${id}/tags`, {
        data: { labelId: ws.label(PUBLICITY), start: indexOf(text, quote), end: indexOf(text, quote) + Array.from(quote).length, quote },
      })
      expect(response.status()).toBe(201)
      return (await response.json()) as ApiTag
    }
    const theirs = await post(other, '别人的标注在这里。')
    const approved = await post(mine, '我的已通过的标注。')
    await sql.query(`UPDATE "Tag" SET status = 'approved' WHERE id = $1`, [approved.id])

    const page = await mine.newPage()
    await openDocument(page, id)
    await page.locator(`[data-tag="${theirs.id}"]`).first().click()
    await page.keyboard.press('x')
    await expect(page.getByText('只有作者能修改')).toBeVisible()
    await page.locator(`[data-tag="${approved.id}"]`).first().click()
    await page.keyboard.press('l')
    await expect(page.getByText('已通过审核的标注不能再修改')).toBeVisible()
    await expect(page.locator('[data-tag]')).toHaveCount(2)

    const patch = await mine.request.patch(`/api/v1/tags/${theirs.id}`, { data: { version: theirs.version, labelId: ws.label(RECORDING) } })
    expect(patch.status()).toBe(403)
    expect(((await patch.json()) as { error: { message: string } }).error.message).toContain('only its author')
    const del = await mine.request.delete(`/api/v1/tags/${approved.id}?version=${approved.version}`)
    expect(del.status()).toBe(403)
    const { rows } = await sql.query('SELECT id, "deletedAt", "labelId" FROM "Tag" WHERE "documentId" = $1 ORDER BY start', [id])
    expect(rows.map((r) => [r.deletedAt, r.labelId])).toEqual([
      [null, ws.label(PUBLICITY)],
      [null, ws.label(PUBLICITY)],
    ])
    await other.close()
    await mine.close()
  })

  test('in blind mode an annotator does not see, nor reach, another annotator’s tags', async ({ browser, sql }) => {
    const ws = await createWorkspace(sql, { blindMode: true })
    const text = '只有作者看得见的标注。'
    const id = await ws.addDocument('盲标', text)
    const other = await browser.newContext({ storageState: storageStateOf('annotator2') })
    const created = await other.request.post(`/api/v1/documents/${id}/tags`, { data: { labelId: ws.label(PUBLICITY), start: 0, end: 11, quote: text } })
    expect(created.status()).toBe(201)
    const tag = (await created.json()) as ApiTag
    const mine = await browser.newContext({ storageState: storageStateOf('annotator') })
    expect((await (await mine.request.get(`/api/v1/documents/${id}/tags`)).json()).items).toEqual([])
    expect((await mine.request.patch(`/api/v1/tags/${tag.id}`, { data: { version: 1, labelId: ws.label(RECORDING) } })).status()).toBe(404)
    const reviewer = await browser.newContext({ storageState: storageStateOf('reviewer') })
    expect((await (await reviewer.request.get(`/api/v1/documents/${id}/tags`)).json()).items).toHaveLength(1)
    await Promise.all([other.close(), mine.close(), reviewer.close()])
  })
})

test.describe('blind mode is the project’s choice', () => {
  test('a manager turns blind mode off on the project page; then annotators see each other’s tags', async ({ browser, sql }) => {
    const ws = await createWorkspace(sql, { blindMode: true })
    const text = '两位标注员的标注。'
    const id = await ws.addDocument('盲标开关', text)
    const other = await browser.newContext({ storageState: storageStateOf('annotator2') })
    expect((await other.request.post(`/api/v1/documents/${id}/tags`, { data: { labelId: ws.label(PUBLICITY), start: 0, end: 9, quote: text } })).status()).toBe(201)
    const mine = await browser.newContext({ storageState: storageStateOf('annotator') })
    expect((await (await mine.request.get(`/api/v1/documents/${id}/tags`)).json()).blind).toBe(true)
    // An annotator may not change the setting.
    expect((await mine.request.patch(`/api/v1/projects/${ws.projectId}`, { data: { blindMode: false } })).status()).toBe(403)

    const manager = await browser.newContext({ storageState: storageStateOf('manager') })
    const page = await manager.newPage()
    await page.goto(`/projects/${ws.projectId}`)
    const toggle = page.getByRole('switch', { name: '盲标模式' })
    await expect(toggle).toBeChecked()
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'PATCH' && r.ok()), toggle.click({ force: true })])
    await expect(toggle).not.toBeChecked()

    const seen = (await (await mine.request.get(`/api/v1/documents/${id}/tags`)).json()) as { blind: boolean; items: ApiTag[] }
    expect(seen.blind).toBe(false)
    expect(seen.items.map((t) => t.quote)).toEqual([text])
    await Promise.all([other.close(), mine.close(), manager.close()])
  })
})
