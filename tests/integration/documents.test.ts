// Documents through the services, with real actors loaded from the database.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { createDocumentSchema, documentListQuery } from '../../lib/schemas/documents'
import { createDocument, getDocument, listDocuments } from '../../lib/services/documents'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const projectIds: string[] = []
const userIds: string[] = []
let projectA: string
let projectB: string
let manager: Actor
let annotator: Actor
let outsider: Actor
let managerB: Actor

async function newProject() {
  const project = await db.project.create({ data: { name: uniqueName('unit-documents') } })
  projectIds.push(project.id)
  return project.id
}

async function newUser(prefix: string) {
  const user = await createTestUser(prefix)
  userIds.push(user.id)
  return user.id
}

/** Input as a route handler would hand it over: parsed by the schema first. */
function input(projectId: string, raw: { title: string; text: string; meta?: Record<string, unknown> }) {
  return { projectId, ...createDocumentSchema.parse(raw) }
}

const query = (projectId: string, raw: Record<string, unknown> = {}) => ({ projectId, ...documentListQuery.parse(raw) })
const sha256Hex = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex')

beforeAll(async () => {
  projectA = await newProject()
  projectB = await newProject()
  const [m, a, o, mb] = await Promise.all([newUser('manager'), newUser('annotator'), newUser('outsider'), newUser('manager-b')])
  await addMember(projectA, m, 'manager')
  await addMember(projectA, a, 'annotator')
  await addMember(projectB, mb, 'manager')
  ;[manager, annotator, outsider, managerB] = await Promise.all([actorOf(m), actorOf(a), actorOf(o), actorOf(mb)])
})

afterAll(async () => {
  try {
    await db.document.deleteMany({ where: { projectId: { in: projectIds } } })
    await db.membership.deleteMany({ where: { projectId: { in: projectIds } } })
    await db.project.deleteMany({ where: { id: { in: projectIds } } })
    await db.user.deleteMany({ where: { id: { in: userIds } } })
  } finally {
    await db.$disconnect()
  }
})

describe('createDocument', () => {
  it('stores the text as given, its length in code points and its SHA-256', async () => {
    const text = `𠮷野家的报告\r\n\u3000\u3000一、总体情况。🙂𡈼\u00a0结尾 ${uniqueName('x')}`
    const created = await createDocument(
      manager,
      input(projectA, {
        title: '带星外字符的报告',
        text,
        meta: { province: '甘肃省', report_year: 2023, published: '2024-01-10', source_url: 'https://example.gov.cn/report.html' },
      }),
    )
    const row = await db.document.findUniqueOrThrow({ where: { id: created.id } })
    expect(row.text).toBe(text)
    expect(row.length).toBe([...text].length)
    expect(row.length).toBeLessThan(text.length) // three astral characters
    expect(row.textSha256).toBe(sha256Hex(text))
    expect(row.importedById).toBe(manager.id)
    expect(row.projectId).toBe(projectA)
    expect(created).toMatchObject({
      id: row.id,
      length: [...text].length,
      textSha256: sha256Hex(text),
      text,
      tagCount: 0,
      meta: { province: '甘肃省', report_year: 2023, published: '2024-01-10', signed: null, source_url: 'https://example.gov.cn/report.html' },
    })
  })

  it('refuses a text that is already in the project, names the existing document, and stores nothing', async () => {
    const text = `同一份报告正文。${uniqueName('dup')}`
    const first = await createDocument(manager, input(projectA, { title: '第一次导入', text }))
    const before = await db.document.count({ where: { projectId: projectA } })
    const error = await domainErrorOf(createDocument(manager, input(projectA, { title: '第二次导入', text })))
    expect(error.code).toBe('conflict')
    expect(error.status).toBe(409)
    expect(error.message).toContain('第一次导入')
    expect(error.message).toContain(first.id)
    expect(await db.document.count({ where: { projectId: projectA } })).toBe(before)
    expect(await db.document.count({ where: { title: '第二次导入', projectId: projectA } })).toBe(0)
  })

  it('lets exactly one of several simultaneous imports of one text through; the others get a conflict', async () => {
    const text = `同时导入的报告 ${uniqueName('race')}`
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => createDocument(manager, input(projectA, { title: '并发导入', text }))))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' })
    }
    expect(await db.document.count({ where: { projectId: projectA, text } })).toBe(1)
  })

  it('accepts the same text in another project', async () => {
    const text = `两个项目都有的报告。${uniqueName('shared')}`
    const a = await createDocument(manager, input(projectA, { title: '项目甲', text }))
    const b = await createDocument(managerB, input(projectB, { title: '项目乙', text }))
    expect(a.textSha256).toBe(b.textSha256)
    expect(a.id).not.toBe(b.id)
  })

  it('refuses an annotator (forbidden) and stores nothing', async () => {
    const text = `标注员想导入的报告。${uniqueName('ann')}`
    const error = await domainErrorOf(createDocument(annotator, input(projectA, { title: '标注员导入', text })))
    expect(error.code).toBe('forbidden')
    expect(error.message).toContain('manager')
    expect(await db.document.count({ where: { textSha256: sha256Hex(text) } })).toBe(0)
  })

  it('answers "not found" to a non-member and stores nothing', async () => {
    const text = `外人想导入的报告。${uniqueName('out')}`
    const error = await domainErrorOf(createDocument(outsider, input(projectA, { title: '外人导入', text })))
    expect(error.code).toBe('not_found')
    expect(await db.document.count({ where: { textSha256: sha256Hex(text) } })).toBe(0)
  })
})

