// The contract between the suggestion engine (lib/suggest/: rules, model, propagation, evaluation; pure, no
// database) and the app that stores, serves and draws suggestions (lib/services/suggestions.ts, jobs, API).
// Offsets are code points into the document's text, half-open [start, end), as everywhere (docs/architecture.md).

export type SuggestionSource = 'rule' | 'model' | 'propagation'

/** A label as the engine sees it: only live labels (archived ones are left out; merged ones resolved by the caller). */
export interface SuggestLabel {
  id: string
  /** "top/leaf" or "top", as in exports. */
  path: string
  parentId: string | null
  keywords: string[]
}

/** A manager-written rule: a literal string or a regular expression, optionally with a second condition on the sentence. */
export interface RulePattern {
  id: string
  labelId: string
  kind: 'literal' | 'regex'
  pattern: string
  /** The sentence must also contain this literal string. */
  mustAlsoContain?: string | null
}

/** A passage the engine proposes; the app turns it into a stored Suggestion. */
export interface SuggestionCandidate {
  start: number
  end: number
  labelId: string
  source: SuggestionSource
  /** 0..1; comparable within a source (a probability for the model, a similarity for propagation). */
  score: number
  /** The rule pattern id (or `keyword:<labelId>`), the model version, or the source tag id. */
  ref: string
}

/** An approved tag as training and evaluation data. */
export interface GoldSpan {
  start: number
  end: number
  labelId: string
}

export interface GoldDocument {
  documentId: string
  text: string
  tags: GoldSpan[]
}

// ── Rules (lib/suggest/rules.ts) ─────────────────────────────────────────────────────────────

/**
 * Why a rule pattern is refused (on save) or skipped (while matching). The app maps each code to a
 * message key (`suggest.rule.<code>`) so that the manager reads a sentence in their language.
 */
export type RuleRefusalCode =
  /** Empty, or only whitespace. */
  | 'pattern_empty'
  /** Longer than MAX_PATTERN_LENGTH code points. */
  | 'pattern_too_long'
  /** The regular expression does not compile (with the `u` flag). */
  | 'regex_invalid'
  /** It matches the empty string: it would suggest every sentence. */
  | 'regex_matches_empty'
  /** Nested unbounded quantifiers such as `(a+)+`, or slow on a probe text: catastrophic backtracking. */
  | 'regex_catastrophic'
  /** While matching: it ran past the time limit on this document, so it was stopped and skipped. */
  | 'regex_timeout'

export type RuleValidation = { ok: true } | { ok: false; code: RuleRefusalCode; /** English, for logs and scripts. */ detail: string }

export interface RuleMatchResult {
  candidates: SuggestionCandidate[]
  /** Patterns that could not run on this text (refused or stopped at the time limit), with the reason. */
  skipped: { patternId: string; code: RuleRefusalCode }[]
}

// ── Model (lib/suggest/model.ts) ─────────────────────────────────────────────────────────────

/** Why training produced no model. */
export type TrainRefusalCode =
  /** Fewer approved tags (or documents) than training needs: `needed` says how many. */
  'not_enough_examples'

/** How the held-out documents judged one label's classifier, at its chosen threshold. */
export interface LabelFit {
  labelId: string
  /** Units (sentences) in the training documents that are examples of the label. */
  positives: number
  /** The probability a suggestion must reach; null: no threshold reached the target precision on held-out documents, so the model does not suggest this label yet. */
  threshold: number | null
  /** On held-out documents at that threshold (null without a threshold). */
  precision: number | null
  recall: number | null
  /** Why the label has no classifier or no threshold. */
  note?: 'too_few_examples' | 'target_precision_not_reached'
}

/**
 * A trained model as JSON (the app stores it as is): per label a linear classifier over hashed
 * character n-grams, with its threshold. `weights` is base64 of little-endian pairs (uint32 feature id,
 * float32 weight), only the weights that matter (docs/decisions/0027).
 */
export interface SuggestModelJson {
  format: 'tagbench-suggest-model-1'
  version: string
  trainedAt: string
  hashBits: number
  maxNgram: number
  targetPrecision: number
  documents: number
  approvedTags: number
  labels: { labelId: string; bias: number; threshold: number | null; weights: string }[]
  fits: LabelFit[]
  /**
   * How often each label keyword's sentence was tagged with the keyword's label in the approved data
   * (rules.ts keywordStats): the rules mute a keyword that is known to be wrong more often than right.
   * Absent in models trained before it was added.
   */
  keywordStats?: KeywordStat[]
}

/** One label keyword on the approved documents: sentences it matched in, and how many of them carry its label. */
export interface KeywordStat {
  labelId: string
  keyword: string
  matched: number
  right: number
}

export type TrainResult =
  | { ok: true; model: SuggestModelJson; /** Milliseconds, for the app's log. */ trainingMs: number }
  | {
      ok: false
      code: TrainRefusalCode
      /** Approved tags (and documents with one) the training needs at least, and has. */
      needed: { tags: number; documents: number }
      have: { tags: number; documents: number }
      detail: string
    }

// ── Propagation (lib/suggest/propagate.ts) ───────────────────────────────────────────────────

/** An approved tag that propagation may carry to near-identical passages elsewhere. */
export interface SourceTag extends GoldSpan {
  tagId: string
}

export interface SourceDocument {
  documentId: string
  text: string
  tags: SourceTag[]
}

export interface PropagationCandidate extends SuggestionCandidate {
  source: 'propagation'
  /** `ref` is the source tag's id; this is its document. */
  sourceDocumentId: string
  /** The source passage (the sentences around the source tag), for the side-by-side diff. */
  sourceStart: number
  sourceEnd: number
  /** How many approved tags with this label, on passages this one matched, propose the same span. */
  support: number
}
