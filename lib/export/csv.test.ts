// spans.csv is written by a fast path (csvRecords) that must stay byte-identical to csv-stringify
// with escape_formulas, the library it stands in for: this pins the two together across upgrades.
import { stringify } from 'csv-stringify/sync'
import { describe, expect, it } from 'vitest'
import { csvRecords } from './engine'

const tricky: unknown[][] = [
  ['=SUM(A1:A2)', '+86 10', '-5', '@cmd', '\tindented', '\rcarriage', '＝全角', '＋全角', '－全角', '＠全角'],
  ['plain', 'with,comma', 'with "quote"', 'line\nbreak', 'crlf\r\nend', '=a,"b"\nc', '', null, undefined, 0],
  [-3, 2019, 12.5, '中文，逗号', '𠮷野家😀', "it's", '"', ',', '\n', '-'],
]

describe('csvRecords', () => {
  it('writes exactly what csv-stringify writes with escape_formulas', () => {
    expect(csvRecords(tricky)).toBe(stringify(tricky, { escape_formulas: true }))
  })

  it('neutralises formula starts and leaves numbers alone', () => {
    const [line] = csvRecords([['=1+1', -1, '-1', '@x']]).split('\n')
    expect(line).toBe("'=1+1,-1,'-1,'@x")
  })

  it('hands values it does not know to csv-stringify', () => {
    const records = [['a', true, new Date(Date.UTC(2026, 0, 2))]]
    expect(csvRecords(records)).toBe(stringify(records, { escape_formulas: true }))
  })
})
