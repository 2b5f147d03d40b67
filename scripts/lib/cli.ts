// Argument parsing shared by the backup and restore commands: node:util's parseArgs (strict, so an
// unknown flag is an error), then zod; every problem comes back as a sentence.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { z } from 'zod'

export function parseCli<T extends z.ZodType>(options: NonNullable<ParseArgsConfig['options']>, schema: T, usage: string): z.infer<T> {
  let values: unknown
  try {
    values = parseArgs({ options, strict: true, allowPositionals: false }).values
  } catch (error) {
    // parseArgs' messages name the flag ("Unknown option '--form'"); add how it is used.
    fail(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}.\n${usage}`)
  }
  const parsed = schema.safeParse(values)
  if (!parsed.success) fail(`${parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}: ` : ''}${i.message}`).join('\n')}\n${usage}`)
  return parsed.data
}

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}
