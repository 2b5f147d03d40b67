// Prisma CLI configuration. Migrations run on Prisma's Wasm schema engine through the pg driver
// adapter, so nothing is downloaded (see docs/decisions/0001-offline-prisma.md).
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { installMigrationWorkarounds, MigrationAdapterFactory } from './lib/db/migration-workarounds'
import { connectionFields } from './lib/db/connection'

installMigrationWorkarounds()

const databaseUrl = process.env.DATABASE_URL
// The schema names env("DATABASE_URL") and Prisma reads it even for `prisma generate`, which
// touches no database (it runs on `npm ci`, before any database exists). Commands that do connect
// use the adapter below, which refuses a missing URL with a clear message.
process.env.DATABASE_URL ??= 'postgresql://unset@127.0.0.1:1/unset'

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  experimental: { adapter: true },
  // Separate fields, not a connection string: with a string the shadow database switch is lost.
  adapter: async () => new MigrationAdapterFactory(connectionFields(databaseUrl)),
})
