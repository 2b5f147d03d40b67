import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { safeEntryPath, unpackZip, type ZipItem } from './zip'
import { encodeGbk, zipOf } from './test-helpers'

const dir = mkdtempSync(path.join(tmpdir(), 'unpack-'))
let n = 0
function save(bytes: Buffer): string {
  const file = path.join(dir, `z${n++}.zip`)
  writeFileSync(file, bytes)
  return file
}
/** yazl refuses unsafe names (rightly); the same bytes, renamed in place, make the archive a crafted one would be. */
function rename(zip: Buffer, from: string, to: Buffer): Buffer {
  const out = Buffer.from(zip)
  const needle = Buffer.from(from, 'latin1')
  expect(to.length).toBe(needle.length)
  for (let i = out.indexOf(needle); i >= 0; i = out.indexOf(needle, i + 1)) to.copy(out, i)
  return out
}
/** Clears the UTF-8 flag (bit 11) in every local and central header, as Windows' own zip tool leaves it. */
function withoutUtf8Flag(zip: Buffer): Buffer {
  const out = Buffer.from(zip)
  for (const [signature, at] of [[Buffer.from([0x50, 0x4b, 0x03, 0x04]), 6], [Buffer.from([0x50, 0x4b, 0x01, 0x02]), 8]] as const) {
    for (let i = out.indexOf(signature); i >= 0; i = out.indexOf(signature, i + 1)) out.writeUInt16LE(out.readUInt16LE(i + at) & ~0x800, i + at)
  }
  return out
}
async function all(file: string, limits?: Parameters<typeof unpackZip>[1]): Promise<ZipItem[]> {
  const items: ZipItem[] = []
  for await (const item of unpackZip(file, limits)) items.push(item)
  return items
}

describe('unpackZip', () => {
  it('yields every file in nested folders, skipping folders and __MACOSX, .DS_Store, Thumbs.db', async () => {
    const file = save(
      await zipOf({ 'a.html': '<p>一</p>', 'sub/dir/b.txt': '二', '__MACOSX/sub/._b.txt': 'x', 'sub/.DS_Store': 'x', 'Thumbs.db': 'x', '报告/三.txt': '三' }),
    )
    const items = await all(file)
    expect(items.map((i) => i.path)).toEqual(['a.html', 'sub/dir/b.txt', '报告/三.txt'])
    const b = items[1]
    expect('bytes' in b && Buffer.from(b.bytes).toString()).toBe('二')
  })

  it('decodes GBK names written without the UTF-8 flag (zips made on Chinese Windows)', async () => {
    const zip = rename(await zipOf({ 'abcd/efgh.txt': '内容' }), 'abcd/efgh', Buffer.concat([encodeGbk('报告'), Buffer.from('/'), encodeGbk('正文')]))
    expect((await all(save(withoutUtf8Flag(zip)))).map((i) => i.path)).toEqual(['报告/正文.txt'])
  })

  it('refuses entries whose path climbs out, and still yields the others', async () => {
    const zip = rename(await zipOf({ 'xx/evil.txt': 'x', 'ok.txt': 'fine', 'C_/win.txt': 'y' }), 'xx/evil', Buffer.from('../evil'))
    const items = await all(save(rename(zip, 'C_/win', Buffer.from('C:/win'))))
    expect(items.map((i) => ('problem' in i ? `${i.path}: ${i.problem.code}` : i.path))).toEqual(['../evil.txt: unsafe_path', 'ok.txt', 'C:/win.txt: unsafe_path'])
    expect(safeEntryPath('/etc/passwd')).toBeNull()
    expect(safeEntryPath('a\\..\\..\\b')).toBeNull()
    expect(safeEntryPath('./a/./b.txt')).toBe('a/b.txt')
  })

  it('refuses a zip bomb: an entry over 10 MB compressed more than 200:1', async () => {
    const file = save(await zipOf({ 'first.txt': 'ok', 'zeros.txt': new Uint8Array(11 * 1024 * 1024) }))
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const item of unpackZip(file)) seen.push(item.path)
      })(),
    ).rejects.toThrow(/zeros\.txt.*zip bomb/)
    expect(seen).toEqual(['first.txt'])
  })

  it('refuses an archive with too many entries or too much unpacked data, with a sentence', async () => {
    const file = save(await zipOf({ 'a.txt': 'aaaa', 'b.txt': 'bbbb', 'c.txt': 'cccc' }))
    await expect(all(file, { maxEntries: 2 })).rejects.toThrow(/holds 3 entries; at most 2/)
    await expect(all(file, { maxTotalBytes: 10 })).rejects.toThrow(/unpacks to more than/)
    await expect(all(save(Buffer.from('not a zip at all')))).rejects.toThrow(/zip cannot be opened/)
  })
})
