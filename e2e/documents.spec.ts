import type { Page } from '@playwright/test'
import { byFile, chromeLines, levelWords, partsOf, reports, sectionHeadings, squash, yearText, type Report } from './corpus'
import { expect, test } from './fixtures'
import { DEMO_PROJECT, storageStateOf } from './roles'

test.use({ storageState: storageStateOf('annotator') })

const rows = (page: Page) => page.getByTestId('document-row')
const rowOf = (page: Page, title: string) => rows(page).filter({ has: page.getByRole('link', { name: title, exact: true }) })
const titlesShown = (page: Page) => rows(page).getByRole('link').allTextContents()
const searchParam = (page: Page, key: string) => new URL(page.url()).searchParams.get(key)

/** Picks an option of one of the list's filter selects, as a user does: open it, click the option. */
async function choose(page: Page, select: '年度' | '省份', option: string) {
  await page.getByRole('combobox', { name: select }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

/** The select's own clear button (the × that replaces the chevron once a value is chosen). */
async function clearSelect(page: Page, select: '年度' | '省份') {
  await page.getByRole('combobox', { name: select }).locator('xpath=..').locator('button').click()
}

test.describe('document list', () => {
  test('“下一篇文档” takes the annotator to a document they have not finished', async ({ page, demoProjectId }) => {
    // The demo annotator has finished none of the five reports, so there is always one to go to.
    await page.goto(`/projects/${demoProjectId}`)
    await page.getByTestId('next-document').click()
    await expect(page).toHaveURL(/\/documents\/[^/?]+(\?.*)?$/)
    await expect(page.getByRole('complementary', { name: '标签、目录与元数据' })).toBeVisible()
  })

  test('shows every report with its title, region, year and issuer', async ({ page, demoProjectId }) => {
    await page.goto(`/projects/${demoProjectId}`)
    await expect(rows(page)).toHaveCount(reports.length)
    await expect(page.getByTestId('document-count')).toHaveText(`共 ${reports.length} 篇`)
    for (const report of reports) {
      const row = rowOf(page, report.title)
      await expect(row, report.file).toHaveCount(1)
      await expect(row.getByTestId('document-year')).toHaveText(yearText(report))
      for (const value of [report.province, report.city, report.county, levelWords(report), report.issuer]) {
        if (value) await expect(row, `${report.file}: ${value}`).toContainText(value)
      }
    }
  })

  test('lists the newest reports first and reports without a year last', async ({ page, demoProjectId }) => {
    await page.goto(`/projects/${demoProjectId}`)
    await expect(rows(page)).toHaveCount(reports.length)
    const years = await rows(page).getByTestId('document-year').allTextContents()
    const expected = reports.map((r) => r.report_year).sort((a, b) => (b ?? -Infinity) - (a ?? -Infinity))
    expect(years).toEqual(expected.map((y) => (y === null ? '未注明' : String(y))))
  })

  test('searching titles filters after a pause, keeps the query in the URL and clears again', async ({ page, demoProjectId }) => {
    const query = reports[0].city!
    const matching = reports.filter((r) => r.title.includes(query)).map((r) => r.title)
    expect(matching.length).toBeGreaterThan(0)
    expect(matching.length).toBeLessThan(reports.length)

    await page.goto(`/projects/${demoProjectId}`)
    const search = page.getByRole('textbox', { name: '按标题搜索' })
    await search.pressSequentially(query, { delay: 30 })
    await expect(rows(page)).toHaveCount(matching.length)
    expect(await titlesShown(page)).toEqual(expect.arrayContaining(matching))
    await expect(page.getByTestId('document-count')).toHaveText(`共 ${matching.length} 篇`)
    expect(searchParam(page, 'q')).toBe(query)

    // The filtered list is a link: reloading it keeps the filter and the words in the box.
    await page.reload()
    await expect(rows(page)).toHaveCount(matching.length)
    await expect(search).toHaveValue(query)

    await search.fill('')
    await expect(rows(page)).toHaveCount(reports.length)
    await expect.poll(() => searchParam(page, 'q')).toBeNull()
  })

  test('a search that matches nothing says so', async ({ page, demoProjectId }) => {
    await page.goto(`/projects/${demoProjectId}`)
    await page.getByRole('textbox', { name: '按标题搜索' }).fill('没有这样的标题')
    await expect(page.getByText('没有符合条件的文档。')).toBeVisible()
    await expect(page.getByTestId('document-count')).toHaveText('共 0 篇')
    await expect(rows(page)).toHaveCount(0)
  })

  test('the year and province selects narrow the list, and clearing them restores it', async ({ page, demoProjectId }) => {
    const dated = reports.filter((r) => r.report_year !== null)
    const year = dated[0].report_year!
    const ofYear = reports.filter((r) => r.report_year === year)
    // A province with no report of that year, to see both filters apply together.
    const other = reports.find((r) => r.province && !ofYear.some((y) => y.province === r.province))!
    const ofProvince = reports.filter((r) => r.province === other.province)

    await page.goto(`/projects/${demoProjectId}`)
    await choose(page, '年度', `${year} (${ofYear.length})`)
    await expect(rows(page)).toHaveCount(ofYear.length)
    expect(await titlesShown(page)).toEqual(expect.arrayContaining(ofYear.map((r) => r.title)))
    expect(searchParam(page, 'year')).toBe(String(year))

    await choose(page, '省份', `${other.province} (${ofProvince.length})`)
    await expect(page.getByText('没有符合条件的文档。')).toBeVisible()
    expect(searchParam(page, 'province')).toBe(other.province)

    await clearSelect(page, '年度')
    await expect(rows(page)).toHaveCount(ofProvince.length)
    expect(await titlesShown(page)).toEqual(expect.arrayContaining(ofProvince.map((r) => r.title)))
    expect(searchParam(page, 'year')).toBeNull()

    await clearSelect(page, '省份')
    await expect(rows(page)).toHaveCount(reports.length)
    await expect(page.getByTestId('document-count')).toHaveText(`共 ${reports.length} 篇`)
  })

  test('a hand-edited URL with a bad filter falls back to the full list', async ({ page, demoProjectId }) => {
    for (const bad of ['year=abc', 'pageSize=abc', 'page=0', `q=${'长'.repeat(300)}`]) {
      const response = await page.goto(`/projects/${demoProjectId}?${bad}`)
      expect(response?.status(), bad).toBe(200)
      await expect(rows(page), bad).toHaveCount(reports.length)
      await expect(page.getByTestId('document-count')).toHaveText(`共 ${reports.length} 篇`)
    }
  })

  test('pages through the list with a pager', async ({ page, demoProjectId }) => {
    const pageSize = 2
    const pages = Math.ceil(reports.length / pageSize)
    await page.goto(`/projects/${demoProjectId}?pageSize=${pageSize}`)
    await expect(rows(page)).toHaveCount(pageSize)
    await expect(page.getByTestId('document-count')).toHaveText(`共 ${reports.length} 篇`)
    for (let p = 1; p <= pages; p++) await expect(page.getByRole('button', { name: String(p), exact: true })).toBeVisible()
    await expect(page.getByRole('button', { name: String(pages + 1), exact: true })).toHaveCount(0)

    const seen = await titlesShown(page)
    for (let p = 2; p <= pages; p++) {
      await page.getByRole('button', { name: String(p), exact: true }).click()
      await expect.poll(() => searchParam(page, 'page')).toBe(String(p))
      const expectedRows = Math.min(pageSize, reports.length - (p - 1) * pageSize)
      await expect(rows(page)).toHaveCount(expectedRows)
      await expect(rows(page).first()).not.toContainText(seen[0])
      seen.push(...(await titlesShown(page)))
    }
    // Every report appears on exactly one page.
    expect(seen.toSorted()).toEqual(reports.map((r) => r.title).toSorted())
  })
})

test.describe('reading a report', () => {
  for (const report of reports) {
    test(`${report.file.slice(0, 3)} opens from the list with its whole text and nothing around it`, async ({ page, demoProjectId }) => {
      await page.goto(`/projects/${demoProjectId}`)
      await page.getByRole('link', { name: report.title, exact: true }).click()
      await expect(page).toHaveURL(/\/documents\/[^/]+$/)
      await expect(page.getByRole('heading', { level: 1, name: report.title })).toBeVisible()

      const article = page.getByTestId('report-text')
      const shown = squash((await article.textContent()) ?? '')
      const { body } = partsOf(report)
      expect(shown.startsWith(squash(report.body_starts_with)), 'starts with body_starts_with').toBe(true)
      expect(shown.endsWith(squash(report.body_ends_with)), 'ends with body_ends_with').toBe(true)
      // The whole body, every character of it, in order.
      expect(shown === squash(body), 'the text shown is the report body').toBe(true)
      for (const chrome of chromeLines(report)) expect(shown, `page chrome "${chrome}" is left out`).not.toContain(squash(chrome))
    })

    test(`${report.file.slice(0, 3)} shows its metadata and an outline of its numbered sections`, async ({ page, sql, demoProjectId }) => {
      const { rows: found } = await sql.query('SELECT id FROM "Document" WHERE "projectId" = $1 AND "originalFileName" = $2', [demoProjectId, report.file])
      await page.goto(`/documents/${found[0].id}`)

      await page.getByRole('tab', { name: '元数据' }).click()
      const metadata = page.getByTestId('metadata')
      const valueOf = (label: string) => metadata.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]')
      const fields: [string, string | number | null][] = [
        ['省份', report.province],
        ['城市', report.city],
        ['区县', report.county],
        ['行政层级', levelWords(report)],
        ['报告年度', report.report_year],
        ['发布机关', report.issuer],
        ['发布日期', report.published],
        ['落款日期', report.signed],
        ['原始文件', report.file],
      ]
      for (const [label, value] of fields) await expect(valueOf(label), label).toHaveText(value === null ? '未注明' : String(value))

      await page.getByRole('tab', { name: '目录' }).click()
      const outline = page.getByTestId('outline')
      const headings = sectionHeadings(report)
      for (const heading of headings) {
        const shown = Array.from(heading.title).length > 36 ? `${Array.from(heading.title).slice(0, 36).join('')}…` : heading.title
        await expect(outline.getByRole('button', { name: shown, exact: true }), shown).toHaveCount(1)
      }
      expect(await outline.getByRole('button').count()).toBeGreaterThanOrEqual(headings.length)
    })
  }

  test('the outline of 002 lists its sections and its sub-sections', async ({ page, demoProjectId }) => {
    const report = byFile('002')
    await page.goto(`/projects/${demoProjectId}`)
    await page.getByRole('link', { name: report.title, exact: true }).click()
    await page.getByRole('tab', { name: '目录' }).click()
    const outline = page.getByTestId('outline')
    await expect(outline.getByRole('button', { name: '一、2022年法治政府建设的主要举措和成效', exact: true })).toBeVisible()
    await expect(outline.getByRole('button', { name: '(一)加强法治政府建设统筹协调', exact: true })).toBeVisible()
  })

  test('clicking an outline entry brings its section into view and selects its first sentence', async ({ page, demoProjectId }) => {
    const report = byFile('002')
    const last = sectionHeadings(report).filter((h) => h.level === 1).at(-1)!
    await page.goto(`/projects/${demoProjectId}`)
    await page.getByRole('link', { name: report.title, exact: true }).click()
    await page.getByRole('tab', { name: '目录' }).click()
    const target = page.locator('.tb-editor p', { hasText: last.title })
    await expect(target).not.toBeInViewport()

    await page.getByTestId('outline').getByRole('button', { name: last.title, exact: true }).click()
    await expect(target).toBeInViewport()
    await expect(page.getByTestId('selection-status')).toContainText(last.title)
  })

  test('report 000 shows none of the web page it was copied from', async ({ page, sql, demoProjectId }) => {
    const report: Report = byFile('000')
    const { rows: found } = await sql.query('SELECT id FROM "Document" WHERE "projectId" = $1 AND "originalFileName" = $2', [demoProjectId, report.file])
    await page.goto(`/documents/${found[0].id}`)
    await expect(page.getByTestId('report-text')).toContainText(report.body_ends_with)
    await expect(page.locator('body')).not.toContainText('晋ICP备')
  })
})

test.describe('pages that do not exist', () => {
  test('a document id that does not exist shows the 404 page', async ({ page }) => {
    const response = await page.goto('/documents/does-not-exist')
    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { name: '404' })).toBeVisible()
    await expect(page.getByText('页面不存在，或你不是该项目的成员。')).toBeVisible()
    await page.getByRole('link', { name: '回到首页' }).click()
    await expect(page).toHaveURL(/\/projects$/)
  })

  test('a project id that does not exist shows the 404 page', async ({ page }) => {
    const response = await page.goto('/projects/does-not-exist')
    expect(response?.status()).toBe(404)
    await expect(page.getByText('页面不存在，或你不是该项目的成员。')).toBeVisible()
  })
})

