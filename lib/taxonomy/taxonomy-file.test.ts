import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseTaxonomyFile, planImport, type ExistingLabel } from './taxonomy-file'

const demo = JSON.parse(readFileSync(path.resolve('seeds/corpus/taxonomy.json'), 'utf8'))

describe('parseTaxonomyFile', () => {
  it('reads the demo taxonomy: every label by path, with both guidelines and keys', () => {
    const parsed = parseTaxonomyFile(demo)
    if (!parsed.ok) throw new Error(parsed.problem)
    const count = demo.labels.reduce((n: number, l: { children: unknown[] }) => n + 1 + l.children.length, 0)
    expect(parsed.labels).toHaveLength(count)
    expect(parsed.labels[0]).toMatchObject({ path: [demo.labels[0].name], shortcut: '1', guidelineZh: demo.labels[0].guideline_zh })
    expect(parsed.labels[1].path).toEqual([demo.labels[0].name, demo.labels[0].children[0].name])
  })

  it('reads a Tagbench export manifest, leaving archived labels out', () => {
    const parsed = parseTaxonomyFile({ tagbench_export: 1, taxonomy: { labels: [{ path: ['三项制度'], shortcut: '2' }, { path: ['三项制度', '旧'], archived: true }] } })
    expect(parsed).toEqual({ ok: true, labels: [expect.objectContaining({ path: ['三项制度'], shortcut: '2' })] })
  })

  it('says where a file is wrong, in one sentence', () => {
    expect(parseTaxonomyFile({ labels: [] })).toEqual({ ok: false, problem: 'labels: must hold at least one label' })
    expect(parseTaxonomyFile({ labels: [{ name: 'a/b' }] })).toMatchObject({ ok: false, problem: expect.stringContaining('labels.0.name') })
    expect(parseTaxonomyFile({ labels: [{ name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] }] })).toMatchObject({ ok: false, problem: expect.stringContaining('two levels') })
    expect(parseTaxonomyFile({ labels: [{ name: 'a' }, { name: 'a' }] })).toEqual({ ok: false, problem: 'labels.1.name: “a” is already the name of a sibling label' })
    expect(parseTaxonomyFile('not json object')).toMatchObject({ ok: false })
  })
})

describe('planImport', () => {
  const existing: ExistingLabel[] = [
    { id: 't', path: ['决策'], en: 'Decisions', guideline: 'old', guidelineZh: '', keywords: [], archived: false },
    { id: 's', path: ['决策', '审查'], en: '', guideline: '', guidelineZh: '', keywords: ['审查'], archived: true },
  ]
  it('adds what is new, changes texts that differ, keeps what the file leaves empty, and removes nothing', () => {
    const parsed = parseTaxonomyFile({ labels: [{ name: '决策', en: 'Decisions', guideline: 'new', children: [{ name: '审查', keywords: ['审查'] }, { name: '评估' }] }] })
    if (!parsed.ok) throw new Error(parsed.problem)
    const plan = planImport(existing, parsed.labels)
    expect(plan.add.map((l) => l.path.join('/'))).toEqual(['决策/评估'])
    expect(plan.change).toEqual([{ id: 't', path: ['决策'], fields: { guideline: 'new' } }])
    expect(plan.archived).toEqual([['决策', '审查']])
    expect(plan.unchanged).toBe(1)
  })
})
