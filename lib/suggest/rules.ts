// Rule suggestions: each label's keywords and the manager's patterns (literal or regular expression,
// optionally "the sentence must also contain"), matched on the document text and turned into the
// whole sentence that holds the match (lib/text/sentences.ts). Offsets are code points.
//
// User regular expressions cannot be interrupted from JavaScript once they run, so they run in a
// node:vm context with `timeout`: V8 terminates the script, backtracking regex included, and we get
// an exception instead of a hung worker (measured: `(a+)+$` on 40 × "a" + "b" stops at the limit).
// Patterns are also checked when they are saved (validateRulePattern): a nested unbounded quantifier
// or a slow probe is refused with a code, so most bad patterns never reach a document.
import vm from 'node:vm'
import { CodePointIndex } from '../text/codepoints'
import { splitSentences, sentenceAt, type Sentence } from '../text/sentences'
import type { GoldDocument, KeywordStat, RuleMatchResult, RulePattern, RuleRefusalCode, RuleValidation, SuggestLabel, SuggestionCandidate } from './types'

export const MAX_PATTERN_LENGTH = 500
/** Per pattern and document, while matching. */
export const DEFAULT_RULE_TIME_LIMIT_MS = 250
/** On save, per probe text: a pattern slower than this on a PROBE_LENGTH-character probe is refused. */
const PROBE_TIME_LIMIT_MS = 100
// Probes are searched unanchored (every start position), so a linear pattern costs O(n²) on them: short.
const PROBE_LENGTH = 2_000
/** More matches than this of one pattern in one document are not useful as suggestions. */
const MAX_MATCHES_PER_PATTERN = 50_000

/** Score of a manager's pattern (a deliberate rule) and of a label keyword (a hint), 0..1. */
export const PATTERN_SCORE = 0.9
export const KEYWORD_SCORE = 0.5
/** Each further distinct keyword of the same label in the sentence adds this (up to 0.85). */
const KEYWORD_BONUS = 0.1

const refuse = (code: RuleRefusalCode, detail: string): RuleValidation => ({ ok: false, code, detail })

/**
 * True when a group that contains an unbounded quantifier is itself repeated without bound
 * (`(a+)+`, `(?:\d*年)*`, `(a|b+){2,}`): the shape of catastrophic backtracking that safe-regex
 * and similar checkers look for (star height > 1). Character classes and escapes are skipped.
 */
export function hasNestedUnboundedQuantifier(source: string): boolean {
  // Per open group: does it contain an unbounded quantifier?
  const stack: boolean[] = []
  let lastClosedHadUnbounded = false
  let lastWasGroupClose = false
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]
    if (ch === '\\') {
      i++ // the escaped character; \u{…} and \p{…} run to their closing brace
      if ('upP'.includes(source[i]) && source[i + 1] === '{' && source.indexOf('}', i) > i) i = source.indexOf('}', i)
      lastWasGroupClose = false
      continue
    }
    if (ch === '[') {
      // Skip the class, honouring escapes inside it.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++
      lastWasGroupClose = false
      continue
    }
    if (ch === '(') {
      stack.push(false)
      lastWasGroupClose = false
      continue
    }
    if (ch === ')') {
      lastClosedHadUnbounded = stack.pop() ?? false
      // A group holding an unbounded quantifier makes its parent hold one: ((a+))+ is (a+)+.
      if (lastClosedHadUnbounded && stack.length) stack[stack.length - 1] = true
      lastWasGroupClose = true
      continue
    }
    const unbounded = ch === '*' || ch === '+' || (ch === '{' && /^\{\d+,\}/.test(source.slice(i)))
    if (unbounded) {
      if (lastWasGroupClose && lastClosedHadUnbounded) return true
      if (stack.length) stack[stack.length - 1] = true
    }
    if (ch === '{') {
      const close = source.indexOf('}', i)
      if (close > i && /^\{\d+(,\d*)?\}$/.test(source.slice(i, close + 1))) i = close
    }
    lastWasGroupClose = false
  }
  return false
}

