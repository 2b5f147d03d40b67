import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// A server component that hands `component={Link}` to a Mantine component renders a 500: a function
// cannot cross the client boundary. The documents page shipped with one (found by e2e/documents.spec.ts);
// components/ui/links.tsx holds the client-side wrappers to use instead.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.tsx$/.test(entry.name) ? [full] : []
  })
}

describe('server components', () => {
  it('never pass a component (such as next/link) to a client component as a prop', () => {
    const root = path.resolve(import.meta.dirname, '..')
    const offenders = ['app', 'components']
      .flatMap((dir) => sourceFiles(path.join(root, dir)))
      .filter((file) => {
        const source = readFileSync(file, 'utf8')
        return !/^\s*['"]use client['"]/.test(source) && /component=\{[A-Z]\w*\}/.test(source)
      })
      .map((file) => path.relative(root, file))
    expect(offenders).toEqual([])
  })
})
