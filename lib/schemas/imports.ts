import { z } from 'zod'

const count = z.number().int()

export const importQuery = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(255, 'must be 255 characters or fewer')
    .optional()
    .describe("The uploaded file's name, for the history of the imported tags ('imported from …')"),
})

export const importResultSchema = z
  .object({
    file: z.string().describe('The file imported, as the history of the imported tags names it'),
    documents: z.object({
      created: count,
      reused: count.describe('Lines whose text was already in the project (same SHA-256): their spans went to that document'),
    }),
    tags: z.object({
      created: count,
      skipped: count.describe('Spans already present with the same document, start, end, label and author'),
    }),
    labels: z.object({ created: count.describe('Labels added to the taxonomy along the paths of the file (and its manifest)') }),
    users: z.object({
      matched: count.describe('Annotator and reviewer emails that name a member of this project'),
      unmatched: count.describe('Emails that name no member of this project (whether or not they have an account here): their tags are attributed to you, and have no reviewer'),
      unmatchedEmails: z.array(z.string()).describe('Up to 100 of them'),
    }),
    taxonomyVersion: count,
    seconds: z.number(),
  })
  .meta({ id: 'ImportResult' })

export type ImportResult = z.infer<typeof importResultSchema>