/** Runs `code` in a fresh context holding `values`; null when it ran past `timeoutMs`. */
function runWithTimeLimit<T>(code: string, values: Record<string, unknown>, timeoutMs: number): { value: T } | null {
  const context = vm.createContext({ ...values })
  try {
    return { value: vm.runInContext(code, context, { timeout: Math.max(1, Math.round(timeoutMs)) }) as T }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return null
    throw error
  }
}

/** Probe texts that make a backtracking pattern built from these characters explode. */
function probeTexts(source: string): string[] {
  const literal = Array.from(new Set(Array.from(source.replace(/\\./gu, '').replace(/[()[\]{}*+?.|^$\\,\d-]/gu, '')))).slice(0, 8)
  const seeds = ['a', '0', ' ', '法', ...literal]
  return seeds.map((s) => s.repeat(Math.ceil(PROBE_LENGTH / s.length)) + '\u0000!')
}

/** Checks a pattern before it is saved (and again before it runs). */
export function validateRulePattern(rule: Pick<RulePattern, 'kind' | 'pattern' | 'mustAlsoContain'>): RuleValidation {
  const pattern = rule.pattern
  if (!pattern.trim()) return refuse('pattern_empty', 'The pattern is empty.')
  if (Array.from(pattern).length > MAX_PATTERN_LENGTH) return refuse('pattern_too_long', `The pattern is longer than ${MAX_PATTERN_LENGTH} characters.`)
  if (rule.kind === 'literal') return { ok: true }
  let re: RegExp
  try {
    re = new RegExp(pattern, 'u')
  } catch (error) {
    return refuse('regex_invalid', `The regular expression does not compile: ${(error as Error).message}`)
  }
  if (re.test('')) return refuse('regex_matches_empty', 'The regular expression matches an empty string, so it would suggest every sentence.')
  if (hasNestedUnboundedQuantifier(pattern)) {
    return refuse('regex_catastrophic', 'The regular expression repeats a group that itself repeats without bound (like (a+)+): it can take exponential time.')
  }
  for (const probe of probeTexts(pattern)) {
    const ran = runWithTimeLimit<unknown>('new RegExp(source, "gu").test(text)', { source: pattern, text: probe }, PROBE_TIME_LIMIT_MS)
    if (!ran) return refuse('regex_catastrophic', `The regular expression took more than ${PROBE_TIME_LIMIT_MS} ms on a ${PROBE_LENGTH}-character probe text.`)
  }
  return { ok: true }
}

/** UTF-16 [start, end) pairs of every match of a literal string. */
function literalMatches(text: string, needle: string): number[] {
  const out: number[] = []
  if (!needle) return out
  for (let at = text.indexOf(needle); at >= 0 && out.length < 2 * MAX_MATCHES_PER_PATTERN; at = text.indexOf(needle, at + needle.length)) out.push(at, at + needle.length)
  return out
}

const REGEX_MATCHER = `(() => {
  const re = new RegExp(source, 'gu')
  const out = []
  let m
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex += 1; continue }
    out.push(m.index, m.index + m[0].length)
    if (out.length >= limit) break
  }
  return out.join(',')
})()`

/** UTF-16 pairs of every (non-empty) match, or null when the pattern ran past the time limit. */
function regexMatches(text: string, source: string, timeLimitMs: number): number[] | null {
  // The answer crosses the context boundary as a string: an array would belong to the other realm.
  const ran = runWithTimeLimit<string>(REGEX_MATCHER, { source, text, limit: 2 * MAX_MATCHES_PER_PATTERN }, timeLimitMs)
  if (!ran) return null
  return ran.value ? ran.value.split(',').map(Number) : []
}

export interface RuleOptions {
  /** Per regex pattern and document (default DEFAULT_RULE_TIME_LIMIT_MS). */
  timeLimitMs?: number
  /** Sentences of the text, when the caller already has them. */
  sentences?: Sentence[]
  /**
   * Each keyword's record on the approved documents (keywordStats). With it, a keyword's suggestion
   * scores its estimated precision, and a keyword whose estimate is below `muteBelow` is muted;
   * without it every keyword suggests at KEYWORD_SCORE (nothing approved yet to learn from).
   */
  keywordStats?: KeywordStat[]
  /** Default MUTE_BELOW. */
  muteBelow?: number
  /** A keyword matched fewer times than this on the approved documents: 'keep' at KEYWORD_SCORE (default) or 'mute'. */
  unseen?: 'keep' | 'mute'
}

