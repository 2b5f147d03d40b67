// Training on a real queue (pg-boss on the test database): a project without enough approved tags gets no model and says
// how many it needs; once it has them, `suggest.train` stores a model with its held-out figures, queues `suggest.run`,
// and a document's GET answers with model suggestions without any other call. A source under the precision floor is
// switched off with a notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import { startWorkers, stopQueue } from '../../lib/jobs/queue'
import { applyPrecisionFloor, listSuggestions, suggestionEvaluation, trainProject, trainSuggestions, updateSuggestionSettings } from '../../lib/services/suggestions'
import { actorOf, addMember, createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()
Object.assign(process.env, { TAGBENCH_JOB_MAINTENANCE_SECONDS: '1', TAGBENCH_JOB_RETRY_DELAY_SECONDS: '1' })

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (value) return value as NonNullable<T>
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

// Two kinds of sentence, varied so that a classifier has something to learn: enforcement and decisions; filler between.
const enforcement = ['全面推行行政执法公示制度', '严格执行执法全过程记录制度', '落实重大执法决定法制审核制度', '规范行政执法自由裁量权', '开展行政执法案卷评查']
const decision = ['严格落实重大行政决策程序', '重大行政决策事项目录向社会公布', '健全重大行政决策合法性审查机制', '推行重大行政决策风险评估', '完善重大行政决策专家论证制度']
const filler = ['全年召开常务会议十二次', '持续深化法治宣传教育', '加强政府自身建设', '统筹推进各项工作', '认真总结经验做法']

function report(n: number): string {
  const sentences: string[] = []
  for (let i = 0; i < 5; i++) {
    sentences.push(`${['今年', '本年度', '我县', '我市', '全区'][(n + i) % 5]}${enforcement[(n + i) % 5]}。`)
    sentences.push(`${filler[(n + i) % 5]}。`)
    sentences.push(`${['坚持', '进一步', '着力', '持续', '全面'][(n + 2 * i) % 5]}${decision[(n + i) % 5]}。`)
  }
  return sentences.join('')
}

let projectId: string
let labelIds: { enforcement: string; decision: string }
const actors = {} as Record<'annotator' | 'reviewer' | 'manager', Actor>
const documentIds: string[] = []

async function approveSentences(documentId: string, text: string) {
  const chars = Array.from(text)
  let start = 0
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== '。') continue
    const quote = chars.slice(start, i + 1).join('')
    const labelId = enforcement.some((e) => quote.includes(e)) ? labelIds.enforcement : decision.some((d) => quote.includes(d)) ? labelIds.decision : null
    if (labelId) {
      await query(sql`INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, "authorId", "reviewerId", status, "updatedAt")
        VALUES (gen_random_uuid()::text, ${projectId}, ${documentId}, ${labelId}, ${start}, ${i + 1}, ${quote}, ${actors.annotator.id}, ${actors.reviewer.id}, 'approved', now())`)
    }
    start = i + 1
  }
}

beforeAll(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-suggest-train') } })).id
  for (const [key, role] of [
    ['annotator', 'annotator'],
    ['reviewer', 'reviewer'],
    ['manager', 'manager'],
  ] as const) {
    const user = await createTestUser(`train-${key}`)
    await addMember(projectId, user.id, role)
    actors[key] = await actorOf(user.id)
  }
  labelIds = {
    enforcement: (await db.label.create({ data: { projectId, name: '行政执法', color: '#2563eb', order: 1 } })).id,
    decision: (await db.label.create({ data: { projectId, name: '重大行政决策', color: '#16a34a', order: 2 } })).id,
  }
  for (let n = 0; n < 8; n++) {
    const text = report(n)
    documentIds.push((await db.document.create({ data: { projectId, title: `报告 ${n}`, text, textSha256: `${n}`.padStart(64, 'a'), length: Array.from(text).length } })).id)
  }
  // Rules off: what the GET shows afterwards comes from the model alone.
  await updateSuggestionSettings(actors.manager, { projectId, ruleEnabled: false, propagationEnabled: false, retrainAfter: 0 })
})

afterAll(async () => {
  await stopQueue({ graceful: false })
})

describe('training suggestions', () => {
  it('trains no model without approved tags', async () => {
    expect(await trainProject(projectId)).toBeNull()
    expect((await suggestionEvaluation(actors.manager, { projectId })).model).toBeNull()
  })

  it('trains on the queue, stores the model and its figures, and suggests for the other documents without another call', async () => {
    // Approved tags in six reports; the last two have none.
    for (const [k, id] of documentIds.slice(0, 6).entries()) await approveSentences(id, report(k))
    const workers = await startWorkers({ names: ['suggest.train', 'suggest.run'] })
    try {
      const answer = await trainSuggestions(actors.manager, { projectId, wait: false })
      expect(answer.queued).toBe(true)
      const model = await until('the model to be stored', () => db.suggestionModel.findFirst({ where: { projectId } }))
      expect(model).toMatchObject({ version: 1, trainedOnTags: 60, trainedOnDocuments: 6 })
      await until('the run after training to finish', () => db.suggestionRun.findFirst({ where: { projectId, status: 'done' } }))
      const fresh = documentIds[7]
      const { items } = await listSuggestions(actors.annotator, { documentId: fresh })
      expect(items.length).toBeGreaterThan(0)
      expect(items.every((s) => s.source === 'model' && s.ref === '1')).toBe(true)
      // Measured, not listed: most suggestions carry the label the sentence's wording says.
      const text = report(7)
      const right = items.filter((s) => {
        const quote = Array.from(text).slice(s.start, s.end).join('')
        const truth = enforcement.some((e) => quote.includes(e)) ? labelIds.enforcement : decision.some((d) => quote.includes(d)) ? labelIds.decision : null
        return s.labelId === truth
      })
      expect(right.length / items.length).toBeGreaterThanOrEqual(0.8)

      const evaluation = await suggestionEvaluation(actors.manager, { projectId })
      expect(evaluation.model).toMatchObject({ version: 1, trainedOnTags: 60 })
      const figures = evaluation.sources.find((s) => s.source === 'model')!
      expect(figures.labels.map((l) => l.label_path).sort()).toEqual(['行政执法', '重大行政决策'])
      expect(evaluation.learningCurve.length).toBeGreaterThan(0)
    } finally {
      await workers.stop()
    }
  }, 120_000)

  it('switches a source measured under the precision floor off with a notice, until a manager turns it on again', async () => {
    await updateSuggestionSettings(actors.manager, { projectId, precisionFloor: 0.5, modelEnabled: true, ruleEnabled: true })
    const figures = (precision: number) => ({ precision, recall: 0.5, f1: null })
    await applyPrecisionFloor(projectId, { sources: [{ source: 'model', overall: figures(0.4), labels: [] }, { source: 'rule', overall: figures(0.7), labels: [] }] })
    const evaluation = await suggestionEvaluation(actors.manager, { projectId })
    expect(evaluation.floorNotices).toEqual([expect.objectContaining({ source: 'model', precision: 0.4 })])
    const listed = await listSuggestions(actors.annotator, { documentId: documentIds[7] })
    expect(listed.enabled).toMatchObject({ model: false, rule: true })
    expect(listed.items.filter((s) => s.source === 'model')).toEqual([])
    await updateSuggestionSettings(actors.manager, { projectId, modelEnabled: true })
    expect((await suggestionEvaluation(actors.manager, { projectId })).floorNotices).toEqual([])
  })
})
