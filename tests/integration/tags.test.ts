// Tag writes and review transitions through the services, on a real database: the offset contract
// (code points, astral characters, \r\n, the very start and end), the 409 sentences, versions,
// TagEvents, and the JavaScript types of what the services return (these statements run through
// node-postgres, not Prisma, and must hand back what Prisma reads of the same rows).
// Tags keep their history (TagEvent is append-only), so the projects made here stay in the
// database, named "unit-tags-…", as in the other integration tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { listTagEvents, reviewTag } from '../../lib/services/review'
import { createTag, deleteTag, readSpan, restoreTag, updateTag } from '../../lib/services/tags'
import type { TagView } from '../../lib/schemas/tags'
import { codePointLength } from '../../lib/text/codepoints'
import { TextCache } from '../../lib/text/text-cache'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

// Astral characters (𠮷 𡈼 🙂 😀), \r\n, U+00A0, U+3000 and full-width punctuation, and more than
// 2 × 32 code points so that prefixes and suffixes are cut.
const TEXT =
  '𠮷野家开业。\r\n一、总体情况\u3000我市坚持依法行政，𡈼路改造🙂完成。\r\n' +
  '二、重大行政决策\u00a0严格执行“三项制度”（一）公开征求意见😀；（二）专家论证。' +
  '三、结尾句子在这里🙂'

const chars = Array.from(TEXT)
const slice = (start: number, end: number) => chars.slice(Math.max(start, 0), end).join('')
/** Code-point offsets of the first occurrence of `quote`. */
function span(quote: string) {
  const at = TEXT.indexOf(quote)
  if (at < 0) throw new Error(`"${quote}" is not in the text`)
  const start = codePointLength(TEXT.slice(0, at))
  return { start, end: start + codePointLength(quote), quote }
}

let projectId: string
let otherProjectId: string
let documentId: string
const labels = { top: '', leaf: '', leaf2: '', archivedTop: '', foreign: '' }
const actors = {} as Record<'annotator' | 'annotator2' | 'reviewer' | 'outsider', Actor>

beforeAll(async () => {
  const [a, a2, r, o] = await Promise.all([createTestUser('tags-annotator'), createTestUser('tags-annotator2'), createTestUser('tags-reviewer'), createTestUser('tags-outsider')])
  const project = await db.project.create({ data: { name: uniqueName('unit-tags') } })
  const other = await db.project.create({ data: { name: uniqueName('unit-tags-other') } })
  projectId = project.id
  otherProjectId = other.id
  await addMember(projectId, a.id, 'annotator')
  await addMember(projectId, a2.id, 'annotator')
  await addMember(projectId, r.id, 'reviewer')
  await addMember(otherProjectId, o.id, 'manager')
  ;[actors.annotator, actors.annotator2, actors.reviewer, actors.outsider] = await Promise.all([actorOf(a.id), actorOf(a2.id), actorOf(r.id), actorOf(o.id)])
  const top = await db.label.create({ data: { projectId, name: '重大行政决策', color: '#2563eb' } })
  const leaf = await db.label.create({ data: { projectId, parentId: top.id, name: '公众参与', color: '#2563eb' } })
  const leaf2 = await db.label.create({ data: { projectId, parentId: top.id, name: '专家论证', color: '#2563eb' } })
  const archivedTop = await db.label.create({ data: { projectId, name: '旧标签', color: '#999999', archived: true } })
  const foreign = await db.label.create({ data: { projectId: otherProjectId, name: '别的项目', color: '#999999' } })
  Object.assign(labels, { top: top.id, leaf: leaf.id, leaf2: leaf2.id, archivedTop: archivedTop.id, foreign: foreign.id })
  const document = await db.document.create({
    data: { projectId, title: '标注测试', text: TEXT, textSha256: uniqueName('sha'), length: chars.length },
  })
  documentId = document.id
})

afterAll(async () => {
  await db.$disconnect()
})

/** The row as Prisma reads it, in the shape of a TagView: what the services must agree with. */
async function viaPrisma(id: string) {
  const t = await db.tag.findUniqueOrThrow({ where: { id }, include: { author: { select: { name: true } } } })
  return {
    id: t.id,
    documentId: t.documentId,
    labelId: t.labelId,
    start: t.start,
    end: t.end,
    quote: t.quote,
    prefix: t.prefix,
    suffix: t.suffix,
    authorId: t.authorId,
    authorName: t.author.name,
    reviewerId: t.reviewerId,
    status: t.status,
    source: t.source,
    version: t.version,
    deleted: t.deletedAt !== null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  }
}

