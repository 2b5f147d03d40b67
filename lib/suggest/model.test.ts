import { describe, expect, it } from 'vitest'
import { chooseThreshold, MIN_TAGS, SuggestModel, trainModel } from './model'
import { labelUnits, unitsOf } from './features'
import { seededRandom } from './linear'
import type { GoldDocument, GoldSpan, SuggestLabel } from './types'

const labels: SuggestLabel[] = [
  { id: 'T', path: '重大行政决策', parentId: null, keywords: [] },
  { id: 'A', path: '重大行政决策/合法性审查', parentId: 'T', keywords: [] },
  { id: 'B', path: '三项制度', parentId: null, keywords: [] },
]

const REVIEW = ['{n}对{k}件规范性文件开展合法性审查。', '{n}坚持重大决策合法性审查全覆盖，审查合同{k}份。', '{n}出具合法性审查意见{k}条。']
const RECORD = ['{n}全面推行执法全过程记录制度，配备执法记录仪{k}台。', '{n}落实执法全过程记录，音像记录{k}次。', '{n}严格执法记录仪使用管理，记录执法活动{k}起。']
const OTHER = ['{n}今年粮食产量稳步增长，达到{k}万吨。', '{n}举办文化活动{k}场，群众生活丰富多彩。', '{n}新建公园{k}个，城市面貌明显改善。', '{n}完成植树造林{k}亩。']
const PLACES = ['某市', '某区', '本县', '市司法局', '区政府', '县人民政府']

/** Six reports of 30 sentences: sentences of A and B tagged, the rest untagged. */
function corpus(docCount = 6, seed = 11): GoldDocument[] {
  const random = seededRandom(seed)
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
  return Array.from({ length: docCount }, (_, d) => {
    let text = ''
    let cp = 0
    const tags: GoldSpan[] = []
    for (let s = 0; s < 30; s++) {
      const kind = random()
      const [template, labelId] = kind < 0.2 ? [pick(REVIEW), 'A'] : kind < 0.4 ? [pick(RECORD), 'B'] : [pick(OTHER), null]
      const sentence = template.replace('{n}', pick(PLACES)).replace('{k}', String(1 + Math.floor(random() * 300)))
      const length = Array.from(sentence).length
      if (labelId) tags.push({ start: cp, end: cp + length, labelId })
      text += sentence
      cp += length
      if (s % 5 === 4) {
        text += '\n'
        cp++
      }
    }
    return { documentId: `doc-${d}`, text, tags }
  })
}

describe('trainModel on a small labelled fixture', () => {
  const docs = corpus()
  const trained = trainModel(docs, labels, { now: new Date('2026-12-03T00:00:00Z') })
  if (!trained.ok) throw new Error(trained.detail)
  const model = new SuggestModel(trained.model, labels)

  it('suggests the known labels on new sentences and nothing on others', () => {
    const text = '经开区对57件规范性文件开展合法性审查。经开区配备执法记录仪88台，全面推行执法全过程记录制度。经开区新建公园9个。'
    const suggested = model.suggest(text)
    const chars = Array.from(text)
    const byQuote = Object.fromEntries(suggested.map((c) => [chars.slice(c.start, c.end).join(''), c.labelId]))
    expect(byQuote).toEqual({ '经开区对57件规范性文件开展合法性审查。': 'A', '经开区配备执法记录仪88台，全面推行执法全过程记录制度。': 'B' })
    for (const c of suggested) {
      expect(c.source).toBe('model')
      expect(c.ref).toBe(trained.model.version)
      expect(c.score).toBeGreaterThan(0.5)
      expect(c.score).toBeLessThanOrEqual(1)
    }
  })

  it('gives a top label without tags of its own no classifier: its leaves\' sentences are not its examples', () => {
    expect(trained.model.fits.find((f) => f.labelId === 'T')).toMatchObject({ positives: 0, threshold: null, note: 'too_few_examples' })
    expect(trained.model.labels.map((l) => l.labelId)).toEqual(['A', 'B'])
    expect(model.suggest('本区对12件规范性文件开展合法性审查。').map((c) => c.labelId)).toEqual(['A'])
  })

  it('chooses thresholds on held-out documents for the target precision and reports them', () => {
    for (const fit of trained.model.fits.filter((f) => f.labelId !== 'T')) {
      expect(fit.threshold).not.toBeNull()
      expect(fit.precision).toBeGreaterThanOrEqual(0.9)
      expect(fit.recall).toBeGreaterThan(0.5)
    }
    expect(trained.model).toMatchObject({ documents: 6, format: 'tagbench-suggest-model-1', trainedAt: '2026-12-03T00:00:00.000Z' })
  })

  it('survives JSON (what the app stores) with the same answers', () => {
    const again = new SuggestModel(JSON.parse(JSON.stringify(trained.model)), labels)
    const text = docs[0].text + '\n县人民政府出具合法性审查意见3条。'
    expect(again.suggest(text)).toEqual(model.suggest(text))
  })

  it('is deterministic: the same data trains the same model', () => {
    const second = trainModel(docs, labels, { now: new Date('2026-12-03T00:00:00Z') })
    expect(second.ok && second.model).toEqual(trained.model)
  })

  it('leaves out labels archived since training', () => {
    const withoutB = new SuggestModel(trained.model, labels.filter((l) => l.id !== 'B'))
    expect(withoutB.suggest('某市全面推行执法全过程记录制度，配备执法记录仪3台。')).toEqual([])
  })

  it('is sure about sentences like its training data and unsure about ones between labels', () => {
    const sure = model.uncertainty('某市完成植树造林30亩。某区新建公园3个。')
    // Half a review sentence, half a records sentence: near B's threshold.
    const unsure = model.uncertainty('区政府出具意见5条，记录执法活动3起。')
    expect(sure).toBeLessThan(0.05)
    expect(unsure).toBeGreaterThan(4 * sure)
    expect(model.uncertainty('')).toBe(0)
  })
})

