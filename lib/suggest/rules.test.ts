import { describe, expect, it } from 'vitest'
import { CodePointIndex } from '../text/codepoints'
import { KEYWORD_SCORE, PATTERN_SCORE, hasNestedUnboundedQuantifier, keywordPrecision, keywordStats, suggestByRules, validateRulePattern } from './rules'
import type { RulePattern, SuggestLabel } from './types'

const label = (id: string, keywords: string[] = []): SuggestLabel => ({ id, path: id, parentId: null, keywords })
const regex = (id: string, labelId: string, pattern: string, mustAlsoContain?: string): RulePattern => ({ id, labelId, kind: 'regex', pattern, mustAlsoContain })
const literal = (id: string, labelId: string, pattern: string, mustAlsoContain?: string): RulePattern => ({ id, labelId, kind: 'literal', pattern, mustAlsoContain })
const quote = (text: string, c: { start: number; end: number }) => new CodePointIndex(text).slice(c.start, c.end)

describe('suggestByRules', () => {
  const text = '𠮷𡈼市政府开展合法性审查。\n全年审查文件12件；法律顾问参与决策。'

  it('suggests the whole sentence around a keyword, in code points (astral characters do not shift offsets)', () => {
    const { candidates } = suggestByRules(text, [label('L1', ['合法性审查'])], [])
    expect(candidates).toHaveLength(1)
    const [c] = candidates
    expect(c).toMatchObject({ start: 0, end: 13, labelId: 'L1', source: 'rule', ref: 'keyword:L1', score: KEYWORD_SCORE })
    expect(quote(text, c)).toBe('𠮷𡈼市政府开展合法性审查。')
    expect(Array.from(text).slice(c.start, c.end).join('')).toBe('𠮷𡈼市政府开展合法性审查。')
  })

  it('matches a regex with code-point offsets and gives the pattern id and score', () => {
    const { candidates, skipped } = suggestByRules(text, [label('L2')], [regex('p1', 'L2', '审查文件\\d+件')])
    expect(skipped).toEqual([])
    expect(candidates).toEqual([{ start: 14, end: 24, labelId: 'L2', source: 'rule', score: PATTERN_SCORE, ref: 'p1' }])
    expect(quote(text, candidates[0])).toBe('全年审查文件12件；')
  })

  it('keeps one candidate per label and sentence, the pattern winning over a keyword', () => {
    const { candidates } = suggestByRules(text, [label('L1', ['合法性', '审查'])], [literal('p2', 'L1', '开展合法')])
    const first = candidates.filter((c) => c.start === 0)
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({ ref: 'p2', score: PATTERN_SCORE })
    // "审查" also occurs in the second sentence: a keyword hit there.
    expect(candidates.find((c) => c.start === 14)).toMatchObject({ ref: 'keyword:L1', score: KEYWORD_SCORE })
  })

  it('raises a keyword score when several keywords of the label are in the sentence', () => {
    const one = suggestByRules(text, [label('L1', ['法律顾问'])], []).candidates
    const two = suggestByRules(text, [label('L1', ['法律顾问', '参与决策'])], []).candidates
    expect(two[0].score).toBeGreaterThan(one[0].score)
  })

  it('applies "sentence must also contain" to the sentence, not the match', () => {
    const labels = [label('L3')]
    expect(suggestByRules(text, labels, [literal('p3', 'L3', '审查', '12件')]).candidates.map((c) => c.start)).toEqual([14])
    expect(suggestByRules(text, labels, [literal('p3', 'L3', '审查', '没有')]).candidates).toEqual([])
  })

  it('suggests the run of sentences when a match crosses a sentence end', () => {
    const { candidates } = suggestByRules(text, [label('L4')], [regex('p4', 'L4', '12件；法律')])
    expect(candidates).toHaveLength(1)
    expect(quote(text, candidates[0])).toBe('全年审查文件12件；法律顾问参与决策。')
  })

  it("leaves out a top label's keyword where one of its leaves matched the same sentence", () => {
    const labels = [label('T', ['审查']), { ...label('A', ['合法性审查']), parentId: 'T' }]
    const { candidates } = suggestByRules(text, labels, [])
    expect(candidates.map((c) => [c.start, c.labelId])).toEqual([
      [0, 'A'],
      [14, 'T'],
    ])
  })

  it('leaves out patterns of labels that are not live', () => {
    expect(suggestByRules(text, [label('L1')], [literal('p5', 'archived', '审查')]).candidates).toEqual([])
  })

  it('skips a refused pattern with its code and still runs the others', () => {
    const { candidates, skipped } = suggestByRules(text, [label('L1')], [regex('bad', 'L1', '(审查'), literal('ok', 'L1', '决策')])
    expect(skipped).toEqual([{ patternId: 'bad', code: 'regex_invalid' }])
    expect(candidates.map((c) => c.ref)).toEqual(['ok'])
  })

  it('stops a pattern that runs past the time limit and reports it', () => {
    // ^(ab|a|b)+$ passes the static check (no nested quantifier) and the probes (each probe is one
    // character repeated, and anchored at the start it is linear on them, whatever the load), but backtracks
    // exponentially on "abab…ab!".
    const slow = `${'ab'.repeat(32)}!`
    const t0 = Date.now()
    const { candidates, skipped } = suggestByRules(slow, [label('L1')], [regex('slow', 'L1', '^(ab|a|b)+$')], { timeLimitMs: 100 })
    // Unstopped it would run for hours (2^32 backtracking steps); the bound is loose on purpose: a loaded CI machine is slow to start a vm context.
    expect(Date.now() - t0).toBeLessThan(30_000)
    expect(skipped).toEqual([{ patternId: 'slow', code: 'regex_timeout' }])
    expect(candidates).toEqual([])
  })

  it('does not loop on zero-width parts of a match', () => {
    const { candidates } = suggestByRules(text, [label('L1')], [regex('z', 'L1', '(?=审查)审')])
    expect(candidates.map((c) => c.start)).toEqual([0, 14])
  })
})