const events = (tagId: string) => db.tagEvent.findMany({ where: { tagId }, orderBy: { seq: 'asc' } })
const tagCount = () => db.tag.count({ where: { documentId } })

describe('createTag', () => {
  it('stores a span after astral characters with its quote, prefix and suffix in code points, as Prisma reads it back', async () => {
    const s = span('𡈼路改造🙂完成。')
    const view = await createTag(actors.annotator, { documentId, labelId: labels.leaf, ...s })
    expect(view).toMatchObject({ ...s, status: 'pending', source: 'manual', version: 1, deleted: false, reviewerId: null, labelPath: ['重大行政决策', '公众参与'] })
    expect(view.prefix).toBe(slice(s.start - 32, s.start))
    expect(view.suffix).toBe(slice(s.end, s.end + 32))
    expect(codePointLength(view.prefix)).toBe(Math.min(s.start, 32))
    const { labelPath, ...rest } = view
    expect(labelPath).toEqual(['重大行政决策', '公众参与'])
    expect(rest).toEqual(await viaPrisma(view.id))
    // Timestamps are UTC instants close to now, whatever the time zones of Node and Postgres.
    expect(Math.abs(Date.parse(view.createdAt) - Date.now())).toBeLessThan(60_000)
    const history = await events(view.id)
    expect(history.map((e) => [e.action, e.actorId])).toEqual([['created', actors.annotator.id]])
    expect(history[0].after).toEqual({ labelId: labels.leaf, start: s.start, end: s.end, quote: s.quote, status: 'pending' })
  })

  it('takes a span at the very start and one at the very end of the text', async () => {
    const first = await createTag(actors.annotator, { documentId, labelId: labels.leaf, start: 0, end: 1, quote: '𠮷' })
    expect(first).toMatchObject({ prefix: '', quote: '𠮷', suffix: slice(1, 33) })
    const last = await createTag(actors.annotator, { documentId, labelId: labels.top, start: chars.length - 1, end: chars.length, quote: '🙂' })
    expect(last).toMatchObject({ prefix: slice(chars.length - 33, chars.length - 1), quote: '🙂', suffix: '', labelPath: ['重大行政决策'] })
    const crlf = span('。\r\n二、')
    expect(await createTag(actors.annotator, { documentId, labelId: labels.leaf, ...crlf })).toMatchObject({ quote: '。\r\n二、' })
  })

  it('refuses a quote that is not the text at the offsets (409, the text that is there), and stores nothing', async () => {
    const before = await tagCount()
    const s = span('公开征求意见😀')
    // Two code points off, past astral characters.
    const error = await domainErrorOf(createTag(actors.annotator, { documentId, labelId: labels.leaf, start: s.start + 2, end: s.end + 2, quote: s.quote }))
    expect(error.status).toBe(409)
    const actual = slice(s.start + 2, s.end + 2)
    expect(error.message).toBe(
      `The text at [${s.start + 2}, ${s.end + 2}) is "${actual}", not the quote sent ("${s.quote}"). Offsets count Unicode code points (as Python does), end exclusive; nothing was stored.`,
    )
    expect(error.details).toEqual({ actual })
    const long = '很长的引文'.repeat(10)
    const cut = await domainErrorOf(createTag(actors.annotator, { documentId, labelId: labels.leaf, start: 0, end: 3, quote: long }))
    expect(cut.message).toBe(`The text at [0, 3) is "${slice(0, 3)}", not the quote sent ("${long.slice(0, 40)}…"). Offsets count Unicode code points (as Python does), end exclusive; nothing was stored.`)
    expect(await tagCount()).toBe(before)
  })

  it('refuses a span past the end of the text (409 with the length), and stores nothing', async () => {
    const before = await tagCount()
    const error = await domainErrorOf(createTag(actors.annotator, { documentId, labelId: labels.leaf, start: chars.length - 1, end: chars.length + 1, quote: '🙂x' }))
    expect(error.status).toBe(409)
    expect(error.message).toBe(
      `The span [${chars.length - 1}, ${chars.length + 1}) runs past the end of the document, which is ${chars.length} code points long; nothing was stored.`,
    )
    expect(await tagCount()).toBe(before)
  })

  it("refuses a label of another project or an archived one (400), and a non-member's write (404)", async () => {
    const s = span('专家论证')
    for (const labelId of [labels.foreign, labels.archivedTop, 'no-such-label']) {
      const error = await domainErrorOf(createTag(actors.annotator, { documentId, labelId, ...s }))
      expect(error.status).toBe(400)
      expect(error.message).toBe(`body.labelId: there is no label ${labelId} in this document's project (or it is archived).`)
    }
    const outsider = await domainErrorOf(createTag(actors.outsider, { documentId, labelId: labels.leaf, ...s }))
    expect(outsider.status).toBe(404)
    expect(outsider.message).toBe('The document was not found, or you are not a member of its project.')
    expect((await domainErrorOf(createTag(actors.annotator, { documentId: 'no-such-document', labelId: labels.leaf, ...s }))).status).toBe(404)
  })
})