/** A keyword whose estimated precision on approved documents is below this suggests nothing. */
export const MUTE_BELOW = 0.6
/** Matches on approved documents a keyword needs before its record counts. */
export const KEYWORD_MIN_SUPPORT = 2

/**
 * Precision of a keyword from its record: right / matched, pulled towards ½ by one right and one
 * wrong pseudo-match (Laplace), so that 1 of 1 is 0.67, not a certainty. A wrong suggestion costs more
 * than a missing one, so a keyword earns its place on approved data.
 */
export function keywordPrecision(stat: Pick<KeywordStat, 'matched' | 'right'>): number {
  return (stat.right + 1) / (stat.matched + 2)
}

/**
 * Per label keyword, the sentences of the approved documents it matched in and how many of them
 * carry an approved tag of its label (same label, overlap ≥ half of the union, as evaluate.ts counts).
 * The documents are taken as exhaustively tagged: an untagged matched sentence counts as wrong.
 */
export function keywordStats(docs: GoldDocument[], labels: SuggestLabel[]): KeywordStat[] {
  const stats = new Map<string, KeywordStat>()
  const keywordsOf = labels.map((l) => ({ label: l, keywords: [...new Set(l.keywords.map((k) => k.trim()).filter(Boolean))] }))
  for (const doc of docs) {
    const sentences = splitSentences(doc.text)
    const index = new CodePointIndex(doc.text)
    const texts = sentences.map((s) => index.slice(s.start, s.end))
    for (const { label, keywords } of keywordsOf) {
      const tags = doc.tags.filter((t) => t.labelId === label.id)
      for (const keyword of keywords) {
        const key = `${label.id}\u0000${keyword}`
        let stat = stats.get(key)
        texts.forEach((text, k) => {
          if (!text.includes(keyword)) return
          if (!stat) stats.set(key, (stat = { labelId: label.id, keyword, matched: 0, right: 0 }))
          stat.matched++
          const s = sentences[k]
          if (tags.some((t) => Math.min(t.end, s.end) - Math.max(t.start, s.start) >= 0.5 * (Math.max(t.end, s.end) - Math.min(t.start, s.start)))) stat.right++
        })
      }
    }
  }
  return [...stats.values()]
}

interface Hit {
  labelId: string
  ref: string
  score: number
  keywords: Set<string>
}

/**
 * Rule suggestions for one text: one candidate per (label, sentence) that a keyword or a pattern
 * matched in, the manager's pattern winning over a keyword (its score and its id as `ref`). A match
 * that runs over a sentence end suggests the run of sentences it touches.
 */
