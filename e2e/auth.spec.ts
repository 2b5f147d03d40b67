import { expect, test } from './fixtures'
import { DEMO_PROJECT, roleUsers, TEST_PASSWORD, type Role } from './roles'

test.describe('signing in', () => {
  for (const role of Object.keys(roleUsers) as Role[]) {
    test(`${role} signs in and sees the demo project with its five reports`, async ({ page }) => {
      await page.goto('/sign-in')
      await page.getByLabel('邮箱').fill(roleUsers[role])
      await page.getByLabel('密码').fill(TEST_PASSWORD)
      await page.getByRole('button', { name: '登录' }).click()
      await expect(page).toHaveURL(/\/projects$/)
      const card = page.getByTestId('project-card').filter({ hasText: DEMO_PROJECT })
      await expect(card).toContainText('5 篇文档')
      await card.click()
      await expect(page.getByTestId('document-row')).toHaveCount(5)
    })
  }

  test('a wrong password is refused with a clear message', async ({ page }) => {
    await page.goto('/sign-in')
    await page.getByLabel('邮箱').fill(roleUsers.annotator2)
    await page.getByLabel('密码').fill('not-the-password')
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page.getByTestId('sign-in-error')).toHaveText('邮箱或密码不正确。请检查后重试。')
    await expect(page).toHaveURL(/\/sign-in/)
    // The email stays filled in so the user only retypes the password.
    await expect(page.getByLabel('邮箱')).toHaveValue(roleUsers.annotator2)
  })

  test('an unknown email is refused with the same message, in English too', async ({ page, context }) => {
    await context.addCookies([{ name: 'TAGBENCH_LOCALE', value: 'en', url: test.info().project.use.baseURL! }])
    await page.goto('/sign-in')
    await page.getByLabel('Email').fill('nobody@tagbench.test')
    // By role: getByLabel('Password') would also match the "Toggle password visibility" button, and the
    // label's text is "Password *" because of the required mark.
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByTestId('sign-in-error')).toHaveText('The email or password is wrong. Check them and try again.')
  })

  test('repeated failures for one account are rate limited', async ({ page }) => {
    const email = `locked-${Date.now()}@tagbench.test`
    await page.goto('/sign-in')
    // Five failures are allowed; the sixth attempt is refused before the password is even checked.
    const submit = page.getByRole('button', { name: '登录' })
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('邮箱').fill(email)
      await page.getByLabel('密码').fill(`wrong-${attempt}`)
      // Each attempt must reach the server before the next one is typed: the error of the previous
      // attempt is still on screen, so it cannot tell that this one has been answered.
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in'), submit.click()])
      await expect(submit).toBeEnabled()
      await expect(page.getByTestId('sign-in-error')).toBeVisible()
    }
    await expect(page.getByTestId('sign-in-error')).toContainText('登录失败次数过多')
  })

  test('an anonymous visitor is sent to sign-in and comes back afterwards', async ({ page }) => {
    await page.goto('/settings')
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings/)
    await page.getByLabel('邮箱').fill(roleUsers.reviewer)
    await page.getByLabel('密码').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page).toHaveURL(/\/settings$/)
  })
})

test.describe('signing out', () => {
  test('ends the session on the server: a copy of the cookie stops working too', async ({ browser }) => {
    // A session of its own: signing out the shared storage state would end it for the other specs.
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto('/sign-in')
    await page.getByLabel('邮箱').fill(roleUsers.annotator2)
    await page.getByLabel('密码').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page).toHaveURL(/\/projects$/, { timeout: 20_000 })
    const copied = await context.storageState()
    const thief = await browser.newContext({ storageState: copied })
    expect((await thief.request.get('/api/v1/projects')).status()).toBe(200)

    await page.getByTestId('user-menu').click()
    await page.getByRole('menuitem', { name: '退出登录' }).click()
    await expect(page).toHaveURL(/\/sign-in/)
    await page.goto('/projects')
    await expect(page).toHaveURL(/\/sign-in/)
    expect((await thief.request.get('/api/v1/projects')).status()).toBe(401)
    await thief.close()
    await context.close()
  })
})
