// The import fixture set (tests/fixtures/import/, README there): every fixture read as the importer
// reads it (no database), each field compared with what was read by hand from its source.
// `npm run eval:import` prints the same comparison as figures.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeMismatch, fixtureDir, fixturePath, gradeFixture, loadExpectations } from '../../tests/fixtures/import/fixture-set'

const expectations = loadExpectations()

describe('the import fixture set', () => {
  it('has a hand-read expectation for every built file, and a file for every expectation', () => {
    const expected = new Set(expectations.map((e) => e.file))
    for (const built of readdirSync(path.join(fixtureDir, 'files'))) expect(expected.has(built), built).toBe(true)
    for (const file of expected) expect(() => fixturePath(file), file).not.toThrow()
    expect(expected.size).toBeGreaterThanOrEqual(36)
  })

  it('covers every format the importer reads, refusals and warnings included', () => {
    const formats = new Set(expectations.map((e) => e.format))
    expect([...formats].sort()).toEqual(['docx', 'html', 'pdf', 'text'])
    expect(expectations.some((e) => e.refused === 'pdf_no_text_layer')).toBe(true)
    const warned = new Set(expectations.flatMap((e) => ('warnings' in e ? e.warnings : [])))
    for (const code of ['not_a_report', 'traditional_script', 'report_year_guessed']) expect(warned.has(code), code).toBe(true)
  })
})

describe.each(expectations.map((e) => [e.file, e] as const))('%s', (file, expectation) => {
  it(`reads every field as a careful reader does (${expectation.covers})`, async () => {
    const results = await gradeFixture(expectation)
    expect(results.length).toBeGreaterThan(0)
    const wrong = results.filter((r) => !r.ok).map((r) => describeMismatch(file, r))
    expect(wrong).toEqual([])
  })
})
