// next-intl without locale routing: the language is a user preference kept in a cookie.
import { cookies } from 'next/headers'
import { getRequestConfig } from 'next-intl/server'
import { defaultLocale, isLocale, localeCookie } from './locales'

export default getRequestConfig(async () => {
  const stored = (await cookies()).get(localeCookie)?.value
  const locale = isLocale(stored) ? stored : defaultLocale
  return {
    locale,
    timeZone: 'Asia/Shanghai',
    messages: (await import(`../../messages/${locale}.json`)).default,
  }
})
