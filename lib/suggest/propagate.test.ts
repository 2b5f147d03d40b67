import { describe, expect, it } from 'vitest'
import { align, mapSpan } from './align'
import { LshIndex, NUM_HASHES, estimateJaccard, minhash, normalizeForShingles, shingleHashes, signatureOf } from './minhash'
import { seededRandom } from './linear'
import { PropagationIndex } from './propagate'
import type { SourceDocument } from './types'

const cps = (s: string) => Array.from(s)
const sliceCp = (s: string, span: { start: number; end: number }) => cps(s).slice(span.start, span.end).join('')

/** The exact Jaccard similarity of two texts' shingle sets, the slow way. */
function jaccard(a: string, b: string): number {
  const A = new Set(shingleHashes(normalizeForShingles(cps(a)).codes))
  const B = new Set(shingleHashes(normalizeForShingles(cps(b)).codes))
  const inter = [...A].filter((x) => B.has(x)).length
  return inter / (A.size + B.size - inter)
}

describe('normalisation and MinHash', () => {
  it('drops punctuation and whitespace and folds digits, keeping where each character came from', () => {
    const { codes, from } = normalizeForShingles(cps('2019年，𠮷 市。'))
    expect(String.fromCodePoint(...codes)).toBe('0000年𠮷市')
    expect(from).toEqual([0, 1, 2, 3, 4, 6, 8])
  })

  it('gives the same signature to the same sentence with other figures and punctuation', () => {
    expect(Array.from(signatureOf(cps('2019年全市审查规范性文件12件。')))).toEqual(Array.from(signatureOf(cps('2021年，全市审查规范性文件87件；'))))
  })

  it('estimates the Jaccard similarity', () => {
    const a = '市政府坚持重大行政决策合法性审查全覆盖，全年审查重大决策事项十二件，出具法律意见书二十份。'
    const b = '区政府坚持重大行政决策合法性审查全覆盖，全年审查重大决策事项九件，出具法律意见书十五份，无一违法。'
    const exact = jaccard(a, b)
    expect(exact).toBeGreaterThan(0.4)
    expect(exact).toBeLessThan(0.9)
    // 64 hashes: the standard error is about sqrt(J(1 − J) / 64) ≈ 0.06.
    expect(Math.abs(estimateJaccard(signatureOf(cps(a)), signatureOf(cps(b))) - exact)).toBeLessThan(0.2)
    expect(minhash(new Uint32Array(0))).toHaveLength(NUM_HASHES)
  })

  it('finds near-identical passages as LSH candidates and not unrelated ones', () => {
    const lsh = new LshIndex()
    lsh.add(1, signatureOf(cps('全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。')))
    lsh.add(2, signatureOf(cps('营商环境持续优化，市场主体活力不断增强。')))
    lsh.add(3, signatureOf(cps('')))
    expect([...lsh.candidates(signatureOf(cps('2020年全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。')))]).toEqual([1])
    expect([...lsh.candidates(signatureOf(cps('')))]).toEqual([])
  })
})

