// Each benchmark owns a block of BENCHMARKS.md between two marker comments and rewrites only that.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** Puts `block` between the marks of bench `name` (e.g. "export"), adding a section titled `title` when the marks are missing. Returns the file written. */
export function writeBenchmarkFigures(name: string, title: string, block: string): string {
  const start = `<!-- bench:${name} figures: written by \`npm run bench:${name}\`; edit outside these marks -->`
  const end = `<!-- end of bench:${name} figures -->`
  const file = path.resolve('BENCHMARKS.md')
  let text = readFileSync(file, 'utf8')
  const marked = `${start}\n${block}\n${end}`
  const a = text.indexOf(start)
  const b = text.indexOf(end)
  if (a >= 0 && b > a) text = text.slice(0, a) + marked + text.slice(b + end.length)
  else text = `${text.trimEnd()}\n\n## ${title} (\`npm run bench:${name}\`)\n\n${marked}\n`
  writeFileSync(file, text)
  return file
}
