// A label's guideline in the UI's language, falling back to the other one (issue 13): the demo
// taxonomy has both; a label a manager adds may have only one.
export function guidelineFor(label: { guideline: string; guidelineZh: string }, locale: string): string {
  const [own, other] = locale.startsWith('zh') ? [label.guidelineZh, label.guideline] : [label.guideline, label.guidelineZh]
  return own.trim() !== '' ? own : other
}
