'use client'

import { stringify } from 'csv-stringify/browser/esm/sync'

/** Saves the figures a view shows as a CSV file (UTF-8 with a BOM so that Excel reads the Chinese; formulas escaped). */
export function downloadCsv(name: string, rows: unknown[][]) {
  const blob = new Blob([stringify(rows, { bom: true, escape_formulas: true })], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  URL.revokeObjectURL(a.href)
}