describe('align and mapSpan', () => {
  it('maps a span through an insertion before it, inside it and after it', () => {
    const a = '甲乙丙丁戊己'
    const b = '子甲乙丙X丁戊己丑'
    const alignment = align(cps(a), cps(b))!
    expect(alignment.distance).toBe(3)
    expect(sliceCp(b, mapSpan(alignment, 1, 5)!)).toBe('乙丙X丁戊')
    expect(sliceCp(b, mapSpan(alignment, 0, 6)!)).toBe('甲乙丙X丁戊己')
  })

  it('maps a span through deletions, and gives null when all of it was deleted', () => {
    const a = '一二三四五六七八'
    const b = '一二五六八'
    const alignment = align(cps(a), cps(b))!
    expect(sliceCp(b, mapSpan(alignment, 1, 6)!)).toBe('二五六')
    expect(mapSpan(alignment, 2, 4)).toBeNull()
  })

  it('counts an astral character as one position on both sides', () => {
    const a = '𠮷𡈼市开展合法性审查'
    const b = '🙂𠮷𡈼市全面开展合法性审查'
    const alignment = align(cps(a), cps(b))!
    expect(sliceCp(b, mapSpan(alignment, 0, 3)!)).toBe('𠮷𡈼市')
    expect(sliceCp(b, mapSpan(alignment, 3, 10)!)).toBe('全面开展合法性审查'.slice(2)) // 开展合法性审查: the insertion 全面 is at the span's edge
  })

  it('matches digits with digits (other years, other figures)', () => {
    const alignment = align(cps('2019年审查12件'), cps('2020年审查35件'))!
    expect(alignment.distance).toBe(0)
    expect(alignment.similarity).toBe(1)
  })

  it('finds the edit distance a plain dynamic programme finds, with a consistent path (random near-copies)', () => {
    const random = seededRandom(9)
    const alphabet = Array.from('法治政府建设审查决策执法12𠮷，。')
    const levenshtein = (a: string[], b: string[]) => {
      let row = Array.from({ length: b.length + 1 }, (_, j) => j)
      for (let i = 1; i <= a.length; i++) {
        const next = [i]
        for (let j = 1; j <= b.length; j++) {
          const same = a[i - 1] === b[j - 1] || (/\d/.test(a[i - 1]) && /\d/.test(b[j - 1]))
          next.push(Math.min(row[j - 1] + (same ? 0 : 1), row[j] + 1, next[j - 1] + 1))
        }
        row = next
      }
      return row[b.length]
    }
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)])
      const b = [...a]
      for (let e = Math.floor(random() * 6); e > 0; e--) {
        const at = Math.floor(random() * (b.length + 1))
        const kind = random()
        if (kind < 0.4) b.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)])
        else if (kind < 0.8) b.splice(at, 1)
        else b[at] = '变'
      }
      const alignment = align(a, b)!
      expect(alignment.distance).toBe(levenshtein(a, b))
      let last = -1
      for (const j of alignment.aToB) {
        if (j < 0) continue
        expect(j).toBeGreaterThan(last)
        last = j
      }
    }
  })

  it('gives up early on passages that cannot reach the similarity asked', () => {
    expect(align(cps('短'), cps('很长很长很长的句子'), 0.8)).toBeNull()
    expect(align(cps('甲乙丙丁'), cps('子丑寅卯'), 0.5)).toBeNull()
  })
})