describe('readSpan', () => {
  // The text held in the process (lib/text/text-cache.ts) and Postgres' substr() (a cache of size 0)
  // must cut the same prefix, quote and suffix for every span, and agree on what is out of bounds.
  it('cuts prefix, quote and suffix at code points, from the held text and through substr() alike', async () => {
    const held = new TextCache(1_000_000)
    const none = new TextCache(0)
    for (let start = 0; start < chars.length; start += 3) {
      for (const end of [start + 1, start + 7, chars.length]) {
        if (end <= start || end > chars.length) continue
        const expected = { projectId, length: chars.length, quote: slice(start, end), prefix: slice(start - 32, start), suffix: slice(end, end + 32), labelOk: true, labelPath: ['重大行政决策', '公众参与'] }
        expect(await readSpan(documentId, start, end, labels.leaf, held)).toMatchObject(expected)
        expect(await readSpan(documentId, start, end, labels.leaf, none)).toMatchObject(expected)
      }
    }
    expect(held.size).toEqual({ texts: 1, units: TEXT.length })
    expect(none.size).toEqual({ texts: 0, units: 0 })
    for (const texts of [held, none]) {
      expect(await readSpan(documentId, 2, chars.length + 1, labels.leaf, texts)).toMatchObject({ quote: null, prefix: null, suffix: null, length: chars.length })
      expect(await readSpan('no-such-document', 0, 1, labels.leaf, texts)).toBeNull()
    }
  })

  it('does not trust a held text whose hash is not the stored one', async () => {
    const texts = new TextCache(1_000_000)
    texts.set(documentId, 'another hash', 'X'.repeat(TEXT.length))
    expect(await readSpan(documentId, 0, 6, labels.leaf, texts)).toMatchObject({ quote: '𠮷野家开业。' })
    expect(texts.get(documentId)?.index.text).toBe(TEXT)
  })
})

