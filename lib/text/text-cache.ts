// Document texts held in the server process, for checking a tag's quote, prefix and suffix without
// asking Postgres for a substr() (which walks a long text from its start: O(offset)).
//
// A text never changes after import (docs/architecture.md: a corrected text is a new document), and every
// entry is keyed by the document id and its textSha256 as well: readSpan sends the hash it holds
// and Postgres sends the text again only when the stored hash differs. So an entry cannot go stale,
// even across a database that was recreated under a running server.
import { CodePointIndex } from './codepoints'
import { readEnv } from '../config/env'

export interface CachedText {
  sha: string
  index: CodePointIndex
}

/** Least recently used first out, bounded by the UTF-16 code units of the texts held. */
export class TextCache {
  private readonly entries = new Map<string, CachedText>()
  private units = 0

  constructor(readonly capacity: number) {}

  /** The longest text (in code points) worth caching: an eighth of the capacity at 2 units per code point. */
  get cacheableLength(): number {
    return Math.floor(this.capacity / 16)
  }

  get size(): { texts: number; units: number } {
    return { texts: this.entries.size, units: this.units }
  }

  /** The entry for a document, marked as recently used. */
  get(id: string): CachedText | undefined {
    const entry = this.entries.get(id)
    if (entry) {
      this.entries.delete(id)
      this.entries.set(id, entry)
    }
    return entry
  }

  /** Holds a text (replacing any older one of the document) and returns its entry. */
  set(id: string, sha: string, text: string): CachedText {
    const entry = { sha, index: new CodePointIndex(text) }
    this.delete(id)
    if (text.length > this.capacity) return entry
    this.entries.set(id, entry)
    this.units += text.length
    for (const [oldest] of this.entries) {
      if (this.units <= this.capacity) break
      this.delete(oldest)
    }
    return entry
  }

  delete(id: string): void {
    const entry = this.entries.get(id)
    if (!entry) return
    this.entries.delete(id)
    this.units -= entry.index.utf16Length
  }
}

/** TAGBENCH_TEXT_CACHE_CHARS: UTF-16 code units of document text each server process keeps (0: none). */
export const textCacheCapacity = () => readEnv('TAGBENCH_TEXT_CACHE_CHARS')

// On globalThis: Next may bundle this module into several route chunks, which should share one cache.
const globalForTexts = globalThis as unknown as { tagbenchTextCache?: TextCache }

export function documentTexts(): TextCache {
  globalForTexts.tagbenchTextCache ??= new TextCache(textCacheCapacity())
  return globalForTexts.tagbenchTextCache
}