describe('PropagationIndex', () => {
  const source: SourceDocument = {
    documentId: 'd2019',
    text: '一、基本情况\n2019年，市政府坚持重大行政决策合法性审查全覆盖，审查决策事项12件。全市法治宣传有序开展。\n𠮷🙂府院联动机制进一步完善，化解行政争议30件。',
    tags: [],
  }
  const chars = cps(source.text)
  const find = (quote: string) => {
    const at = chars.join('').indexOf(quote)
    const start = cps(chars.join('').slice(0, at)).length
    return { start, end: start + cps(quote).length }
  }
  // A whole sentence, and a phrase inside the last one (after astral characters).
  source.tags = [
    { tagId: 't1', labelId: 'L-review', ...find('2019年，市政府坚持重大行政决策合法性审查全覆盖，审查决策事项12件。') },
    { tagId: 't2', labelId: 'L-courts', ...find('府院联动机制') },
  ]
  const target = '二、主要做法\n2021年，区政府坚持重大行政决策合法性审查全覆盖，共审查决策事项7件。法治宣传有序开展。\n府院联动机制进一步完善，化解行政争议15件。'

  it('carries approved tags to near-identical passages of another document, spans mapped', () => {
    const proposals = PropagationIndex.build([source]).propose(target, { documentId: 'd2021' })
    const byLabel = Object.fromEntries(proposals.map((p) => [p.labelId, p]))
    expect(Object.keys(byLabel).sort()).toEqual(['L-courts', 'L-review'])
    expect(sliceCp(target, byLabel['L-review'])).toBe('2021年，区政府坚持重大行政决策合法性审查全覆盖，共审查决策事项7件。')
    expect(sliceCp(target, byLabel['L-courts'])).toBe('府院联动机制')
    expect(byLabel['L-review']).toMatchObject({ source: 'propagation', ref: 't1', sourceDocumentId: 'd2019', support: 1 })
    expect(sliceCp(source.text, { start: byLabel['L-courts'].sourceStart, end: byLabel['L-courts'].sourceEnd })).toBe('𠮷🙂府院联动机制进一步完善，化解行政争议30件。')
    expect(byLabel['L-review'].score).toBeGreaterThan(0.9)
    expect(byLabel['L-review'].score).toBeLessThan(1)
  })

  it('proposes nothing on unrelated text, and nothing back to the source document', () => {
    const index = PropagationIndex.build([source])
    expect(index.propose('营商环境持续优化。市场主体活力增强。')).toEqual([])
    expect(index.propose(source.text, { documentId: 'd2019' })).toEqual([])
  })

  it('is the same index after JSON, and forgets a removed document', () => {
    const index = PropagationIndex.build([source])
    const again = PropagationIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())))
    expect(again.propose(target)).toEqual(index.propose(target))
    expect(again.size).toEqual({ passages: 2, tags: 2 })
    again.removeDocument('d2019')
    expect(again.propose(target)).toEqual([])
  })

  it('keeps one proposal per span and label, counting the agreeing sources', () => {
    const copy = { ...source, documentId: 'd2020', tags: source.tags.map((t) => ({ ...t, tagId: `${t.tagId}-b` })) }
    const proposals = PropagationIndex.build([source, copy]).propose(target)
    expect(proposals).toHaveLength(2)
    for (const p of proposals) expect(p.support).toBe(2)
  })

  it('gives the same proposals with each distinct window aligned once as with every window aligned again (generated reports that repeat sentences)', () => {
    const random = seededRandom(14)
    const pool = [
      '2019年，市政府坚持重大行政决策合法性审查全覆盖，审查决策事项12件。',
      '全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。',
      '府院联动机制进一步完善，化解行政争议30件。',
      '营商环境持续优化，市场主体活力不断增强𠮷。',
      '深入开展法治宣传教育，全年举办讲座45场。',
      '规范性文件备案审查工作扎实推进，报备率100%。',
    ]
    const mutate = (s: string) => {
      const c = cps(s)
      const at = Math.floor(random() * c.length)
      if (random() < 0.5) c.splice(at, 0, '区')
      else c[at] = '县'
      return c.join('')
    }
    const report = (n: number) =>
      Array.from({ length: n }, () => {
        const s = pool[Math.floor(random() * pool.length)]
        return random() < 0.3 ? mutate(s) : s
      }).join(random() < 0.5 ? '' : '\n')
    const docs: SourceDocument[] = Array.from({ length: 12 }, (_, d) => {
      const text = report(20)
      const sentences = text.split(/(?<=[。\n])/u)
      const tags: SourceDocument['tags'] = []
      let at = 0
      sentences.forEach((s, k) => {
        const len = cps(s).length
        if (k % 3 === 0 && len > 4) tags.push({ tagId: `t${d}-${k}`, labelId: `L${k % 4}`, start: at, end: at + len - 1 })
        if (k % 5 === 1 && len > 8) tags.push({ tagId: `u${d}-${k}`, labelId: 'Lx', start: at + 2, end: at + 6 })
        at += len
      })
      return { documentId: `d${d}`, text, tags }
    })
    const index = PropagationIndex.build(docs)
    const target = report(120)
    const fast = index.propose(target, { documentId: 'new' })
    expect(fast.length).toBeGreaterThan(50)
    expect(fast).toEqual(index.propose(target, { documentId: 'new', reuseWindows: false }))
    expect(index.propose(docs[3].text, { documentId: 'd3' })).toEqual(index.propose(docs[3].text, { documentId: 'd3', reuseWindows: false }))
  })
})
