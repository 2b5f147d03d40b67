// The one place the app calls the suggestion engine (lib/suggest, pure, written apart): the services speak in these
// shapes, so a change of the engine's signatures is absorbed here.
import { orderByUncertainty } from '../suggest/active'
import { evaluateSuggestions } from '../suggest/evaluate'
import { PropagationIndex as EnginePropagationIndex } from '../suggest/propagate'
import { SuggestModel, trainModel } from '../suggest/model'
import { suggestByRules, validateRulePattern } from '../suggest/rules'
import type { RuleMatchResult, RulePattern, RuleValidation, SuggestionCandidate, SuggestionSource, SuggestLabel, SuggestModelJson } from '../suggest/types'

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

/** Keyword rules use the keyword records the last training stored (rules.ts keywordStats): low-precision keywords are muted. */
export function ruleCandidates(text: string, labels: SuggestLabel[], patterns: RulePattern[], model?: { weights: unknown } | null): RuleMatchResult {
  return suggestByRules(text, labels, patterns, { keywordStats: (model?.weights as SuggestModelJson | undefined)?.keywordStats })
}

export type TrainOutcome =
  | { ok: true; model: SuggestModelJson }
  | { ok: false; code: 'not_enough_examples'; needed: { tags: number; documents: number }; have: { tags: number; documents: number }; detail: string }

export function train(documents: ApprovedDocument[], labels: SuggestLabel[], version: string): TrainOutcome {
  const result = trainModel(documents, labels, { version })
  return result.ok ? { ok: true, model: result.model } : { ok: false, code: result.code, needed: result.needed, have: result.have, detail: result.detail }
}

/**
 * A stored model ready to score. Building one fills a dense weight array (tens of MB for a big taxonomy), so the last
 * few are kept per project and version (and the labels they were built for).
 */
const models = new Map<string, SuggestModel>()
function scorer(model: { version: number; weights: unknown }, labels: SuggestLabel[]): SuggestModel {
  const key = `${model.version}:${labels.map((l) => `${l.id}>${l.parentId ?? ''}`).join(',')}:${(model.weights as SuggestModelJson).version}`
  let held = models.get(key)
  if (!held) {
    held = new SuggestModel(model.weights as SuggestModelJson, labels)
    if (models.size >= 4) models.delete(models.keys().next().value!)
    models.set(key, held)
  }
  return held
}

export function modelCandidates(model: { version: number; weights: unknown }, text: string, labels: SuggestLabel[]): SuggestionCandidate[] {
  return scorer(model, labels).suggest(text)
}

/** Documents ordered by the model's uncertainty, with diversity (recently worked-on texts push their near-copies down). */
export function rankByUncertainty(model: { version: number; weights: unknown }, labels: SuggestLabel[], documents: { id: string; text: string }[], recent: string[]): string[] {
  return orderByUncertainty(scorer(model, labels), documents, recent).map((d) => d.id)
}

/** The model's own held-out figures (per label, at its threshold), until the engine's evaluation of every source is in. */
export function modelFigures(model: SuggestModelJson): Evaluation['sources'][number] {
  const fits = model.fits.filter((f) => f.threshold !== null)
  const labels = model.fits.map((f) => ({ labelId: f.labelId, precision: f.precision, recall: f.recall, f1: f1Of(f.precision, f.recall), support: f.positives }))
  const weighted = (pick: (f: (typeof fits)[number]) => number | null) => {
    const total = fits.reduce((n, f) => n + f.positives, 0)
    return total > 0 ? fits.reduce((sum, f) => sum + (pick(f) ?? 0) * f.positives, 0) / total : null
  }
  const precision = weighted((f) => f.precision)
  const recall = weighted((f) => f.recall)
  return { source: 'model', overall: { precision, recall, f1: f1Of(precision, recall) }, labels }
}

const f1Of = (p: number | null, r: number | null) => (p === null || r === null ? null : p + r === 0 ? 0 : (2 * p * r) / (p + r))

export type PropagationIndex = EnginePropagationIndex

/** Every approved tag's passage, indexed for near-identical passages elsewhere (rebuilt per run: < 60 s for 2,000 reports). */
export async function buildPropagationIndex(documents: ApprovedDocument[]): Promise<PropagationIndex> {
  return EnginePropagationIndex.build(documents.map((d) => ({ documentId: d.documentId, text: d.text, tags: d.tags.map((t) => ({ tagId: t.id, start: t.start, end: t.end, labelId: t.labelId })) })))
}

export function propagationCandidates(index: PropagationIndex, document: { id: string; text: string }): SuggestionCandidate[] {
  // The engine's extra fields (source passage, support) are for the side-by-side view; the table keeps the source tag as ref.
  return index.propose(document.text, { documentId: document.id }).map((c) => ({ start: c.start, end: c.end, labelId: c.labelId, source: c.source, score: c.score, ref: c.ref }))
}

/**
 * Every source measured by held-out document (the engine's folds by document), at the project's thresholds; the
 * learning curve is F1 of all sources together against the approved tags trained on.
 */
export function evaluateSources(documents: ApprovedDocument[], labels: SuggestLabel[], patterns: RulePattern[], model: SuggestModelJson | null, minScore?: Partial<Record<SuggestionSource, number>>): Evaluation {
  if (documents.length < 2) return { sources: model ? [modelFigures(model)] : [], learningCurve: [] }
  const report = evaluateSuggestions(documents, labels, { patterns, learningCurve: true, minScore })
  const figures = (c: { precision: number | null; recall: number | null; f1: number | null; tp: number; fn: number }) => ({ precision: c.precision, recall: c.recall, f1: c.f1, support: c.tp + c.fn })
  return {
    sources: (['rule', 'model', 'propagation'] as const).map((source) => ({
      source,
      overall: figures(report.bySource[source]),
      labels: report.byLabel[source].map((l) => ({ labelId: l.labelId, ...figures(l) })),
    })),
    learningCurve: report.learningCurve.map((p) => ({ tags: Math.round(p.approvedTags), f1: p.combined.f1 })),
  }
}