test.describe('someone who is a member of no project', () => {
  test.use({ storageState: { cookies: [], origins: [] } })

  test('sees no projects and gets the 404 page for the demo project and its documents', async ({ page, outsider, sql, demoProjectId }) => {
    const { rows: documents } = await sql.query('SELECT id, title FROM "Document" WHERE "projectId" = $1 ORDER BY title LIMIT 1', [demoProjectId])
    await page.goto('/sign-in')
    await page.getByLabel('邮箱').fill(outsider.email)
    await page.getByLabel('密码').fill(outsider.password)
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page).toHaveURL(/\/projects$/)
    await expect(page.getByText('你还不是任何项目的成员。请联系项目经理邀请你加入。')).toBeVisible()
    await expect(page.getByTestId('project-card')).toHaveCount(0)

    for (const url of [`/projects/${demoProjectId}`, `/projects/${demoProjectId}/taxonomy`, `/documents/${documents[0].id}`]) {
      const response = await page.goto(url)
      expect(response?.status(), url).toBe(404)
      await expect(page.getByText('页面不存在，或你不是该项目的成员。'), url).toBeVisible()
      await expect(page.locator('body'), url).not.toContainText(documents[0].title)
      await expect(page.locator('body'), url).not.toContainText(DEMO_PROJECT)
      await expect(page.getByTestId('document-row')).toHaveCount(0)
      await expect(page.getByTestId('report-text')).toHaveCount(0)
    }
  })
})
