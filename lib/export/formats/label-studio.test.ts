import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { labelStudioConfig, labelStudioFormat } from './label-studio'
import { corpus, pythonCheck, readFixture, spanCount, writeCorpus } from './test-corpus'

/** Parses the XML with Python's parser and returns each Label's value and background. */
function parseConfig(xml: string): { value: string; background: string }[] {
  const script = 'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nprint(json.dumps([l.attrib for l in root.iter("Label")]))'
  const result = spawnSync('python3', ['-c', script], { input: xml, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`Python could not parse the config: ${result.stderr}`)
  return JSON.parse(result.stdout)
}

describe('label-studio format', () => {
  it('writes the corpus byte for byte as the expected file', () => {
    expect(writeCorpus(labelStudioFormat).output).toBe(readFixture('corpus.label-studio.json'))
  })

  it("has every result's text at its offsets in Python (code points)", () => {
    expect(pythonCheck('label-studio', writeCorpus(labelStudioFormat).output)).toBe(spanCount)
  })

  it('gives each annotator an annotation of their own, and a document without spans none', () => {
    const { output, writer } = writeCorpus(labelStudioFormat)
    const tasks = JSON.parse(output)
    expect(tasks).toHaveLength(corpus.length)
    expect(writer.records()).toBe(corpus.length)
    expect(tasks[0].data.annotators).toEqual(['ann-a@unit.test', 'ann-b@unit.test'])
    expect(tasks[0].annotations.map((a: { result: unknown[] }) => a.result.length)).toEqual([8, 1])
    expect(tasks[0].annotations[1].result[0]).toEqual({ id: 'd1-s08', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 17, end: 21, text: '记录；决', labels: ['重大行政决策'] } })
    expect(tasks[1].annotations).toEqual([])
  })

  it('is a valid JSON array with no documents and with one', () => {
    expect(JSON.parse(writeCorpus(labelStudioFormat, {}, []).output)).toEqual([])
    expect(JSON.parse(writeCorpus(labelStudioFormat, {}, [corpus[1]]).output)).toHaveLength(1)
  })

  it('names its files per split part', () => {
    expect(labelStudioFormat.fileName(null)).toBe('corpus.label-studio.json')
    expect(labelStudioFormat.fileName('train')).toBe('train.label-studio.json')
  })
})

describe('labelStudioConfig', () => {
  it('lists every label path with its colour, tied to the results\' from_name and to_name', () => {
    const xml = labelStudioConfig([
      { path: '三项制度', color: '#2563eb' },
      { path: '三项制度/执法全过程记录制度', color: '#16a34a' },
    ])
    expect(xml).toContain('<Labels name="label" toName="text">')
    expect(xml).toContain('<Text name="text" value="$text"/>')
    expect(parseConfig(xml)).toEqual([
      { value: '三项制度', background: '#2563eb' },
      { value: '三项制度/执法全过程记录制度', background: '#16a34a' },
    ])
  })

  it('escapes names so that an XML parser reads back exactly the label path', () => {
    const labels = [
      { path: 'R&D <"研发">', color: '#000' },
      { path: "公民's 权利 & 义务", color: '"><x y="' },
      { path: '含\t制表符/含\n换行\r', color: '#fff' },
    ]
    const xml = labelStudioConfig(labels)
    expect(xml).not.toContain('<x ')
    expect(parseConfig(xml)).toEqual(labels.map((l) => ({ value: l.path, background: l.color })))
  })
})
