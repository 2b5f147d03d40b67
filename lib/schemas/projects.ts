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
    archived: z.boolean().describe('Archived: read-only and out of the project lists until an instance admin restores it'),
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

// ── Creating and administering projects (instance admins; issue 12).

/** One label of a taxonomy file: the shape of the starting taxonomy (seeds/corpus/taxonomy.json). The one schema of that file: project creation and the taxonomy import (lib/taxonomy/taxonomy-file.ts) both read it. */
export interface TaxonomyFileLabel {
  name: string
  en: string
  color?: string
  key?: string
  guideline: string
  guideline_zh?: string
  keywords: string[]
  children: TaxonomyFileLabel[]
}

const taxonomyFileLabelSchema: z.ZodType<TaxonomyFileLabel, unknown> = z.object({
  // The taxonomy editor's rules (lib/schemas/taxonomy.ts): a name is one step of a path, a key one digit.
  name: storable(z.string({ error: 'must be text' })).trim().min(1, 'must not be empty').max(60, 'must be 60 characters or fewer').refine((n) => !n.includes('/'), 'must not contain "/" (it separates the steps of a label path)'),
  en: storable(z.string({ error: 'must be text' })).trim().max(120, 'must be 120 characters or fewer').default(''),
  color: z.string({ error: 'must be text' }).regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2563eb').optional(),
  key: z.string({ error: 'must be text' }).regex(/^[0-9]$/, 'must be one digit').optional(),
  guideline: storable(z.string({ error: 'must be text' })).trim().max(4000, 'must be 4,000 characters or fewer').default(''),
  guideline_zh: storable(z.string({ error: 'must be text' })).trim().max(4000, 'must be 4,000 characters or fewer').optional(),
  keywords: z.array(storable(z.string({ error: 'must be text' })).trim().min(1, 'must not be empty').max(40, 'must be 40 characters or fewer'), { error: 'must be a list of words' }).max(50, 'at most 50 keywords').default([]),
  get children() {
    return z.array(taxonomyFileLabelSchema, { error: 'must be a list of labels' }).max(200, 'at most 200 labels under one parent').default([])
  },
})

/** Sibling names and shortcut keys must be distinct, and there are two levels (as the taxonomy editor requires, docs/decisions/0026). */
function siblingProblems(labels: TaxonomyFileLabel[], path: (string | number)[], depth: number, add: (path: (string | number)[], message: string) => void) {
  const names = new Set<string>()
  const keys = new Set<string>()
  labels.forEach((label, i) => {
    if (names.has(label.name)) add([...path, i, 'name'], `“${label.name}” is already the name of a sibling label`)
    names.add(label.name)
    if (label.key && keys.has(label.key)) add([...path, i, 'key'], `the key “${label.key}” is already a sibling label’s`)
    if (label.key) keys.add(label.key)
    if (label.children.length && depth >= 2) add([...path, i, 'children'], 'has sub-labels of its own; a taxonomy has two levels (top labels and their sub-labels)')
    else siblingProblems(label.children, [...path, i, 'children'], depth + 1, add)
  })
}

export const taxonomyFileSchema = z
  .object({
    name: z.string().optional(),
    version: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(1_000_000, 'must be 1,000,000 or less').optional(),
    note: z.string().optional(),
    labels: z.array(taxonomyFileLabelSchema, { error: 'must be a list of labels' }).min(1, 'must hold at least one label').max(200, 'at most 200 top-level labels'),
  })
  .superRefine((file, ctx) => siblingProblems(file.labels, ['labels'], 1, (path, message) => ctx.addIssue({ code: 'custom', path, message })))
  .meta({ id: 'TaxonomyFile', description: 'A taxonomy of the shape of the starting one: {labels: [{name, en, color, key, guideline, guideline_zh, keywords, children}]}' })

export const createProjectSchema = z
  .object({
    name: storable(z.string({ error: 'must be text' })).trim().min(1, 'must not be empty').max(200, 'must be 200 characters or fewer'),
    description: storable(z.string({ error: 'must be text' })).trim().max(2000, 'must be 2,000 characters or fewer').default(''),
    taxonomy: z
      .union([z.literal('empty'), z.literal('demo'), taxonomyFileSchema], { error: 'must be "empty", "demo" or a taxonomy ({labels: […]})' })
      .default('empty')
      .describe('The starting taxonomy: none, the demo one (seeds/corpus/taxonomy.json), or one of that shape'),
  })
  .strict()
  .meta({ id: 'CreateProject' })

export const administerProjectSchema = z
  .object({
    name: storable(z.string({ error: 'must be text' })).trim().min(1, 'must not be empty').max(200, 'must be 200 characters or fewer').optional(),
    archived: z.boolean({ error: 'must be true or false' }).optional().describe('true archives (read-only, out of the project lists); false restores'),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.archived !== undefined, { message: 'send name or archived', path: ['name'] })
  .meta({ id: 'AdministerProject' })

export const adminProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    archived: z.boolean(),
    createdAt: z.iso.datetime(),
    memberCount: z.number().int(),
    documentCount: z.number().int(),
    labelCount: z.number().int(),
    managers: z.array(z.string()).describe('Names of the active managers'),
  })
  .meta({ id: 'AdminProject' })
export type AdminProjectView = z.infer<typeof adminProjectSchema>

export const adminProjectListSchema = z.object({ items: z.array(adminProjectSchema) }).meta({ id: 'AdminProjectList' })

/** Zod's issues as sentences a person can act on: "labels[2].children[0].name: must not be empty." */
export function issueSentences(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('')
    return `${path ? `${path}: ` : ''}${issue.message}.`.replace(/\.\.$/, '.')
  })
}
