// A demo user's browser session for a test, and pages that are ready for keys and clicks.
import type { Browser, Page } from '@playwright/test'
import { storageStateOf, type Role } from './roles'

/**
 * Makes `page.goto` and `page.reload` return once an HTML page has hydrated
 * (`<html data-hydrated>`, components/ui/HydrationMark.tsx), not at its load event. The server
 * renders most pages whole, so they look ready before their handlers exist; on the 2-core CI machine
 * hydration came up to 11 s after the scripts had loaded, and a key pressed or a button clicked in
 * between did nothing. Other responses (JSON, files, errors without a page) return as before.
 */
export function waitingForHydration(page: Page): Page {
  const settle = async (response: Awaited<ReturnType<Page['goto']>>) => {
    if (response?.headers()['content-type']?.startsWith('text/html')) await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
    return response
  }
  const goto = page.goto.bind(page)
  const reload = page.reload.bind(page)
  page.goto = async (url, options) => settle(await goto(url, options))
  page.reload = async (options) => settle(await reload(options))
  return page
}

/** A new browser context signed in as a demo user, its API client and a page; `locale` sets the UI language cookie. */
export async function as(browser: Browser, role: Role, options: { locale?: { name: 'en'; url: string } } = {}) {
  const context = await browser.newContext({ storageState: storageStateOf(role) })
  if (options.locale) await context.addCookies([{ name: 'TAGBENCH_LOCALE', value: options.locale.name, url: options.locale.url }])
  return { context, request: context.request, page: waitingForHydration(await context.newPage()) }
}
