// A taxonomy as a JSON file (issue 13): the shape of the demo taxonomy (`seeds/corpus/taxonomy.json`:
// nested labels with name, en, color, key, guideline, guideline_zh, keywords, children), which the
// taxonomy page exports, or a Tagbench export's manifest (its `taxonomy.labels`, each with its path).
// Both become one flat list of labels by path; planImport compares that list with a project's labels.
import { z } from 'zod'
import { storable } from '../schemas/common'
import { taxonomyFileSchema } from '../schemas/projects'

// The nested shape has one schema (lib/schemas/projects.ts, also read when a project is created);
// a manifest lists its labels flat, by path, with the same limits.
const text = (max: number) => storable(z.string().trim().max(max, `must be ${max} characters or fewer`))
const name = storable(z.string().trim().min(1, 'must not be empty').max(60, 'must be 60 characters or fewer')).refine((n) => !n.includes('/'), 'must not contain "/"')
const manifestFile = z.object({
  tagbench_export: z.number(),
  taxonomy: z.object({
    labels: z
      .array(
        z.object({
          path: z.array(name).min(1).max(2, 'has more than two levels'),
          en: text(120).default(''),
          color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb').optional(),
          guideline: text(4000).default(''),
          guideline_zh: text(4000).default(''),
          keywords: z.array(text(40)).max(50).default([]),
          shortcut: z.string().regex(/^[0-9]$/).nullable().optional(),
          archived: z.boolean().default(false),
        }),
      )
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
  const asNested = taxonomyFileSchema.safeParse(raw)
  if (!asNested.success) {
    const issue = (raw && typeof raw === 'object' && 'tagbench_export' in raw ? asManifest.error : asNested.error).issues[0]
    return { ok: false, problem: `${issue.path.length ? issue.path.join('.') : 'the file'}: ${issue.message}` }
  }
  const labels: FileLabel[] = []
  const entry = (path: string[], l: (typeof asNested.data.labels)[number]): FileLabel => ({ path, en: l.en, color: l.color, shortcut: l.key ?? null, guideline: l.guideline, guidelineZh: l.guideline_zh ?? '', keywords: l.keywords })
  // Two levels and distinct sibling names are the schema's rules.
  for (const top of asNested.data.labels) {
    labels.push(entry([top.name], top))
    for (const child of top.children) labels.push(entry([top.name, child.name], child))
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
