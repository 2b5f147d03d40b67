// npm run eval:import [-- --json]
// Reads every file of the import fixture set (tests/fixtures/import/) the way the importer does —
// extraction, then metadata; no database, no server — and compares what it finds with what a careful
// reader wrote down by hand (tests/fixtures/import/expected.json). Prints, per field and per format,
// how many fixtures got it right, then every mismatch. A measurement, not a gate: it exits 0.
import { parseArgs } from 'node:util'
import {
  FIELDS,
  describeMismatch,
  formatGroup,
  gradeFixture,
  loadExpectations,
  type Field,
  type FieldResult,
  type FormatGroup,
} from '../tests/fixtures/import/fixture-set'

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } })

const expectations = loadExpectations()
const graded: { file: string; group: FormatGroup; results: FieldResult[] }[] = []
for (const e of expectations) graded.push({ file: e.file, group: formatGroup(e), results: await gradeFixture(e) })

const perField = FIELDS.map((field) => {
  const rs = graded.flatMap((g) => g.results.filter((r) => r.field === field))
  return { field, right: rs.filter((r) => r.ok).length, of: rs.length }
})
const groups: FormatGroup[] = ['html-utf8', 'html-gbk', 'html-utf16', 'docx', 'pdf', 'txt']
const perFormat = groups.map((group) => {
  const gs = graded.filter((g) => g.group === group)
  const rs = gs.flatMap((g) => g.results)
  return { format: group, fixtures: gs.length, fixturesAllRight: gs.filter((g) => g.results.every((r) => r.ok)).length, fieldsRight: rs.filter((r) => r.ok).length, fields: rs.length }
})
const mismatches = graded.flatMap((g) => g.results.filter((r) => !r.ok).map((r) => ({ file: g.file, field: r.field as Field, expected: r.expected, got: r.got })))
const all = graded.flatMap((g) => g.results)
const totals = { fixtures: graded.length, fixturesAllRight: graded.filter((g) => g.results.every((r) => r.ok)).length, fieldsRight: all.filter((r) => r.ok).length, fields: all.length }

if (values.json) {
  console.log(JSON.stringify({ totals, perField, perFormat, mismatches }, null, 2))
} else {
  const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((a / b) * 100)} %`)
  console.log(`Import fixture set: ${totals.fixtures} fixtures, ${totals.fixturesAllRight} with every field right; ${totals.fieldsRight} of ${totals.fields} fields right (${pct(totals.fieldsRight, totals.fields)}).\n`)
  console.log('| field | right | of | |\n|---|---|---|---|')
  for (const f of perField) console.log(`| ${f.field} | ${f.right} | ${f.of} | ${pct(f.right, f.of)} |`)
  console.log('\n| format | fixtures | every field right | fields right | of | |\n|---|---|---|---|---|---|')
  for (const f of perFormat) console.log(`| ${f.format} | ${f.fixtures} | ${f.fixturesAllRight} | ${f.fieldsRight} | ${f.fields} | ${pct(f.fieldsRight, f.fields)} |`)
  console.log(mismatches.length === 0 ? '\nNo mismatches.' : `\nMismatches (${mismatches.length}):`)
  for (const g of graded) for (const r of g.results) if (!r.ok) console.log(`- ${describeMismatch(g.file, r)}`)
}
