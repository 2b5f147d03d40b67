// Compare two groups (issue 15, view 4; docs/decisions/0032): two document filters (region, level,
// years) under the same tag filter; per label, each group's figures from the distribution
// (lib/services/research.ts, one definition of each measure) and the difference a − b.
import type { Actor } from '../auth/actor'
import type { CompareQuery, DistributionRow, ResearchCompare } from '../schemas/research'
import { researchDistribution } from './research'

const figures = (row: DistributionRow | undefined, totals: { tags: number; reports: number; characters: number }) => ({
  tags: row?.tags ?? 0,
  reportsWithLabel: row?.reportsWithLabel ?? 0,
  // A label without tags in the group: 0 of the group's reports and characters (null when it has none).
  perTenThousand: row ? row.perTenThousand : totals.characters > 0 ? 0 : null,
  share: row ? row.share : totals.reports > 0 ? 0 : null,
})

export async function researchCompare(actor: Actor, input: { projectId: string } & CompareQuery): Promise<ResearchCompare> {
  const group = (side: 'a' | 'b') => ({
    province: input[`${side}.province`],
    city: input[`${side}.city`],
    level: input[`${side}.level`],
    yearFrom: input[`${side}.yearFrom`],
    yearTo: input[`${side}.yearTo`],
  })
  const common = { projectId: input.projectId, status: input.status, labelId: input.labelId, labelLevel: input.labelLevel, groupBy: ['label' as const] }
  const [a, b] = await Promise.all([researchDistribution(actor, { ...common, ...group('a') }), researchDistribution(actor, { ...common, ...group('b') })])
  const labels = new Map([...a.labels, ...b.labels].map((l) => [l.id, l]))
  const rowsA = new Map(a.rows.map((r) => [r.labelId!, r]))
  const rowsB = new Map(b.rows.map((r) => [r.labelId!, r]))
  const rows = [...labels.keys()].map((labelId) => {
    const fa = figures(rowsA.get(labelId), a.totals)
    const fb = figures(rowsB.get(labelId), b.totals)
    return {
      labelId,
      a: fa,
      b: fb,
      difference: { count: fa.tags - fb.tags, perTenThousand: (fa.perTenThousand ?? 0) - (fb.perTenThousand ?? 0), share: (fa.share ?? 0) - (fb.share ?? 0) },
    }
  })
  const path = (id: string) => labels.get(id)?.path ?? id
  rows.sort((x, y) => Math.abs(y.difference[input.measure]) - Math.abs(x.difference[input.measure]) || (path(x.labelId) < path(y.labelId) ? -1 : 1))
  return { measure: input.measure, labels: [...labels.values()], totals: { a: a.totals, b: b.totals }, rows }
}
