// The sentences of refusals: every message key the code uses has a sentence in both languages, the two
// files hold the same keys with the same placeholders, and every domain error in lib/ and app/ carries a key.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import en from '../../messages/api-errors.en.json'
import zh from '../../messages/api-errors.zh-CN.json'

const root = path.resolve(import.meta.dirname, '../..')

type Tree = { [name: string]: string | Tree }
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + name, value)
    else for (const [k, v] of flatten(value, `${prefix}${name}.`)) out.set(k, v)
  }
  return out
}
const english = flatten(en as Tree)
const chinese = flatten(zh as Tree)

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.parentPath.includes('generated'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
}
const files = ['lib', 'app', 'components'].flatMap(sourceFiles)
const sources = new Map(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]))

function placeholders(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue
    out.add(e.value)
    if (e.type === TYPE.select || e.type === TYPE.plural) for (const option of Object.values(e.options)) placeholders(option.value, out)
    if (e.type === TYPE.tag) placeholders(e.children, out)
  }
  return out
}

describe('api-errors message files', () => {
  it('hold the same keys in English and Chinese', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort())
  })

  it('hold valid ICU messages, the Chinese ones in Chinese and with no placeholder the English lacks', () => {
    for (const [key, sentence] of english) {
      const theirs = chinese.get(key) ?? ''
      // Chinese needs no plural forms, so it may leave out a count; it may not use a value the code does not send.
      const ours = placeholders(parse(sentence))
      expect([...placeholders(parse(theirs))].filter((name) => !ours.has(name)), key).toEqual([])
      expect(theirs, key).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('have a sentence for every message key the code uses', () => {
    // Message keys are area.name (a keymap's `key: 'j'` is not one).
    const used = new Map<string, string>()
    for (const [file, text] of sources) for (const match of text.matchAll(/\b(?:key|messageKey): '([a-z]+\.[A-Za-z.]+)'/g)) used.set(match[1], file)
    expect(used.size).toBeGreaterThan(50)
    const missing = [...used].filter(([key]) => !english.has(key) || !chinese.has(key)).map(([key, file]) => `${key} (${file})`)
    expect(missing).toEqual([])
  })
})

describe('domain errors', () => {
  // The rules slice keys the errors of lib/auth/permissions.ts at the same time (issue #10).
  const keyedElsewhere = new Set(['lib/auth/permissions.ts'])

  /** The text of each call `name(…)`: parentheses counted outside strings (template literals nest). */
  function calls(text: string, pattern: RegExp): string[] {
    const out: string[] = []
    for (const match of text.matchAll(pattern)) {
      let depth = 0
      // What the scanner is inside: code (with its brace depth, for `${…}`), a template, or a quoted string.
      const stack: ({ in: 'code'; braces: number } | { in: 'template' } | { in: 'quote'; quote: string })[] = [{ in: 'code', braces: 0 }]
      let i = match.index + match[0].length - 1
      for (; i < text.length; i++) {
        const c = text[i]
        const top = stack[stack.length - 1]
        if (top.in === 'quote') {
          if (c === '\\') i++
          else if (c === top.quote) stack.pop()
        } else if (top.in === 'template') {
          if (c === '\\') i++
          else if (c === '`') stack.pop()
          else if (c === '$' && text[i + 1] === '{') {
            stack.push({ in: 'code', braces: 0 })
            i++
          }
        } else if (c === "'" || c === '"') stack.push({ in: 'quote', quote: c })
        else if (c === '`') stack.push({ in: 'template' })
        else if (c === '{') top.braces++
        else if (c === '}') {
          if (top.braces === 0 && stack.length > 1) stack.pop()
          else top.braces--
        } else if (c === '(') depth++
        else if (c === ')' && --depth === 0 && stack.length === 1) break
      }
      out.push(text.slice(match.index, i + 1))
    }
    return out
  }

  it('carry a message key wherever lib/ and app/ create one', () => {
    const unkeyed: string[] = []
    for (const [file, text] of sources) {
      if (file === 'lib/errors.ts' || keyedElsewhere.has(file) || !/from '(\.\.?\/)+errors'|from '@\/lib\/errors'/.test(text)) continue
      for (const call of calls(text, /\b(?:invalid|forbidden|notFound|conflict|rateLimited|unauthenticated|new DomainError)\(/g)) {
        // unauthenticated() without arguments has its default key; notFound() without one is Next's (a 404 page);
        // `key: problem.key` passes on a Translatable whose literal keys the rule's own file spells.
        if (call === 'unauthenticated()' || call === 'notFound()' || /\bkey: ('|\w+\.key\b)/.test(call)) continue
        unkeyed.push(`${file}: ${call.slice(0, 90)}`)
      }
    }
    expect(unkeyed).toEqual([])
  })
})