describe('listDocuments', () => {
  let listProject: string
  const specs = [
    { title: 'Annual Report of Lanzhou', province: '甘肃省', report_year: 2023 },
    { title: '兰州市2022年法治政府建设情况报告', province: '甘肃省', report_year: 2022 },
    { title: '忻州市2019年法治政府建设情况报告', province: '山西省', report_year: 2019 },
    { title: '太原市2022年法治政府建设情况报告', province: '山西省', report_year: 2022 },
    { title: '巴中市法治政府建设工作综述', province: '四川省', report_year: null },
  ]
  const ids = new Map<string, string>()

  beforeAll(async () => {
    listProject = await newProject()
    const lister = await newUser('lister')
    await addMember(listProject, lister, 'manager')
    await addMember(listProject, annotator.id, 'annotator')
    const listManager = await actorOf(lister)
    annotator = await actorOf(annotator.id)
    for (const spec of specs) {
      const doc = await createDocument(
        listManager,
        input(listProject, { title: spec.title, text: `${spec.title}正文。${uniqueName('t')}`, meta: { province: spec.province, report_year: spec.report_year } }),
      )
      ids.set(spec.title, doc.id)
    }
  })

  const titles = (result: { items: { title: string }[] }) => result.items.map((d) => d.title)

  it('lists every document of the project, newest report year first, then by title', async () => {
    const result = await listDocuments(annotator, query(listProject))
    expect(result.total).toBe(specs.length)
    const expected = [...specs]
      .sort((a, b) => (b.report_year ?? -Infinity) - (a.report_year ?? -Infinity) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))
      .map((s) => s.title)
    expect(titles(result)).toEqual(expected)
    expect(result.items.every((d) => d.projectId === listProject)).toBe(true)
    expect(result.items.find((d) => d.title === specs[0].title)?.id).toBe(ids.get(specs[0].title))
  })

  it('filters by province', async () => {
    for (const province of ['甘肃省', '山西省', '四川省']) {
      const result = await listDocuments(annotator, query(listProject, { province }))
      const expected = specs.filter((s) => s.province === province).map((s) => s.title)
      expect(result.total).toBe(expected.length)
      expect(titles(result).sort()).toEqual(expected.sort())
      expect(result.items.every((d) => d.meta.province === province)).toBe(true)
    }
  })

  it('filters by year, also combined with province', async () => {
    const result = await listDocuments(annotator, query(listProject, { year: '2022' }))
    expect(titles(result).sort()).toEqual(specs.filter((s) => s.report_year === 2022).map((s) => s.title).sort())
    const both = await listDocuments(annotator, query(listProject, { year: 2022, province: '山西省' }))
    expect(titles(both)).toEqual(specs.filter((s) => s.report_year === 2022 && s.province === '山西省').map((s) => s.title))
  })

  it('filters by words in the title, ignoring case', async () => {
    expect(titles(await listDocuments(annotator, query(listProject, { q: 'annual REPORT' })))).toEqual(['Annual Report of Lanzhou'])
    const lanzhou = await listDocuments(annotator, query(listProject, { q: '兰州' }))
    expect(titles(lanzhou).sort()).toEqual(specs.filter((s) => s.title.includes('兰州')).map((s) => s.title).sort())
    const none = await listDocuments(annotator, query(listProject, { q: '不存在的标题' }))
    expect(none).toMatchObject({ items: [], total: 0 })
  })

  it('paginates: every document exactly once, with the total on every page', async () => {
    const pageSize = 2
    const seen: string[] = []
    const pages = Math.ceil(specs.length / pageSize)
    for (let page = 1; page <= pages; page++) {
      const result = await listDocuments(annotator, query(listProject, { page: String(page), pageSize: String(pageSize) }))
      expect(result).toMatchObject({ total: specs.length, page, pageSize })
      expect(result.items.length).toBe(Math.min(pageSize, specs.length - (page - 1) * pageSize))
      seen.push(...result.items.map((d) => d.id))
    }
    expect(seen.sort()).toEqual([...ids.values()].sort())
    const beyond = await listDocuments(annotator, query(listProject, { page: pages + 1, pageSize }))
    expect(beyond).toMatchObject({ items: [], total: specs.length })
  })

  it('answers "not found" to a non-member', async () => {
    expect((await domainErrorOf(listDocuments(outsider, query(listProject)))).code).toBe('not_found')
  })
})

describe('getDocument', () => {
  it('returns a document of the project with its text to an annotator', async () => {
    const text = `可读的报告。${uniqueName('read')}`
    const created = await createDocument(manager, input(projectA, { title: '可读', text }))
    const doc = await getDocument(annotator, { documentId: created.id })
    expect(doc).toMatchObject({ id: created.id, projectId: projectA, title: '可读', text, length: [...text].length })
  })

  it("answers \"not found\" for another project's document, the same as for a missing one", async () => {
    const text = `乙项目的报告。${uniqueName('b')}`
    const other = await createDocument(managerB, input(projectB, { title: '乙项目', text }))
    const foreign = await domainErrorOf(getDocument(manager, { documentId: other.id }))
    const missing = await domainErrorOf(getDocument(manager, { documentId: 'no-such-document' }))
    expect(foreign.code).toBe('not_found')
    expect(missing.code).toBe('not_found')
    expect(foreign.message).toBe(missing.message)
    expect(foreign.message).not.toContain(text)
    expect((await domainErrorOf(getDocument(outsider, { documentId: other.id }))).code).toBe('not_found')
  })
})