describe('updateTag, deleteTag, restoreTag', () => {
  it('moves a span with the version, writes "edited", refuses a stale version and another author', async () => {
    const s = span('严格执行')
    const tag = await createTag(actors.annotator, { documentId, labelId: labels.leaf, ...s })
    const moved = span('严格执行“三项制度”')
    const edited = await updateTag(actors.annotator, { tagId: tag.id, version: 1, ...moved, labelId: labels.leaf2 })
    expect(edited).toMatchObject({ ...moved, version: 2, labelPath: ['重大行政决策', '专家论证'], status: 'pending' })
    expect(edited.prefix).toBe(slice(moved.start - 32, moved.start))
    const { labelPath: _path, ...rest } = edited
    expect(rest).toEqual(await viaPrisma(tag.id))

    const stale = await domainErrorOf(updateTag(actors.annotator, { tagId: tag.id, version: 1, labelId: labels.leaf }))
    expect(stale.status).toBe(409)
    expect(stale.message).toBe('This tag changed since you loaded it (version 2, you sent 1); reload to see the current state.')
    expect(stale.details).toEqual({ current: 2 })

    const notYours = await domainErrorOf(updateTag(actors.reviewer, { tagId: tag.id, version: 2, labelId: labels.leaf }))
    expect(notYours.status).toBe(403)
    expect(notYours.message).toBe(`This tag is ${actors.annotator.name}'s: only its author may change it (a reviewer can fix it while reviewing).`)

    const badQuote = await domainErrorOf(updateTag(actors.annotator, { tagId: tag.id, version: 2, start: 0, end: 2, quote: '野家' }))
    expect(badQuote.status).toBe(409)
    expect(badQuote.message).toMatch(/^The text at \[0, 2\) is "𠮷野", not the quote sent \("野家"\)/)
    expect((await events(tag.id)).map((e) => e.action)).toEqual(['created', 'edited'])
  })

  it('in blind mode, another annotator does not even find the tag (404)', async () => {
    const tag = await createTag(actors.annotator, { documentId, labelId: labels.leaf, ...span('专家论证') })
    const error = await domainErrorOf(updateTag(actors.annotator2, { tagId: tag.id, version: 1, labelId: labels.leaf2 }))
    expect(error.status).toBe(404)
    expect(error.message).toBe('The tag was not found, or you are not a member of its project.')
  })

  it('deletes and restores with the version, keeping the label path, and a UTC deletion time', async () => {
    const tag = await createTag(actors.annotator, { documentId, labelId: labels.leaf, ...span('一、总体情况') })
    const deleted = await deleteTag(actors.annotator, { tagId: tag.id, version: 1 })
    expect(deleted).toMatchObject({ deleted: true, version: 2, labelPath: ['重大行政决策', '公众参与'] })
    const row = await db.tag.findUniqueOrThrow({ where: { id: tag.id } })
    expect(Math.abs(row.deletedAt!.getTime() - Date.now())).toBeLessThan(60_000)
    expect((await domainErrorOf(deleteTag(actors.annotator, { tagId: tag.id, version: 2 }))).message).toBe('This tag is already deleted.')
    expect((await domainErrorOf(updateTag(actors.annotator, { tagId: tag.id, version: 2, labelId: labels.leaf2 }))).message).toBe('This tag was deleted; restore it first.')
    const restored = await restoreTag(actors.annotator, { tagId: tag.id, version: 2 })
    expect(restored).toMatchObject({ deleted: false, version: 3, labelPath: ['重大行政决策', '公众参与'] })
    const { labelPath: _path, ...rest } = restored
    expect(rest).toEqual(await viaPrisma(tag.id))
    expect((await events(tag.id)).map((e) => e.action)).toEqual(['created', 'deleted', 'restored'])
  })
})

