import type { Page } from '@playwright/test'
import { reports } from './corpus'
import { expect, test } from './fixtures'
import { storageStateOf } from './roles'

test.describe('interface language', () => {
  test.use({ storageState: storageStateOf('reviewer') })

  const header = (page: Page) => page.getByRole('banner')

  test('the header switch turns the UI into English, keeps it after a reload, and back', async ({ page, demoProjectId }) => {
    await page.goto(`/projects/${demoProjectId}`)
    await expect(page.getByRole('columnheader', { name: '标题' })).toBeVisible()

    await header(page).getByText('English', { exact: true }).click()
    await expect(page.getByRole('columnheader', { name: 'Title' })).toBeVisible()
    await expect(page.getByRole('tab', { name: 'Documents' })).toBeVisible()
    await expect(page.getByRole('tab', { name: 'Taxonomy' })).toBeVisible()
    await expect(page.getByTestId('document-count')).toHaveText(`${reports.length} documents`)
    await expect(page.getByRole('textbox', { name: 'Search titles' })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    if (reports.some((r) => r.report_year === null)) await expect(page.getByTestId('document-year').getByText('not stated')).toBeVisible()

    await page.reload()
    await expect(page.getByRole('columnheader', { name: 'Title' })).toBeVisible()
    await expect(page.getByRole('tab', { name: 'Documents' })).toBeVisible()

    // Other pages follow the choice too.
    await page.goto('/settings')
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()

    await header(page).getByText('中文', { exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible()
    await page.goto(`/projects/${demoProjectId}`)
    await expect(page.getByRole('columnheader', { name: '标题' })).toBeVisible()
    await expect(page.getByRole('tab', { name: '文档' })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  })

  test('a report page in English labels its outline and metadata in English', async ({ page, context, sql, demoProjectId }) => {
    await context.addCookies([{ name: 'TAGBENCH_LOCALE', value: 'en', url: test.info().project.use.baseURL! }])
    const undated = reports.find((r) => r.report_year === null) ?? reports[0]
    const { rows } = await sql.query('SELECT id FROM "Document" WHERE "projectId" = $1 AND "originalFileName" = $2', [demoProjectId, undated.file])
    await page.goto(`/documents/${rows[0].id}`)
    for (const tab of ['Labels', 'Outline', 'Metadata']) await expect(page.getByRole('tab', { name: tab })).toBeVisible()
    await expect(page.getByTestId('selection-status')).toContainText('Select text with the mouse')
    await page.getByRole('tab', { name: 'Metadata' }).click()
    const metadata = page.getByTestId('metadata')
    await expect(metadata).toContainText('Metadata')
    await expect(metadata.getByText('Report year', { exact: true }).locator('xpath=following-sibling::*[1]')).toHaveText(
      undated.report_year === null ? 'not stated' : String(undated.report_year),
    )
    await expect(page.getByRole('link', { name: 'Projects' })).toBeVisible()
  })
})

test.describe('personal access tokens', () => {
  test.use({ storageState: { cookies: [], origins: [] } })

  test('a new token is shown once, listed by name, works against the API until revoked', async ({ page, request, outsider }) => {
    await page.goto('/sign-in?next=%2Fsettings')
    await page.getByLabel('邮箱').fill(outsider.email)
    await page.getByLabel('密码').fill(outsider.password)
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page).toHaveURL(/\/settings$/)
    await expect(page.getByText(outsider.email)).toBeVisible()

    const name = `notebook ${Date.now()}`
    await page.getByLabel('令牌名称').fill(name)
    await page.getByRole('button', { name: '创建令牌' }).click()
    const secret = (await page.getByTestId('new-token-secret').textContent())!
    expect(secret.length).toBeGreaterThan(20)
    const row = page.getByTestId('token-row').filter({ hasText: name })
    await expect(row).toHaveCount(1)
    // The table shows only the token's prefix, never the secret.
    await expect(page.getByTestId('token-table')).not.toContainText(secret)

    // A separate client without the browser's session cookie: only the token authenticates it.
    const authorized = { headers: { Authorization: `Bearer ${secret}` } }
    expect((await request.get('/api/v1/projects', authorized)).status()).toBe(200)

    await row.getByRole('button', { name: '撤销' }).click()
    await expect(row).toContainText('已撤销')
    expect((await request.get('/api/v1/projects', authorized)).status()).toBe(401)

    // Shown once: after a reload the secret is gone from the page.
    await page.reload()
    await expect(page.getByTestId('token-row').filter({ hasText: name })).toContainText('已撤销')
    await expect(page.getByTestId('new-token')).toHaveCount(0)
    await expect(page.locator('body')).not.toContainText(secret)
  })
})
