// next-intl without locale routing: the language is a user preference kept in a cookie.
// The sentences of domain errors (lib/errors.ts) live apart, in messages/api-errors.<locale>.json,
// under the namespace `apiErrors`, grouped by area.
import { cookies } from 'next/headers'
import { getRequestConfig } from 'next-intl/server'
import { defaultLocale, isLocale, localeCookie } from './locales'

export default getRequestConfig(async () => {
  const stored = (await cookies()).get(localeCookie)?.value
  const locale = isLocale(stored) ? stored : defaultLocale
  const [messages, apiErrors] = await Promise.all([import(`../../messages/${locale}.json`), import(`../../messages/api-errors.${locale}.json`)])
  return {
    locale,
    timeZone: 'Asia/Shanghai',
    messages: { ...messages.default, apiErrors: apiErrors.default },
  }
})
