// A taxonomy as a JSON file (issue 13): the shape of the demo taxonomy (`seeds/corpus/taxonomy.json`:
// nested labels with name, en, color, key, guideline, guideline_zh, keywords, children), which the
// taxonomy page exports, or a Tagbench export's manifest (its `taxonomy.labels`, each with its path).
// Both become one flat list of labels by path; planImport compares that list with a project's labels.
import { z } from 'zod'
import { storable } from '../schemas/common'

const text = (max: number) => storable(z.string().trim().max(max, `must be ${max} characters or fewer`))
const name = storable(z.string().trim().min(1, 'must not be empty').max(60, 'must be 60 characters or fewer')).refine((n) => !n.includes('/'), 'must not contain "/"')
const fields = {
  en: text(120).default(''),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb').optional(),
  guideline: text(4000).default(''),
  guideline_zh: text(4000).default(''),
  keywords: z.array(text(40)).max(50).default([]),
}

interface NestedLabel {
  name: string
  en: string
  color?: string
  key?: string
  guideline: string
  guideline_zh: string
  keywords: string[]
  children: NestedLabel[]
}

const nestedLabel: z.ZodType<NestedLabel, unknown> = z.object({
  name,
  ...fields,
  key: z.string().regex(/^[0-9]$/, 'must be one digit').optional(),
  get children() {
    return z.array(nestedLabel).max(200).default([])
  },
}) as unknown as z.ZodType<NestedLabel, unknown>

const nestedFile = z.object({ name: z.string().optional(), version: z.number().optional(), labels: z.array(nestedLabel).min(1, 'must list at least one label').max(200) })
const manifestFile = z.object({
  tagbench_export: z.number(),
  taxonomy: z.object({
    labels: z
      .array(z.object({ path: z.array(name).min(1).max(2, 'has more than two levels'), ...fields, shortcut: z.string().regex(/^[0-9]$/).nullable().optional(), archived: z.boolean().default(false) }))
      .min(1, 'must list at least one label'),
  }),
})

/** One label of a taxonomy file, by path. */
export interface FileLabel {
  path: string[]
  en: string
  color?: string
  shortcut: string | null
  guideline: string
  guidelineZh: string
  keywords: string[]
}

export type ParsedTaxonomyFile = { ok: true; labels: FileLabel[] } | { ok: false; problem: string }

/** Reads either shape; a problem is one sentence naming where the file is wrong. */
export function parseTaxonomyFile(raw: unknown): ParsedTaxonomyFile {
  const asManifest = manifestFile.safeParse(raw)
  if (asManifest.success) {
    return {
      ok: true,
      labels: asManifest.data.taxonomy.labels
        .filter((l) => !l.archived)
        .map((l) => ({ path: l.path, en: l.en, color: l.color, shortcut: l.shortcut ?? null, guideline: l.guideline, guidelineZh: l.guideline_zh, keywords: l.keywords })),
    }
  }
  const asNested = nestedFile.safeParse(raw)
  if (!asNested.success) {
    const issue = (raw && typeof raw === 'object' && 'tagbench_export' in raw ? asManifest.error : asNested.error).issues[0]
    return { ok: false, problem: `${issue.path.length ? issue.path.join('.') : 'the file'}: ${issue.message}` }
  }
  const labels: FileLabel[] = []
  for (const top of asNested.data.labels) {
    labels.push({ path: [top.name], en: top.en, color: top.color, shortcut: top.key ?? null, guideline: top.guideline, guidelineZh: top.guideline_zh, keywords: top.keywords })
    for (const [i, child] of top.children.entries()) {
      if (child.children.length > 0) return { ok: false, problem: `labels.${top.name}.children.${i}: has sub-labels of its own; a taxonomy has two levels` }
      labels.push({ path: [top.name, child.name], en: child.en, color: child.color, shortcut: child.key ?? null, guideline: child.guideline, guidelineZh: child.guideline_zh, keywords: child.keywords })
    }
  }
  const seen = new Set<string>()
  for (const l of labels) {
    const key = l.path.join('/')
    if (seen.has(key)) return { ok: false, problem: `the label ${key} appears twice` }
    seen.add(key)
  }
  return { ok: true, labels }
}

/** What the project has of a label, for the comparison. */
export interface ExistingLabel {
  id: string
  path: string[]
  en: string
  guideline: string
  guidelineZh: string
  keywords: string[]
  archived: boolean
}

export interface ImportPlan {
  /** Labels the file has and the project does not (parents first). */
  add: FileLabel[]
  /** Labels in both whose texts differ: the file's en, guidelines and keywords replace the project's (empty values in the file keep the project's). */
  change: { id: string; path: string[]; fields: Partial<Pick<FileLabel, 'en' | 'guideline' | 'guidelineZh' | 'keywords'>> }[]
  /** Labels in both that the project has archived: left archived (the manager unarchives them if wanted). */
  archived: string[][]
  unchanged: number
}

/** Matches by path: what importing the file would add and change. Nothing is removed: a label only in the project stays. */
export function planImport(existing: ExistingLabel[], file: FileLabel[]): ImportPlan {
  const byPath = new Map(existing.map((l) => [l.path.join('/'), l]))
  const plan: ImportPlan = { add: [], change: [], archived: [], unchanged: 0 }
  for (const label of file) {
    const have = byPath.get(label.path.join('/'))
    if (!have) {
      plan.add.push(label)
      continue
    }
    if (have.archived) plan.archived.push(label.path)
    const fields: ImportPlan['change'][number]['fields'] = {}
    if (label.en && label.en !== have.en) fields.en = label.en
    if (label.guideline && label.guideline !== have.guideline) fields.guideline = label.guideline
    if (label.guidelineZh && label.guidelineZh !== have.guidelineZh) fields.guidelineZh = label.guidelineZh
    if (label.keywords.length > 0 && JSON.stringify(label.keywords) !== JSON.stringify(have.keywords)) fields.keywords = label.keywords
    if (Object.keys(fields).length > 0) plan.change.push({ id: have.id, path: label.path, fields })
    else plan.unchanged++
  }
  return plan
}
