// The backup archive's manifest (manifest.json inside the zip): what the archive holds and how to
// check it. Restore parses it with this schema before it reads anything else.
import { z } from 'zod'

export const ARCHIVE_FORMAT = 'tagbench-backup'
export const ARCHIVE_FORMAT_VERSION = 1

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 must be 64 hexadecimal digits')
const identifier = z.string().min(1).max(63)

const column = z.object({
  name: identifier,
  /** format_type() of the column, e.g. "timestamp(3) without time zone". */
  type: z.string().min(1),
  notNull: z.boolean(),
  /** pg_get_expr() of the default, needed only to recreate _prisma_migrations. */
  default: z.string().nullable(),
})

const part = z.object({
  /** Path of the part inside the zip. */
  part: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256,
})

export const tableSchema = part.extend({
  name: identifier,
  columns: z.array(column).min(1),
  primaryKey: z.array(identifier),
  rows: z.number().int().nonnegative(),
  /** The table references itself: its rows are inserted in one statement (foreign keys are checked at its end). */
  selfReferencing: z.boolean(),
})

export const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT, { error: 'this is not a Tagbench backup (manifest.json has another format)' }),
  formatVersion: z.literal(ARCHIVE_FORMAT_VERSION, { error: `this backup has a format version this Tagbench cannot read (it reads version ${ARCHIVE_FORMAT_VERSION})` }),
  tool: z.object({ name: z.literal('tagbench'), version: z.string() }),
  /** When the database snapshot was taken, ISO 8601 in UTC. */
  createdAt: z.iso.datetime(),
  postgres: z.object({ serverVersion: z.string() }),
  /** Applied migrations at the snapshot, in the order Prisma applies them (by name). */
  migrations: z.array(z.object({ name: z.string().min(1), checksum: z.string().min(1) })),
  /** Tables in an order in which every foreign key points to a table loaded earlier (or to itself). */
  tables: z.array(tableSchema),
  sequences: z.array(z.object({ name: identifier, lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
  /** Stored files: export zips (`exports/<name>`), relative to TAGBENCH_EXPORT_DIR. */
  files: z.array(part.extend({ path: z.string().min(1) })),
  /** Finished exports whose file was already gone when the files were copied (deleted after the snapshot). */
  missingExportFiles: z.array(z.string()),
})

export type Manifest = z.infer<typeof manifestSchema>
export type TableEntry = z.infer<typeof tableSchema>
export type Column = TableEntry['columns'][number]

/** A failure the user can act on; the CLI prints the sentence and exits non-zero. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

/** Quotes an identifier for SQL (names come from the catalog or a checked manifest). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`
