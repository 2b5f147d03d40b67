// What a taxonomy change does to the agreement figures (issue 13's impact preview): the dashboard's
// figures (lib/review/agreement.ts over every document two or more annotators tagged) computed
// with the label paths as they are and as they would be after the change, and the labels whose
// figures differ. A merge puts A's tags under B's path, a move changes the top label of a label's
// tags; an archive changes nothing (archived labels' tags stay in the figures). Pure.
import { computeAgreement, type AgreementDocument, type Level, type LevelSummary } from '../review/agreement'

export interface ImpactTag {
  documentId: string
  authorId: string
  labelId: string
  start: number
  end: number
}

export interface Figures {
  pairs: number
  kappa: number | null
  overlapF1: number
  exactF1: number
}

export interface AgreementChange {
  level: Level
  macroKappaBefore: number | null
  macroKappaAfter: number | null
  /** Labels (a top label at 'top', a full path at 'leaf') whose figures change; null: the label has no figures on that side. */
  labels: { label: string; before: Figures | null; after: Figures | null }[]
}

export interface AgreementImpact {
  /** Documents two or more annotators tagged: the ones the figures are computed over. */
  documents: number
  levels: AgreementChange[]
}

type PathOf = (labelId: string) => string[]

function documentsOf(lengths: ReadonlyMap<string, number>, tags: readonly ImpactTag[], pathOf: PathOf): AgreementDocument[] {
  const byDocument = new Map<string, AgreementDocument>()
  for (const t of tags) {
    const length = lengths.get(t.documentId)
    if (length === undefined) continue
    let doc = byDocument.get(t.documentId)
    if (!doc) byDocument.set(t.documentId, (doc = { id: t.documentId, length, annotations: new Map() }))
    const spans = doc.annotations.get(t.authorId) ?? []
    spans.push({ start: t.start, end: t.end, labelPath: pathOf(t.labelId) })
    doc.annotations.set(t.authorId, spans)
  }
  return [...byDocument.values()].filter((d) => d.annotations.size >= 2)
}

const figures = (summary: LevelSummary) =>
  new Map(summary.labels.map((l) => [l.label, { pairs: l.pairs, kappa: l.kappa, overlapF1: l.overlapF1, exactF1: l.exactF1 } satisfies Figures]))

const same = (a: Figures | null, b: Figures | null) => JSON.stringify(a) === JSON.stringify(b)

/** The figures before and after: `pathAfter` is each label's path once the change is made. Null when no document has two annotators. */
export function agreementImpact(lengths: ReadonlyMap<string, number>, tags: readonly ImpactTag[], pathBefore: PathOf, pathAfter: PathOf): AgreementImpact | null {
  const before = computeAgreement(documentsOf(lengths, tags, pathBefore))
  if (before.levels[0].pairs.length === 0) return null
  const after = computeAgreement(documentsOf(lengths, tags, pathAfter))
  return {
    documents: documentsOf(lengths, tags, pathBefore).length,
    levels: before.levels.map((level, i) => {
      const was = figures(level.summary)
      const will = figures(after.levels[i].summary)
      const names = [...new Set([...was.keys(), ...will.keys()])].sort()
      return {
        level: level.level,
        macroKappaBefore: level.summary.macro.kappa,
        macroKappaAfter: after.levels[i].summary.macro.kappa,
        labels: names.filter((n) => !same(was.get(n) ?? null, will.get(n) ?? null)).map((n) => ({ label: n, before: was.get(n) ?? null, after: will.get(n) ?? null })),
      }
    }),
  }
}
