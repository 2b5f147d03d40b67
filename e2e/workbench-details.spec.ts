// The workbench's details (issue 16): n / p from a freshly opened document and what the status bar
// says about the focused tag, a focus card that never covers the tag it describes, a text column that
// stays readable at 1024 px (side columns become drawers), and keys that answer at once.
import { expect, test } from './fixtures'
import { openDocument, spanOf, tagPart } from './tagging'
import { storageStateOf } from './roles'
import { createWorkspace } from './workspace'

const PUBLICITY = '三项制度/行政执法公示制度'
const RECORDING = '三项制度/执法全过程记录制度'

test.use({ storageState: storageStateOf('annotator') })

test('n on a freshly opened document focuses the first tag, p the one before; the status bar names the focused tag', async ({ page, sql }) => {
  const ws = await createWorkspace(sql)
  const text = '第一句在开头。第二句在中间。第三句在结尾。'
  const documentId = await ws.addDocument('焦点顺序', text)
  await tagPart(page.request, documentId, ws.label(PUBLICITY), text, '第一句在开头。')
  await tagPart(page.request, documentId, ws.label(RECORDING), text, '第二句在中间。')
  await tagPart(page.request, documentId, ws.label(PUBLICITY), text, '第三句在结尾。')
  await openDocument(page, documentId)
  const status = page.getByTestId('selection-status')

  await page.keyboard.press('n')
  await expect(status).toContainText('三项制度 / 行政执法公示制度')
  await expect(status).toContainText('1 / 3')
  await expect(status).toContainText('0–7')
  await page.keyboard.press('n')
  await expect(status).toContainText('三项制度 / 执法全过程记录制度')
  await expect(status).toContainText('2 / 3')
  await expect(status).toContainText('7–14')
  await page.keyboard.press('p')
  await expect(status).toContainText('1 / 3')
  // Before the first tag, p goes round to the last one.
  await page.keyboard.press('p')
  await expect(status).toContainText('3 / 3')
  // Symmetric from nothing focused: Esc, then p from the top of the report is the last tag, n the first.
  await page.keyboard.press('Escape')
  await expect(status).not.toContainText('/ 3')
  await page.keyboard.press('n')
  await expect(status).toContainText('1 / 3')
})

test('the focus card never covers the focused tag, also while ] extends it over more lines', async ({ page, sql }) => {
  const ws = await createWorkspace(sql)
  const filler = Array.from({ length: 30 }, (_, i) => `第${i + 1}段是铺垫的文字，用来把要标注的句子推到页面中间。`).join('\n')
  const long = `本句很长，${'依法行政、严格规范公正文明执法、'.repeat(12)}到此为止。`
  const text = `${filler}\n${long}\n${filler}`
  const documentId = await ws.addDocument('焦点卡片', text)
  // The tag stops six characters short of the sentence's end, so that ] has text to take.
  const tag = await tagPart(page.request, documentId, ws.label(PUBLICITY), text, long.slice(0, -6))
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.mouse.move(2, 2)
  await openDocument(page, documentId, tag.id)
  const card = page.getByTestId('tag-tooltip')
  await expect(card).toBeVisible()

  const overlaps = () =>
    page.evaluate((id) => {
      const box = document.querySelector('[data-testid="tag-tooltip"]')!.getBoundingClientRect()
      const rects = [...document.querySelectorAll(`.tb-editor [data-tag="${CSS.escape(id)}"]`)].flatMap((el) => [...el.getClientRects()])
      const hit = rects.filter((r) => r.width > 0 && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top)
      return { lines: rects.length, hits: hit.length }
    }, tag.id)

  const before = await overlaps()
  expect(before.lines).toBeGreaterThan(1)
  expect(before.hits).toBe(0)
  for (let i = 0; i < 3; i++) await page.keyboard.press(']')
  const endOf = async () => ((await (await page.request.get(`/api/v1/documents/${documentId}/tags`)).json()) as { items: { id: string; end: number }[] }).items.find((t) => t.id === tag.id)?.end
  await expect.poll(endOf).toBe(spanOf(text, long).end - 3)
  await expect.poll(async () => (await overlaps()).hits).toBe(0)
  // Near the bottom of the window the card goes above the tag.
  await page.evaluate((id) => {
    const el = document.querySelector(`.tb-editor [data-tag="${CSS.escape(id)}"]`)!
    window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 20)
  }, tag.id)
  await expect.poll(async () => (await overlaps()).hits).toBe(0)
  const [cardBox, tagTop] = await page.evaluate((id) => {
    const el = document.querySelector(`.tb-editor [data-tag="${CSS.escape(id)}"]`)!
    return [document.querySelector('[data-testid="tag-tooltip"]')!.getBoundingClientRect().toJSON() as DOMRect, el.getBoundingClientRect().top]
  }, tag.id)
  expect(cardBox.bottom).toBeLessThanOrEqual(tagTop)
})

