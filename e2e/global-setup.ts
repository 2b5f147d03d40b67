// Signs each demo user in once through the real sign-in page and keeps the session for the specs.
import { chromium, type FullConfig } from '@playwright/test'
import { roleUsers, storageStateOf, TEST_PASSWORD, type Role } from './roles'

export default async function globalSetup(config: FullConfig) {
  const project = config.projects[0]
  const browser = await chromium.launch(project.use.launchOptions)
  try {
    for (const role of Object.keys(roleUsers) as Role[]) {
      const context = await browser.newContext({ baseURL: project.use.baseURL, locale: 'zh-CN' })
      const page = await context.newPage()
      await page.goto('/sign-in')
      await page.getByLabel('邮箱').fill(roleUsers[role])
      await page.getByLabel('密码').fill(TEST_PASSWORD)
      await page.getByRole('button', { name: '登录' }).click()
      await page.waitForURL('**/projects')
      await context.storageState({ path: storageStateOf(role) })
      await context.close()
    }
  } finally {
    await browser.close()
  }
}
