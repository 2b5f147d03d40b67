import { taxonomy } from './corpus'
import { expect, test } from './fixtures'
import { storageStateOf } from './roles'

test.use({ storageState: storageStateOf('annotator2') })

/** Matches an element whose whole text is `text`. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)

test.describe('taxonomy page', () => {
  test('shows each top-level label with its guideline and every sub-label', async ({ page, demoProjectId }) => {
    await page.goto(`/projects/${demoProjectId}/taxonomy`)
    await expect(page.getByRole('tab', { name: '标注体系' })).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByText(`版本 ${taxonomy.version}`, { exact: true })).toBeVisible()

    const cards = page.getByTestId('taxonomy-top-label')
    await expect(cards).toHaveCount(taxonomy.labels.length)
    for (const [i, top] of taxonomy.labels.entries()) {
      // In the order of the taxonomy file.
      const card = cards.nth(i)
      await expect(card.getByRole('heading', { level: 2 })).toHaveText(top.name)
      await expect(card).toContainText(top.en)
      // The UI is in Chinese: the Chinese guideline.
      await expect(card.getByText(top.guideline_zh, { exact: true })).toBeVisible()
      await expect(card).toContainText(`${top.children.length} 个子标签`)
      for (const child of top.children) {
        // The sub-label's name (a keyword badge may repeat it; the name is the paragraph).
        const name = card.locator('p').filter({ hasText: exactly(child.name) })
        await expect(name, `${top.name} / ${child.name}`).toBeVisible()
        const childCard = name.locator('xpath=ancestor::div[contains(@class, "mantine-Paper-root")][1]')
        await expect(childCard).toContainText(child.en)
        await expect(childCard.getByText(child.guideline_zh, { exact: true })).toBeVisible()
        for (const keyword of child.keywords) await expect(childCard).toContainText(keyword)
      }
    }
  })

  test('is reached from the documents tab and leads back to it', async ({ page, demoProjectId }) => {
    await page.goto(`/projects/${demoProjectId}`)
    await page.getByRole('tab', { name: '标注体系' }).click()
    await expect(page).toHaveURL(new RegExp(`/projects/${demoProjectId}/taxonomy$`))
    await expect(page.getByTestId('taxonomy-top-label')).toHaveCount(taxonomy.labels.length)
    await page.getByRole('tab', { name: '文档' }).click()
    await expect(page).toHaveURL(new RegExp(`/projects/${demoProjectId}$`))
    await expect(page.getByTestId('document-row').first()).toBeVisible()
  })
})
