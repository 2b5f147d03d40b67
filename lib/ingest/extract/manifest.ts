// A crawler's manifest.csv: one row per file (which file, its URL, any metadata columns), whose values
// win over extraction. Any encoding a text file may have (Excel on Chinese Windows saves GBK).
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import { decodeText } from './encoding'

const fileColumns = ['file', 'filename', 'file_name', 'path', '文件名', '文件', '文件路径']
const urlColumns = ['url', 'link', 'source_url', '链接', '网址', '地址']

const rowsSchema = z.array(z.array(z.string()))

export interface Manifest {
  /** Keyed by the file's path inside the upload (forward slashes) and by its base name. */
  rows: Map<string, Record<string, string>>
  problems: string[]
}

const keyOf = (name: string) => name.trim().replace(/\\/g, '/').replace(/^\.\//, '')

export function parseManifest(bytes: Uint8Array): Manifest {
  const problems: string[] = []
  const rows = new Map<string, Record<string, string>>()
  const decoded = decodeText(bytes, { html: false })
  if (!decoded.ok) return { rows, problems: [`manifest.csv: ${decoded.problem.message}`] }
  let table: string[][]
  try {
    table = rowsSchema.parse(parse(decoded.decoded.text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }))
  } catch (error) {
    return { rows, problems: [`manifest.csv is not valid CSV: ${(error as Error).message}`] }
  }
  if (table.length === 0) return { rows, problems: ['manifest.csv is empty.'] }
  const header = table[0].map((h) => h.trim())
  const lower = header.map((h) => h.toLowerCase())
  const fileIndex = lower.findIndex((h) => fileColumns.includes(h))
  if (fileIndex < 0) {
    return { rows, problems: [`manifest.csv has no column naming the file (one of: ${fileColumns.join(', ')}); its header is: ${header.join(', ')}.`] }
  }
  const urlIndex = lower.findIndex((h) => urlColumns.includes(h))
  const byBase = new Map<string, string>()
  const ambiguous = new Set<string>()
  table.slice(1).forEach((cells, i) => {
    const line = i + 2
    const file = keyOf(cells[fileIndex] ?? '')
    if (!file) {
      problems.push(`manifest.csv line ${line} names no file; it was skipped.`)
      return
    }
    const row: Record<string, string> = {}
    header.forEach((h, c) => {
      if (c === fileIndex || !h) return
      const value = (cells[c] ?? '').trim()
      if (value) row[c === urlIndex ? 'url' : h] = value
    })
    row.file = file
    if (rows.has(file)) {
      problems.push(`manifest.csv names ${file} twice (line ${line} is ignored).`)
      return
    }
    rows.set(file, row)
    const base = path.posix.basename(file)
    if (base !== file) {
      if (byBase.has(base) && byBase.get(base) !== file) ambiguous.add(base)
      else byBase.set(base, file)
    }
  })
  for (const [base, file] of byBase) {
    if (ambiguous.has(base)) {
      problems.push(`manifest.csv has several files named ${base} in different folders; they are matched by their full path only.`)
      continue
    }
    if (!rows.has(base)) rows.set(base, rows.get(file)!)
  }
  return { rows, problems }
}