describe('trainModel refusals and limits', () => {
  it('says how many approved tags it needs', () => {
    const docs = corpus(2).map((d) => ({ ...d, tags: d.tags.slice(0, 2) }))
    const result = trainModel(docs, labels)
    expect(result).toMatchObject({ ok: false, code: 'not_enough_examples', needed: { tags: MIN_TAGS, documents: 2 }, have: { tags: 4, documents: 2 } })
  })

  it('gives a label with too few examples no classifier, and says so', () => {
    const docs = corpus()
    docs[0].tags.push({ start: 0, end: 3, labelId: 'C' })
    const withC = [...labels, { id: 'C', path: 'C', parentId: null, keywords: [] }]
    const result = trainModel(docs, withC)
    expect(result.ok && result.model.fits.find((f) => f.labelId === 'C')).toMatchObject({ threshold: null, note: 'too_few_examples' })
  })
})

describe('labelUnits', () => {
  it('makes a sentence an example when a tag covers half of it or half of the tag lies in it', () => {
    const text = '第一句很长很长很长很长。第二句。第三句话。'
    const units = unitsOf(text)
    expect(units.map((u) => u.text)).toEqual(['第一句很长很长很长很长。', '第二句。', '第三句话。'])
    // A short phrase inside the first sentence; a tag over sentence 2 and one character of sentence 3.
    const labelled = labelUnits(units, [{ start: 3, end: 5, labelId: 'A' }, { start: 12, end: 17, labelId: 'B' }], labels.concat({ id: 'B2', path: 'x', parentId: 'B', keywords: [] }))
    expect([...labelled[0].positive]).toEqual(['A'])
    expect([...labelled[1].positive]).toEqual(['B'])
    expect([...labelled[2].positive]).toEqual([])
    expect([...labelled[2].ambiguous]).toEqual(['B'])
  })
})

describe('chooseThreshold', () => {
  it('takes the lowest score that keeps the precision at the target, with at least 3 right', () => {
    const scored = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5].map((p, k) => ({ p, y: ([1, 1, 1, 0, 1, 0, 0][k]) as 0 | 1 }))
    expect(chooseThreshold(scored, 5, 0.8)).toEqual({ threshold: 0.7, precision: 0.8, recall: 0.8 })
    expect(chooseThreshold(scored, 5, 0.99)).toEqual({ threshold: 0.85, precision: 1, recall: 0.6 })
    expect(chooseThreshold(scored.slice(0, 2), 5, 0.5)).toBeNull()
  })
})