test('at 1024 px the side columns are drawers: the text keeps at least 36 characters a line and the prompt is whole', async ({ page, sql }) => {
  const ws = await createWorkspace(sql)
  const text = Array.from({ length: 12 }, (_, i) => `第${i + 1}段：本行政机关坚持依法行政，全面推进严格规范公正文明执法，持续优化法治化营商环境，让群众在每一项执法决定中感受到公平正义。`).join('\n')
  const documentId = await ws.addDocument('窄屏阅读', text)
  await page.setViewportSize({ width: 1024, height: 768 })
  await openDocument(page, documentId)

  const measure = () =>
    page.evaluate(() => {
      const editor = document.querySelector('.tb-editor') as HTMLElement
      const style = getComputedStyle(editor)
      const width = editor.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      const text = editor.querySelector('p')!.firstChild as Text
      const range = document.createRange()
      const at = text.data.indexOf('依')
      range.setStart(text, at)
      range.setEnd(text, at + 1)
      return width / range.getBoundingClientRect().width
    })
  expect(await measure()).toBeGreaterThanOrEqual(36)
  const prompt = page.getByTestId('selection-status')
  await expect(prompt).toContainText('用鼠标选中文字')
  expect(await prompt.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)

  // The palette is a drawer: closed, it is out of view; its button and its key open and close it.
  const palette = page.getByTestId('side-left')
  await expect(palette).not.toBeInViewport()
  await page.getByTestId('toggle-side-left').click()
  await expect(palette).toBeInViewport()
  await expect(palette.getByRole('tab', { name: '标签' })).toBeVisible()
  await page.keyboard.press(',')
  await expect(palette).not.toBeInViewport()
  await page.keyboard.press('.')
  await expect(page.getByTestId('side-right')).toBeInViewport()
  await expect(page.getByTestId('side-right')).toContainText('本文标注')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('side-right')).not.toBeInViewport()
  // The text column did not move while a drawer was open or closed.
  expect(await measure()).toBeGreaterThanOrEqual(36)

  // At 1440 px both columns are in the page, no drawer buttons.
  await page.setViewportSize({ width: 1440, height: 900 })
  await expect(page.getByTestId('side-left')).toBeInViewport()
  await expect(page.getByTestId('side-right')).toBeInViewport()
  await expect(page.getByTestId('toggle-side-left')).toBeHidden()
})

test('a label key with nothing selected answers at once, and a key bound to nothing says so', async ({ page, sql }) => {
  const ws = await createWorkspace(sql)
  const documentId = await ws.addDocument('按键回应', '这是一句话。这是第二句话。')
  await openDocument(page, documentId)
  const status = page.getByTestId('selection-status')

  // 1 is a top label with sub-labels: without a selection it does not wait for the second key.
  await page.keyboard.press('1')
  await expect(status).toContainText('请先选中一段文字', { timeout: 1500 })
  await expect(status).not.toContainText('按子标签键')
  // The label's guideline is shown all the same: a key is also a way to read what a label means.
  await expect(page.getByTestId('guideline-card')).toContainText('重大行政决策')
  // A digit that names no label, and a letter bound to nothing.
  await page.keyboard.press('j')
  await page.keyboard.press('9')
  await expect(status).toContainText('9 键没有对应的标签', { timeout: 1500 })
  await page.keyboard.press('q')
  await expect(status).toContainText('q 键没有绑定功能', { timeout: 1500 })
  // The selection is still there and still taggable.
  await page.keyboard.press('1')
  await expect(status).toContainText('按子标签键')
})

test('at 1280 px the tag list’s three filters show their whole names', async ({ page, sql }) => {
  const ws = await createWorkspace(sql, { blindMode: false })
  const documentId = await ws.addDocument('筛选栏', '第一句在开头。第二句在中间。')
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDocument(page, documentId)
  const list = page.getByTestId('side-right')
  for (const name of ['按标签', '按状态', '按标注员']) {
    const input = list.locator(`input[aria-label="${name}"]`)
    await expect(input).toBeVisible()
    // The placeholder's width against the room the input gives it (an input clips its placeholder without a scrollbar).
    const fits = await input.evaluate((el: HTMLInputElement) => {
      const style = getComputedStyle(el)
      const context = document.createElement('canvas').getContext('2d')!
      context.font = style.font
      return context.measureText(el.placeholder).width <= el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    })
    expect(fits, `${name} fits`).toBe(true)
  }
})