describe('validateRulePattern', () => {
  it('accepts ordinary literals and regexes', () => {
    expect(validateRulePattern({ kind: 'literal', pattern: '(合法性审查' })).toEqual({ ok: true })
    expect(validateRulePattern({ kind: 'regex', pattern: '审查.{0,10}文件\\d+件' })).toEqual({ ok: true })
    expect(validateRulePattern({ kind: 'regex', pattern: '\\p{Script=Han}{2}审查' })).toEqual({ ok: true })
  })

  it.each([
    ['   ', 'pattern_empty'],
    ['(审查', 'regex_invalid'],
    ['[a-', 'regex_invalid'],
    ['审查*|', 'regex_matches_empty'],
    ['(a+)+$', 'regex_catastrophic'],
    ['((法治)*)*b', 'regex_catastrophic'],
    ['(?:\\d+年)+x', 'regex_catastrophic'],
    ['(a|aa)+$', 'regex_catastrophic'],
  ])('refuses %s with %s', (pattern, code) => {
    const result = validateRulePattern({ kind: 'regex', pattern })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.code).toBe(code)
      expect(result.detail.length).toBeGreaterThan(10)
    }
  })

  it('refuses an over-long pattern', () => {
    expect(validateRulePattern({ kind: 'literal', pattern: '法'.repeat(501) })).toMatchObject({ ok: false, code: 'pattern_too_long' })
  })
})

describe('hasNestedUnboundedQuantifier', () => {
  it.each([
    ['(a+)+', true],
    ['(a*)*', true],
    ['(a+){2,}', true],
    ['((a+)b)*', true],
    ['(a+)', false],
    ['(a+){2}', false],
    ['(ab)+', false],
    ['[(a+)]+', false],
    ['\\(a+\\)+', false],
    ['a{2,5}(b{1,3})+', false],
  ])('%s → %s', (pattern, expected) => {
    expect(hasNestedUnboundedQuantifier(pattern)).toBe(expected)
  })
})

describe('keyword precision learnt from approved documents', () => {
  // Approved: 合法性审查 sentences are tagged L1 three times of three; 法治 sentences are tagged L1 once of four.
  const sentences = ['开展合法性审查。', '合法性审查全覆盖。', '加强合法性审查。', '推进法治建设。', '法治宣传进社区。', '法治文化阵地。', '法治政府示范创建。']
  const text = sentences.join('')
  const tags: { start: number; end: number; labelId: string }[] = []
  let at = 0
  sentences.forEach((s, k) => {
    const n = Array.from(s).length
    if (k < 3 || k === 6) tags.push({ start: at, end: at + n, labelId: 'L1' })
    at += n
  })
  const labels = [label('L1', ['合法性审查', '法治', '备案审查'])]
  const stats = keywordStats([{ documentId: 'd', text, tags }], labels)

  it('counts per keyword the sentences it matched and those tagged with its label', () => {
    expect(stats.find((s) => s.keyword === '合法性审查')).toEqual({ labelId: 'L1', keyword: '合法性审查', matched: 3, right: 3 })
    expect(stats.find((s) => s.keyword === '法治')).toEqual({ labelId: 'L1', keyword: '法治', matched: 4, right: 1 })
    expect(stats.find((s) => s.keyword === '备案审查')).toBeUndefined()
    expect(keywordPrecision({ matched: 3, right: 3 })).toBeCloseTo(0.8)
  })

  it('mutes a keyword that was wrong more often than right, scores the others by their precision, and keeps unseen ones unless told', () => {
    const fresh = '深化合法性审查。法治宣传周。备案审查到位。'
    const withStats = suggestByRules(fresh, labels, [], { keywordStats: stats }).candidates
    expect(withStats.map((c) => quote(fresh, c))).toEqual(['深化合法性审查。', '备案审查到位。'])
    expect(withStats[0].score).toBeCloseTo(0.8)
    expect(withStats[1].score).toBe(KEYWORD_SCORE)
    expect(suggestByRules(fresh, labels, [], { keywordStats: stats, unseen: 'mute' }).candidates.map((c) => quote(fresh, c))).toEqual(['深化合法性审查。'])
    // Without records (nothing approved yet) every keyword suggests.
    expect(suggestByRules(fresh, labels, []).candidates).toHaveLength(3)
  })
})
