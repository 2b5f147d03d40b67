import { describe, expect, it } from 'vitest'
import { guidelineFor } from './guideline'

describe('guidelineFor', () => {
  const both = { guideline: 'Tag the decision.', guidelineZh: '标注决策。' }
  it('gives the guideline of the UI language', () => {
    expect(guidelineFor(both, 'zh-CN')).toBe('标注决策。')
    expect(guidelineFor(both, 'en')).toBe('Tag the decision.')
  })
  it('falls back to the other language when its own is empty or blank', () => {
    expect(guidelineFor({ guideline: 'Only English.', guidelineZh: '  ' }, 'zh-CN')).toBe('Only English.')
    expect(guidelineFor({ guideline: '', guidelineZh: '只有中文。' }, 'en')).toBe('只有中文。')
  })
})