export function suggestByRules(text: string, labels: SuggestLabel[], patterns: RulePattern[], options: RuleOptions = {}): RuleMatchResult {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_RULE_TIME_LIMIT_MS
  const statOf = options.keywordStats ? new Map(options.keywordStats.map((k) => [`${k.labelId}\u0000${k.keyword}`, k])) : null
  const muteBelow = options.muteBelow ?? MUTE_BELOW
  /** A keyword's score, or null when it is muted. */
  const keywordScore = (labelId: string, keyword: string): number | null => {
    if (!statOf) return KEYWORD_SCORE
    const stat = statOf.get(`${labelId}\u0000${keyword}`)
    if (!stat || stat.matched < KEYWORD_MIN_SUPPORT) return options.unseen === 'mute' ? null : KEYWORD_SCORE
    const p = keywordPrecision(stat)
    return p < muteBelow ? null : p
  }
  const sentences = options.sentences ?? splitSentences(text)
  const index = new CodePointIndex(text)
  const live = new Set(labels.map((l) => l.id))
  const hits = new Map<string, Hit>() // key: `${start}:${end}:${labelId}`
  const skipped: RuleMatchResult['skipped'] = []

  const spanOf = (cpStart: number, cpEnd: number): Sentence | null => {
    const first = sentenceAt(sentences, cpStart)
    if (first >= sentences.length || sentences[first].start >= cpEnd) return null // in whitespace between sentences
    let last = sentenceAt(sentences, cpEnd - 1)
    if (last >= sentences.length || sentences[last].start >= cpEnd) last = Math.max(first, last - 1)
    return { start: sentences[first].start, end: sentences[last].end }
  }

  const record = (pairs: number[], labelId: string, ref: string, score: number, mustAlsoContain: string | null | undefined, keyword?: string) => {
    for (let k = 0; k < pairs.length; k += 2) {
      const span = spanOf(index.toCodePoint(pairs[k]), index.toCodePoint(pairs[k + 1]))
      if (!span) continue
      if (mustAlsoContain && !index.slice(span.start, span.end).includes(mustAlsoContain)) continue
      const key = `${span.start}:${span.end}:${labelId}`
      const hit = hits.get(key)
      if (!hit) hits.set(key, { labelId, ref, score, keywords: new Set(keyword ? [keyword] : []) })
      else if (keyword) {
        hit.keywords.add(keyword)
        // Measured keywords: the best one's precision; unmeasured: more distinct keywords, more likely.
        if (statOf) hit.score = Math.max(hit.score, score)
        else if (hit.score < PATTERN_SCORE) hit.score = Math.min(KEYWORD_SCORE + KEYWORD_BONUS * (hit.keywords.size - 1), 0.85)
      } else if (score > hit.score) {
        hit.score = score
        hit.ref = ref
      }
    }
  }

  for (const pattern of patterns) {
    if (!live.has(pattern.labelId)) continue
    const valid = validateRulePatternCached(pattern)
    if (!valid.ok) {
      skipped.push({ patternId: pattern.id, code: valid.code })
      continue
    }
    const pairs = pattern.kind === 'literal' ? literalMatches(text, pattern.pattern) : regexMatches(text, pattern.pattern, timeLimitMs)
    if (!pairs) {
      skipped.push({ patternId: pattern.id, code: 'regex_timeout' })
      continue
    }
    record(pairs, pattern.labelId, pattern.id, PATTERN_SCORE, pattern.mustAlsoContain)
  }
  for (const label of labels) {
    for (const keyword of new Set(label.keywords.map((k) => k.trim()).filter(Boolean))) {
      const score = keywordScore(label.id, keyword)
      if (score === null) continue
      record(literalMatches(text, keyword), label.id, `keyword:${label.id}`, score, null, keyword)
    }
  }

  // A top label's keyword where one of its leaves was suggested on the same sentence says less than
  // the leaf, and would be a second suggestion to reject: left out (a manager's pattern is kept).
  const parentOf = new Map(labels.map((l) => [l.id, l.parentId]))
  const coveredByChild = new Set<string>()
  for (const [key, hit] of hits) {
    const parent = parentOf.get(hit.labelId)
    if (parent) coveredByChild.add(`${key.slice(0, key.lastIndexOf(':'))}:${parent}`)
  }
  const candidates: SuggestionCandidate[] = []
  for (const [key, hit] of hits) {
    if (hit.ref.startsWith('keyword:') && coveredByChild.has(key)) continue
    const [start, end] = key.split(':').map(Number)
    candidates.push({ start, end, labelId: hit.labelId, source: 'rule', score: hit.score, ref: hit.ref })
  }
  candidates.sort((a, b) => a.start - b.start || a.end - b.end || a.labelId.localeCompare(b.labelId))
  return { candidates, skipped }
}

// Validation probes a regex (up to a few hundred ms for a slow one); a job suggesting for thousands of
// documents with the same patterns checks each pattern once per process.
const validated = new Map<string, RuleValidation>()
function validateRulePatternCached(rule: RulePattern): RuleValidation {
  const key = `${rule.kind}\u0000${rule.pattern}`
  let result = validated.get(key)
  if (!result) {
    result = validateRulePattern(rule)
    if (validated.size > 10_000) validated.clear()
    validated.set(key, result)
  }
  return result
}
