import { z } from 'zod'
import { idSchema, storable } from './common'
import { ProjectRole } from '../generated/prisma/enums'

export const projectParams = z.object({ projectId: idSchema })

export const projectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    role: z.enum(ProjectRole).describe("The caller's role in the project"),
    blindMode: z.boolean(),
    taxonomyVersion: z.number().int(),
    documentCount: z.number().int(),
    exportRole: z.enum(ProjectRole).describe('The least role that may export the corpus'),
    selfApproval: z.boolean().describe('Whether a reviewer may approve a tag they wrote themselves (off by default)'),
    maxSpanLength: z.number().int().describe('The longest span a tag may cover, in code points; a longer tag is refused'),
  })
  .meta({ id: 'Project' })

export const projectListSchema = z.object({ items: z.array(projectSchema) }).meta({ id: 'ProjectList' })

export interface LabelNode {
  id: string
  name: string
  en: string
  path: string[]
  color: string
  shortcut: string | null
  guideline: string
  guidelineZh: string
  keywords: string[]
  order: number
  archived: boolean
  /** The label this one was merged into (it is then archived). */
  aliasOfId: string | null
  /** The label's own version, sent back with an edit (optimistic concurrency). */
  version: number
  children: LabelNode[]
}

export const labelSchema: z.ZodType<LabelNode> = z
  .object({
    id: z.string(),
    name: z.string(),
    en: z.string().describe('English gloss'),
    path: z.array(z.string()).describe('Names from the top label down to this one'),
    color: z.string(),
    shortcut: z.string().nullable().describe("Key among its siblings: press the parent's key, then this one"),
    guideline: z.string().describe('The guideline in English'),
    guidelineZh: z.string().describe('The guideline in Chinese'),
    keywords: z.array(z.string()),
    order: z.number().int(),
    archived: z.boolean(),
    aliasOfId: z.string().nullable().describe('The label this one was merged into'),
    version: z.number().int(),
    get children() {
      return z.array(labelSchema)
    },
  })
  .meta({ id: 'Label' })

export const labelTreeSchema = z
  .object({ taxonomyVersion: z.number().int(), labels: z.array(labelSchema) })
  .meta({ id: 'LabelTree' })

export const updateProjectSchema = z
  .object({
    blindMode: z.boolean().optional().describe('When true, annotators see only their own tags until review'),
    description: storable(z.string()).trim().max(2000, 'must be 2,000 characters or fewer').optional(),
    exportRole: z.enum(ProjectRole).optional().describe('The least role that may export the corpus'),
    selfApproval: z.boolean().optional().describe('Let reviewers approve tags they wrote themselves (off: someone else must approve)'),
    maxSpanLength: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'must be 1,000,000 or less')
      .optional()
      .describe('The longest span a tag may cover, in code points (default 2,000); existing longer tags stay'),
    reviewReasons: z
      .array(
        z.object({
          code: z.string().trim().regex(/^[a-z0-9_]{1,40}$/, 'must be 1–40 lowercase letters, digits or underscores'),
          zh: storable(z.string()).trim().min(1, 'must not be empty').max(40),
          en: storable(z.string()).trim().min(1, 'must not be empty').max(60),
        }),
      )
      .min(1, 'keep at least one reason')
      .max(9, 'at most 9 reasons (one digit key each)')
      .refine((list) => new Set(list.map((r) => r.code)).size === list.length, 'codes must be distinct')
      .optional()
      .describe('Reason codes reviewers pick from (digit keys 1–9, in this order); codes already used in history stay readable'),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: 'send blindMode, description, exportRole, maxSpanLength, reviewReasons or selfApproval',
    path: ['blindMode'],
  })
  .meta({ id: 'UpdateProject' })
