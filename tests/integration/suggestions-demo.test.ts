// The issue's "done means" on the demo: approving the labelled tags of three demo reports and training makes suggestions
// appear in the other two, and they are measured against those two reports' own labelled tags (seeds/corpus/labelled,
// ADR 0029): the share of shown suggestions whose span and label a labelled tag has (precision), and the share of those
// labelled tags suggested (recall). Figures are printed; the test holds the precision to a floor, not to a list.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import { computeSuggestions, listSuggestions, readSettings, suggestionEvaluation, trainProject } from '../../lib/services/suggestions'
import { locateQuote, readLabelledSet } from '../../seeds/labelled'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let annotatorId: string
const documents = new Map<string, { id: string; text: string }>()
const labelByPath = new Map<string, string>()

beforeAll(async () => {
  const demo = await db.project.findFirstOrThrow({ where: { name: '法治政府建设年度报告' } })
  projectId = (await db.project.create({ data: { name: uniqueName('unit-suggest-demo') } })).id
  const user = await createTestUser('suggest-demo')
  await addMember(projectId, user.id, 'annotator')
  annotatorId = user.id
  // The demo taxonomy (with its keywords), parents first.
  const labels = await db.label.findMany({ where: { projectId: demo.id, archived: false }, orderBy: [{ parentId: { sort: 'asc', nulls: 'first' } }, { order: 'asc' }] })
  const newId = new Map<string, string>()
  for (const l of [...labels.filter((l) => !l.parentId), ...labels.filter((l) => l.parentId)]) {
    const created = await db.label.create({ data: { projectId, parentId: l.parentId ? newId.get(l.parentId)! : null, name: l.name, en: l.en, color: l.color, keywords: l.keywords, order: l.order } })
    newId.set(l.id, created.id)
    const parent = l.parentId ? labels.find((p) => p.id === l.parentId)! : null
    labelByPath.set(parent ? `${parent.name}/${l.name}` : l.name, created.id)
  }
  for (const d of await db.document.findMany({ where: { projectId: demo.id } })) {
    const copy = await db.document.create({ data: { projectId, title: d.title, text: d.text, textSha256: d.textSha256, length: d.length, originalFileName: d.originalFileName } })
    documents.set(d.originalFileName ?? d.title, { id: copy.id, text: d.text })
  }
})

describe('suggestions on the demo', () => {
  it('approved tags in three reports: what appears in the other two is as precise as the project asks, and the stored figures predict it', async () => {
    const labelled = await readLabelledSet()
    expect(labelled.length).toBe(5)
    const gold = (report: (typeof labelled)[number]) => {
      const doc = documents.get(report.report)!
      return report.tags.map((t) => ({ ...locateQuote(doc.text, t.quote, t.occurrence)!, labelId: labelByPath.get(t.label_path)! }))
    }
    const [train, test] = [labelled.slice(0, 3), labelled.slice(3)]
    for (const report of train) {
      const doc = documents.get(report.report)!
      for (const t of gold(report)) {
        await query(sql`INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, "authorId", status, "updatedAt")
          VALUES (gen_random_uuid()::text, ${projectId}, ${doc.id}, ${t.labelId}, ${t.start}, ${t.end}, ${Array.from(doc.text).slice(t.start, t.end).join('')}, ${annotatorId}, 'approved', now())`)
      }
    }
    const model = await trainProject(projectId)
    const actor = await actorOf(annotatorId)
    const measure = async () => {
      let shown = 0
      let goldCount = 0
      const perSource = new Map<string, { shown: number; right: number }>()
      for (const report of test) {
        const doc = documents.get(report.report)!
        await computeSuggestions(actor, { documentId: doc.id })
        const truth = gold(report)
        goldCount += truth.length
        for (const s of (await listSuggestions(actor, { documentId: doc.id })).items) {
          // The engine's match rule (lib/suggest/evaluate.ts): same label, overlap at least half the union.
          const hit = truth.some((t) => t.labelId === s.labelId && Math.min(t.end, s.end) - Math.max(t.start, s.start) >= 0.5 * (Math.max(t.end, s.end) - Math.min(t.start, s.start)))
          shown++
          const f = perSource.get(s.source) ?? { shown: 0, right: 0 }
          f.shown++
          if (hit) f.right++
          perSource.set(s.source, f)
        }
      }
      return { shown, goldCount, perSource }
    }
    const evaluation = await suggestionEvaluation(actor, { projectId })
    const stored = new Map(evaluation.sources.map((e) => [e.source, e.overall]))
    const settings = await readSettings(projectId)
    const live = await measure()
    const describe = (m: typeof live) => [...m.perSource].map(([source, f]) => `${source} ${f.right}/${f.shown}`).join(', ') || 'none'
    console.info(
      `demo: trained on ${train.map((r) => r.report).join(', ')} (model ${model ? `v${model.version}, ${model.trainedOnTags} tags` : 'none'}); stored evaluation ` +
        evaluation.sources.map((e) => `${e.source} P ${e.overall.precision?.toFixed(2) ?? '—'} R ${e.overall.recall?.toFixed(2) ?? '—'}`).join(', ') +
        `; switched off by the floor (${settings.precisionFloor}): ${settings.floorNotices.map((n) => n.source).join(', ') || 'none'}; shown on ${test.map((r) => r.report).join(', ')} (${live.goldCount} labelled tags): ${describe(live)}`,
    )
    // What is shown is as good as the project asks: no source measured under the floor shows anything.
    for (const notice of settings.floorNotices) expect(live.perSource.get(notice.source), notice.source).toBeUndefined()
    for (const [source, f] of live.perSource) expect(f.right / f.shown, source).toBeGreaterThanOrEqual(settings.precisionFloor - 0.15)

    // And the dashboard's figure says how good a source is: with the floor off, the rules' live precision on the two
    // held-out reports is close to the precision the evaluation stored.
    // Done means: good suggestions appear in the other two (keyword rules muted where the three reports show them wrong, ADR 0034).
    expect(live.shown, 'suggestions shown on the two other reports').toBeGreaterThan(0)
    // The settings row exists only once something was saved (the floor switching a source off, a manager's change).
    await db.suggestionSettings.upsert({ where: { projectId }, create: { projectId, precisionFloor: 0, ruleEnabled: true, floorNotices: [] }, update: { precisionFloor: 0, ruleEnabled: true, floorNotices: [] } })
    const unfloored = await measure()
    const rules = unfloored.perSource.get('rule')
    console.info(`demo: with the floor off: ${describe(unfloored)}`)
    expect(rules && rules.shown).toBeGreaterThan(0)
    // The stored figure is measured leave-one-out on the three reports, so with one report fewer to learn the keywords'
    // precision from than the live rules have: it may be conservative, but it must not promise more than is shown.
    expect(rules!.right / rules!.shown).toBeGreaterThanOrEqual(stored.get('rule')!.precision! - 0.2)
  }, 120_000)
})
