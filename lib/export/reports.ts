// A format writes one report per file; with a split there are three. The manifest shows one:
// counts add up, lists join, and settings (the same in every part) are kept once.
import type { FormatReport } from './types'

export function mergeReports(reports: FormatReport[]): FormatReport {
  const merged: FormatReport = {}
  for (const report of reports) {
    for (const [key, value] of Object.entries(report)) {
      const current = merged[key]
      if (current === undefined) merged[key] = Array.isArray(value) ? [...value] : value && typeof value === 'object' ? { ...value } : value
      else if (typeof value === 'number' && typeof current === 'number') merged[key] = current + value
      else if (Array.isArray(value) && Array.isArray(current)) {
        // Settings such as CoNLL's column list are the same in every part: keep them once.
        if (JSON.stringify(value) !== JSON.stringify(current)) merged[key] = [...current, ...value]
      }
      else if (value && typeof value === 'object' && current && typeof current === 'object') merged[key] = mergeReports([current as FormatReport, value as FormatReport])
    }
  }
  return merged
}
