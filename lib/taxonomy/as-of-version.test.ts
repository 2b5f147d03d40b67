import { describe, expect, it } from 'vitest'
import { type LabelState, type TaxonomyEventRow, tagLabelsAsOfVersion, taxonomyAsOfVersion } from './as-of-version'

const label = (id: string, name: string, parentId: string | null = null, extra: Partial<LabelState> = {}): LabelState => ({
  id,
  parentId,
  name,
  en: '',
  color: '#2563eb',
  shortcut: null,
  guideline: '',
  guidelineZh: '',
  keywords: [],
  order: 0,
  archived: false,
  aliasOfId: null,
  ...extra,
})
const fields = ({ id: _id, ...rest }: LabelState) => rest

// History: v2 renames 决策 → 重大决策; v3 creates 后评估 under it; v4 moves 审查 under 营商;
// v5 archives 营商 (and 审查 with it); v6 merges 旧 into 重大决策; v7 deletes 空.
const top = label('top', '决策')
const biz = label('biz', '营商', null, { order: 1 })
const review = label('review', '审查', 'top')
const old = label('old', '旧', null, { order: 2 })
const empty = label('empty', '空', null, { order: 3 })
const events: TaxonomyEventRow[] = [
  { version: 2, action: 'edited', labelId: 'top', before: fields(top), after: fields({ ...top, name: '重大决策' }) },
  { version: 3, action: 'created', labelId: 'eval', before: null, after: {} },
  { version: 4, action: 'moved', labelId: 'review', before: fields(review), after: fields({ ...review, parentId: 'biz' }) },
  { version: 5, action: 'archived', labelId: 'biz', before: fields(biz), after: fields({ ...biz, archived: true }) },
  { version: 6, action: 'merged', labelId: 'old', before: fields(old), after: { ...fields({ ...old, archived: true, aliasOfId: 'top' }), into: { id: 'top' } } },
  { version: 7, action: 'deleted', labelId: 'empty', before: fields(empty), after: null },
]
const now: LabelState[] = [
  label('top', '重大决策'),
  label('eval', '后评估', 'top', { order: 1 }),
  label('biz', '营商', null, { order: 1, archived: true }),
  label('review', '审查', 'biz', { archived: true }),
  label('old', '旧', null, { order: 2, archived: true, aliasOfId: 'top' }),
]

const paths = (version: number) => Object.fromEntries(taxonomyAsOfVersion(now, events, version).labels.map((l) => [l.id, `${l.path.join('/')}${l.archived ? ' (archived)' : ''}`]))

describe('the taxonomy as of a version', () => {
  it('is the taxonomy as it is now at the current version', () => {
    expect(paths(7)).toEqual({ top: '重大决策', eval: '重大决策/后评估', biz: '营商 (archived)', review: '营商/审查 (archived)', old: '旧 (archived)' })
  })

  it('takes back every change after the version, newest first', () => {
    expect(paths(1)).toEqual({ top: '决策', review: '决策/审查', biz: '营商', old: '旧', empty: '空' })
    expect(paths(2)).toEqual({ top: '重大决策', review: '重大决策/审查', biz: '营商', old: '旧', empty: '空' })
    // At v4 审查 sits under 营商, not archived yet; at v5 it went into the archive with its parent.
    expect(paths(4)).toMatchObject({ review: '营商/审查', biz: '营商' })
    expect(paths(5)).toMatchObject({ review: '营商/审查 (archived)', biz: '营商 (archived)', old: '旧' })
    expect(paths(6)).toMatchObject({ old: '旧 (archived)', empty: '空' })
    expect(taxonomyAsOfVersion(now, events, 5).byId.get('old')?.aliasOfId).toBeNull()
  })

  it('treats an undo like any other change: its `before` is the label before the undo', () => {
    // v8 undoes the v7 delete: the label is back now; at v7 it did not exist.
    const withUndo = [...events, { version: 8, action: 'undone', labelId: 'empty', before: null, after: { ...fields(empty), undid: 7 } }]
    const current = [...now, empty]
    expect(taxonomyAsOfVersion(current, withUndo, 8).byId.has('empty')).toBe(true)
    expect(taxonomyAsOfVersion(current, withUndo, 7).byId.has('empty')).toBe(false)
    expect(taxonomyAsOfVersion(current, withUndo, 6).byId.get('empty')?.path).toEqual(['空'])
  })
})

describe("a tag's label as of a version", () => {
  it('is the label before its first taxonomy relabel after the version', () => {
    const relabels = [
      { tagId: 't1', fromLabelId: 'old', taxonomyVersion: 6 },
      { tagId: 't1', fromLabelId: 'top', taxonomyVersion: 9 },
      { tagId: 't2', fromLabelId: 'a', taxonomyVersion: 3 },
    ]
    expect(Object.fromEntries(tagLabelsAsOfVersion(relabels, 5))).toEqual({ t1: 'old' })
    expect(Object.fromEntries(tagLabelsAsOfVersion(relabels, 6))).toEqual({ t1: 'top' })
    expect(Object.fromEntries(tagLabelsAsOfVersion(relabels, 2))).toEqual({ t1: 'old', t2: 'a' })
    expect(tagLabelsAsOfVersion(relabels, 9).size).toBe(0)
  })
})
