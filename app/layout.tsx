import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import '@mantine/charts/styles.css'
import './globals.css'
import { ColorSchemeScript, mantineHtmlProps } from '@mantine/core'
import type { Metadata } from 'next'
import { NextIntlClientProvider } from 'next-intl'
import { headers } from 'next/headers'
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server'
import type { ReactNode } from 'react'
import { Providers } from '@/components/ui/Providers'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('app')
  return { title: { default: 'Tagbench', template: '%s · Tagbench' }, description: t('tagline') }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, timeZone, requestHeaders] = await Promise.all([getLocale(), getTimeZone(), headers()])
  // proxy.ts allows inline scripts only with this response's nonce (Content-Security-Policy).
  const nonce = requestHeaders.get('x-nonce') ?? undefined
  return (
    <html lang={locale} {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript defaultColorScheme="light" nonce={nonce} />
      </head>
      <body>
        <NextIntlClientProvider timeZone={timeZone}>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  )
}
