import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { commandOf, keyOf, shownKeys, workbenchKeymap, type KeyPress } from './keymap'

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods })

describe('the workbench keymap', () => {
  it('resolves the keys of the workbench to their commands', () => {
    expect(commandOf(press('j'))).toBe('nextSentence')
    expect(commandOf(press('J'))).toBe('extendSentence')
    expect(commandOf(press('3'))).toBe('label')
    expect(commandOf(press('Enter'))).toBe('repeatLabel')
    expect(commandOf(press('Escape'))).toBe('escape')
    expect(commandOf(press('Backspace'))).toBe('delete')
    expect(commandOf(press('a'))).toBe('approve')
    expect(commandOf(press('?'))).toBe('help')
  })

  it('reads Ctrl+Z (with or without Shift) as undo and leaves every other Ctrl key alone', () => {
    expect(commandOf(press('z', { ctrlKey: true }))).toBe('undo')
    expect(commandOf(press('Z', { ctrlKey: true }))).toBe('undo')
    expect(commandOf(press('j', { ctrlKey: true }))).toBeNull()
    expect(commandOf(press('c', { ctrlKey: true }))).toBeNull()
  })

  it('leaves Cmd and Alt combinations and unbound keys to the browser', () => {
    expect(commandOf(press('z', { metaKey: true }))).toBeNull()
    expect(commandOf(press('j', { altKey: true }))).toBeNull()
    expect(commandOf(press('0'))).toBeNull()
    expect(commandOf(press('q'))).toBeNull()
  })

  it('gives every help row keys to show and a sentence in both languages', () => {
    for (const locale of ['en', 'zh-CN']) {
      const messages = JSON.parse(readFileSync(path.join(import.meta.dirname, `../../messages/${locale}.json`), 'utf8')) as { annotate: { keys: Record<string, string> } }
      for (const group of workbenchKeymap) {
        expect(messages.annotate.keys[group.title], `${locale}: annotate.keys.${group.title}`).toBeTruthy()
        for (const row of group.rows) {
          expect(messages.annotate.keys[row.help], `${locale}: annotate.keys.${row.help}`).toBeTruthy()
          expect(shownKeys(row).length).toBeGreaterThan(0)
        }
      }
    }
  })

  it('shows Escape as Esc and the digit row as two label keys', () => {
    const rows = workbenchKeymap.flatMap((g) => g.rows)
    expect(shownKeys(rows.find((r) => r.help === 'esc')!)).toEqual(['Esc'])
    expect(shownKeys(rows.find((r) => r.help === 'digits')!)).toEqual(['1–9', '1–9'])
    expect(shownKeys(rows.find((r) => r.help === 'jk')!)).toEqual(['j', 'k'])
  })

  it('names the key of a command for its button', () => {
    expect(keyOf('approve')).toBe('a')
    expect(keyOf('sendBack')).toBe('b')
    expect(keyOf('undo')).toBe('u')
  })
})