describe('reviewTag', () => {
  const newTag = (quote: string, labelId = labels.leaf): Promise<TagView> => createTag(actors.annotator, { documentId, labelId, ...span(quote) })

  it('approves at the version, once; the second reviewer gets 409 with the current state and its label path', async () => {
    const tag = await newTag('我市坚持依法行政')
    const approved = await reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: 1 })
    expect(approved).toMatchObject({ status: 'approved', version: 2, reviewerId: actors.reviewer.id, labelPath: ['重大行政决策', '公众参与'], quote: tag.quote, prefix: tag.prefix })
    const { labelPath: _path, ...rest } = approved
    expect(rest).toEqual(await viaPrisma(tag.id))
    const history = await events(tag.id)
    expect(history.map((e) => e.action)).toEqual(['created', 'approved'])
    expect(history[1]).toMatchObject({ actorId: actors.reviewer.id, before: { labelId: labels.leaf, start: tag.start, end: tag.end, quote: tag.quote, status: 'pending' }, reasonCode: null, reason: null })
    expect(history[1].after).toMatchObject({ status: 'approved' })

    const again = await domainErrorOf(reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: 1 }))
    expect(again.status).toBe(409)
    expect(again.message).toBe('This tag is approved, so it cannot be approved. Reload to see its current state.')
    expect((again.details as { current: TagView }).current).toEqual(approved)
  })

  it('refuses a stale version with the current state, and an annotator (403)', async () => {
    const tag = await newTag('公开征求意见')
    const stale = await domainErrorOf(reviewTag(actors.reviewer, { tagId: tag.id, action: 'reject', version: 7, reason: '范围不对' }))
    expect(stale.status).toBe(409)
    expect(stale.message).toBe('Someone changed this tag since you loaded it (version 1, you sent 7); nothing was changed. Here is its current state.')
    expect((stale.details as { current: TagView }).current).toEqual(tag)
    const annotator = await domainErrorOf(reviewTag(actors.annotator, { tagId: tag.id, action: 'approve', version: 1 }))
    expect(annotator.status).toBe(403)
    expect(annotator.message).toBe('Your role in this project (annotator) may not review tags in this project; ask a project manager for the reviewer role.')
    expect((await events(tag.id)).map((e) => e.action)).toEqual(['created'])
  })

  it('sends back with a reason code of the project, refuses an unknown one (400), reopens a rejected tag', async () => {
    const tag = await newTag('（二）专家论证')
    const unknown = await domainErrorOf(reviewTag(actors.reviewer, { tagId: tag.id, action: 'send_back', version: 1, reasonCode: 'no_such_code' }))
    expect(unknown.status).toBe(400)
    expect(unknown.message).toBe('body.reasonCode: "no_such_code" is not one of this project\'s reason codes.')
    const sent = await reviewTag(actors.reviewer, { tagId: tag.id, action: 'send_back', version: 1, reasonCode: 'span_too_wide', reason: '请收窄' })
    expect(sent).toMatchObject({ status: 'needs_revision', version: 2 })
    const history = await events(tag.id)
    expect(history[1]).toMatchObject({ action: 'sent_back', reasonCode: 'span_too_wide', reason: '请收窄' })
    // The author's edit returns it to review.
    const edited = await updateTag(actors.annotator, { tagId: tag.id, version: 2, ...span('专家论证') })
    expect(edited).toMatchObject({ status: 'pending', version: 3 })
    const rejected = await reviewTag(actors.reviewer, { tagId: tag.id, action: 'reject', version: 3, reason: '不是实质内容' })
    expect(rejected.status).toBe('rejected')
    const reopened = await reviewTag(actors.reviewer, { tagId: tag.id, action: 'reopen', version: 4, reason: '再看一次' })
    expect(reopened).toMatchObject({ status: 'pending', version: 5 })
    expect((await events(tag.id)).map((e) => e.action)).toEqual(['created', 'sent_back', 'edited', 'rejected', 'reopened'])
  })

  it('lists a tag\'s history in the order it was written when two events share a millisecond', async () => {
    // Ids are random, so neither the time nor the id orders these two; the bug showed 'rejected'
    // after 'reopened' when a reviewer's two clicks landed in the same millisecond.
    const tag = await newTag('（一）公开征求意见')
    const at = new Date('2026-12-03T08:00:00.123Z')
    await db.tagEvent.create({ data: { id: 'zzzz-written-first', tagId: tag.id, actorId: actors.reviewer.id, action: 'rejected', createdAt: at } })
    await db.tagEvent.create({ data: { id: 'aaaa-written-second', tagId: tag.id, actorId: actors.reviewer.id, action: 'reopened', createdAt: at } })
    const history = await listTagEvents(actors.reviewer, { tagId: tag.id })
    expect(history.items.map((e) => e.action)).toEqual(['created', 'rejected', 'reopened'])
  })

  it('fixes span and label while approving (astral characters), checking the fix against the text', async () => {
    const tag = await newTag('完成。\r\n二、')
    const fix = { ...span('𡈼路改造🙂完成'), labelId: labels.leaf2 }
    const bad = await domainErrorOf(reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: 1, fix: { ...fix, quote: '𡈼路改造' } }))
    expect(bad.status).toBe(409)
    expect(bad.message).toBe(`The text at [${fix.start}, ${fix.end}) is "${fix.quote}", not the quote sent ("𡈼路改造"). Offsets count Unicode code points (as Python does), end exclusive; nothing was stored.`)
    const fixed = await reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: 1, fix })
    expect(fixed).toMatchObject({ status: 'approved', start: fix.start, end: fix.end, quote: fix.quote, labelPath: ['重大行政决策', '专家论证'] })
    expect(fixed.prefix).toBe(slice(fix.start - 32, fix.start))
    expect(fixed.suffix).toBe(slice(fix.end, fix.end + 32))
    const history = await events(tag.id)
    expect(history[1].before).toMatchObject({ quote: tag.quote, labelId: labels.leaf })
    expect(history[1].after).toEqual({ labelId: labels.leaf2, start: fix.start, end: fix.end, quote: fix.quote, status: 'approved' })
  })

  it('refuses to review a deleted tag, with its current state', async () => {
    const tag = await newTag('三、结尾句子')
    const deleted = await deleteTag(actors.annotator, { tagId: tag.id, version: 1 })
    const error = await domainErrorOf(reviewTag(actors.reviewer, { tagId: tag.id, action: 'approve', version: 2 }))
    expect(error.status).toBe(409)
    expect(error.message).toBe('This tag was deleted by its author; there is nothing to review.')
    expect((error.details as { current: TagView }).current).toEqual(deleted)
  })
})
