// Reading through /api/v1: the taxonomy tree, the document list and its filters, one document, the
// OpenAPI description and the health check, checked against the seeded corpus.
import { createHash } from 'node:crypto'
import { levelFromChinese } from '../lib/ingest/metadata/levels'
import { bearer, errorOf, expect, test } from './fixtures'
import { reports, taxonomy } from './corpus'
import type { LabelNode } from '../lib/schemas/projects'
import { roleUsers } from './roles'

interface DocumentSummary {
  id: string
  projectId: string
  title: string
  length: number
  textSha256: string
  meta: Record<string, string | number | null>
  importedAt: string
  tagCount: number
}
interface DocumentPage {
  items: DocumentSummary[]
  total: number
  page: number
  pageSize: number
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/

test.describe('taxonomy', () => {
  test('the labels endpoint returns the seeded taxonomy as a tree with colours, shortcut keys and paths', async ({ request, tokenFor, demoProjectId }) => {
    const response = await request.get(`/api/v1/projects/${demoProjectId}/labels`, { headers: bearer(await tokenFor(roleUsers.annotator)) })
    expect(response.status()).toBe(200)
    const tree = (await response.json()) as { taxonomyVersion: number; labels: LabelNode[] }
    expect(tree.taxonomyVersion).toBe(taxonomy.version)

    expect(tree.labels.map((l) => l.name)).toEqual(['重大行政决策', '三项制度', '府院联动', '营商环境'])
    expect(tree.labels.map((l) => l.name)).toEqual(taxonomy.labels.map((l) => l.name))
    expect(tree.labels.map((l) => l.children.length)).toEqual([7, 3, 3, 5])

    const seenIds = new Set<string>()
    for (const [i, top] of tree.labels.entries()) {
      const spec = taxonomy.labels[i]
      await test.step(top.name, () => {
        expect(top).toMatchObject({ name: spec.name, en: spec.en, color: spec.color, shortcut: String(i + 1), path: [spec.name], archived: false, guideline: spec.guideline, guidelineZh: spec.guideline_zh, keywords: spec.keywords })
        expect(top.shortcut).toBe(spec.key)
        expect(top.children.map((c) => c.name)).toEqual(spec.children!.map((c) => c.name))
        seenIds.add(top.id)
        const childColors = new Set<string>()
        for (const [j, child] of top.children.entries()) {
          const childSpec = spec.children![j]
          expect(child).toMatchObject({ name: childSpec.name, en: childSpec.en, path: [spec.name, childSpec.name], shortcut: String(j + 1), archived: false, keywords: childSpec.keywords, children: [] })
          expect(child.color).toMatch(HEX_COLOR)
          expect(child.color.toLowerCase()).not.toBe(top.color.toLowerCase())
          childColors.add(child.color.toLowerCase())
          seenIds.add(child.id)
        }
        // Siblings are told apart by colour.
        expect(childColors.size).toBe(top.children.length)
      })
    }
    expect(seenIds.size).toBe(4 + 7 + 3 + 3 + 5)
  })
})

test.describe('document list', () => {
  let token: string
  test.beforeEach(async ({ tokenFor }) => {
    token = await tokenFor(roleUsers.annotator)
  })

  test('lists the five seeded reports as summaries, without their texts', async ({ request, demoProjectId }) => {
    const response = await request.get(`/api/v1/projects/${demoProjectId}/documents`, { headers: bearer(token) })
    expect(response.status()).toBe(200)
    const page = (await response.json()) as DocumentPage
    expect(page).toMatchObject({ total: 5, page: 1, pageSize: 20 })
    expect(page.items.map((d) => d.title).sort()).toEqual(reports.map((r) => r.title).sort())
    for (const item of page.items) {
      expect(item.projectId).toBe(demoProjectId)
      expect(item).not.toHaveProperty('text')
      expect(item.length).toBeGreaterThan(100)
      expect(item.textSha256).toMatch(/^[0-9a-f]{64}$/)
      expect(Number.isNaN(Date.parse(item.importedAt))).toBe(false)
    }
  })

  test('filters by report year, province and words in the title', async ({ request, demoProjectId }) => {
    const list = async (query: string) => {
      const response = await request.get(`/api/v1/projects/${demoProjectId}/documents?${query}`, { headers: bearer(token) })
      expect(response.status(), query).toBe(200)
      return (await response.json()) as DocumentPage
    }
    const meihekou = '梅河口市人民政府关于2022年法治政府建设情况的报告'

    const by2022 = await list('year=2022')
    expect(by2022.total).toBe(1)
    expect(by2022.items.map((d) => d.title)).toEqual([meihekou])
    expect(by2022.items[0].meta.report_year).toBe(2022)

    const jilin = await list(`province=${encodeURIComponent('吉林省')}`)
    expect(jilin.total).toBe(1)
    expect(jilin.items.map((d) => d.title)).toEqual([meihekou])

    const shanxi = await list(`province=${encodeURIComponent('山西省')}`)
    expect(shanxi.items.map((d) => d.title)).toEqual(['忻州市2019年法治政府建设情况报告'])

    const lanzhou = await list(`q=${encodeURIComponent('兰州')}`)
    expect(lanzhou.total).toBe(1)
    expect(lanzhou.items.map((d) => d.title)).toEqual(['兰州市司法局关于2023年法治政府建设情况的报告'])

    // Four titles end in 报告; the 巴中 report's title is a slogan.
    const reportTitles = await list(`q=${encodeURIComponent('报告')}`)
    expect(reportTitles.total).toBe(4)
    expect(reportTitles.items.map((d) => d.title)).not.toContain(reports.find((r) => r.city === '巴中市')!.title)

    expect((await list(`year=2022&province=${encodeURIComponent('吉林省')}`)).total).toBe(1)
    expect(await list(`year=2022&province=${encodeURIComponent('山西省')}`)).toMatchObject({ total: 0, items: [] })
    expect(await list('year=2000')).toMatchObject({ total: 0, items: [] })
    expect(await list(`q=${encodeURIComponent('没有这个标题')}`)).toMatchObject({ total: 0, items: [] })
    // LIKE wildcards are searched as the characters they are.
    for (const q of ['%', '_', '\\']) expect(await list(`q=${encodeURIComponent(q)}`)).toMatchObject({ total: 0, items: [] })
  })

  test('paginates: pageSize=2 gives pages of 2, 2 and 1 that together hold every report once', async ({ request, demoProjectId }) => {
    const ids: string[] = []
    for (const [pageNumber, size] of [[1, 2], [2, 2], [3, 1]]) {
      const response = await request.get(`/api/v1/projects/${demoProjectId}/documents?pageSize=2&page=${pageNumber}`, { headers: bearer(token) })
      expect(response.status()).toBe(200)
      const page = (await response.json()) as DocumentPage
      expect(page).toMatchObject({ total: 5, page: pageNumber, pageSize: 2 })
      expect(page.items).toHaveLength(size)
      ids.push(...page.items.map((d) => d.id))
    }
    expect(new Set(ids).size).toBe(5)

    const beyond = await request.get(`/api/v1/projects/${demoProjectId}/documents?pageSize=2&page=4`, { headers: bearer(token) })
    expect(beyond.status()).toBe(200)
    expect(await beyond.json()).toMatchObject({ total: 5, page: 4, items: [] })
  })

  test('refuses a bad page size, year or page with 400 naming the parameter', async ({ request, demoProjectId }) => {
    const cases = [
      { query: 'pageSize=1000', field: 'query.pageSize', says: /100/ },
      { query: 'year=abc', field: 'query.year', says: /number/i },
      { query: 'page=0', field: 'query.page', says: /1/ },
    ]
    for (const c of cases) {
      await test.step(c.query, async () => {
        const response = await request.get(`/api/v1/projects/${demoProjectId}/documents?${c.query}`, { headers: bearer(token) })
        expect(response.status()).toBe(400)
        const error = await errorOf(response)
        expect(error.code).toBe('invalid')
        expect(error.message).toContain(c.field)
        const field = error.fields?.find((f) => f.path === c.field)
        expect(field, JSON.stringify(error.fields)).toBeDefined()
        expect(field!.message).toMatch(c.says)
      })
    }
  })
})

test.describe('one document', () => {
  test('every seeded report reads back with its metadata, a matching SHA-256 and its length in code points', async ({ request, sql, tokenFor, demoProjectId }) => {
    const token = await tokenFor(roleUsers.reviewer)
    const list = (await (await request.get(`/api/v1/projects/${demoProjectId}/documents`, { headers: bearer(token) })).json()) as DocumentPage
    expect(list.items).toHaveLength(5)
    for (const summary of list.items) {
      await test.step(summary.title, async () => {
        const response = await request.get(`/api/v1/documents/${summary.id}`, { headers: bearer(token) })
        expect(response.status()).toBe(200)
        const doc = (await response.json()) as DocumentSummary & { text: string }
        const report = reports.find((r) => r.title === doc.title)
        expect(report, doc.title).toBeDefined()
        expect(doc.meta).toEqual({
          province: report!.province,
          city: report!.city,
          county: report!.county,
          // Imports store one of five levels; the hand-read file names finer ones in Chinese.
          level: report!.level === null ? null : levelFromChinese(report!.level),
          report_year: report!.report_year,
          issuer: report!.issuer,
          published: report!.published,
          signed: report!.signed,
          source_url: null,
          original_file_name: report!.file,
        })
        expect(doc.text.startsWith(report!.body_starts_with)).toBe(true)
        expect(doc.text.endsWith(report!.body_ends_with)).toBe(true)
        expect(doc.textSha256).toBe(sha256(doc.text))
        expect(doc.length).toBe([...doc.text].length)
        // The list agrees with the document, and both with what is stored.
        expect({ length: summary.length, textSha256: summary.textSha256 }).toEqual({ length: doc.length, textSha256: doc.textSha256 })
        const { rows } = await sql.query('SELECT text FROM "Document" WHERE id = $1', [doc.id])
        expect(doc.text).toBe(rows[0].text)
      })
    }
  })
})

test.describe('API description and health', () => {
  test('openapi.json is public and documents every /api/v1 route, its methods and bearer tokens', async ({ request }) => {
    const response = await request.get('/api/v1/openapi.json')
    expect(response.status()).toBe(200)
    const doc = (await response.json()) as {
      openapi: string
      info: { title: string; version: string }
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> }>>
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> }
      security: Record<string, string[]>[]
    }
    expect(doc.openapi).toMatch(/^3\.1\./)
    expect(doc.info.version.length).toBeGreaterThan(0)

    const methods = Object.fromEntries(Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).sort()]))
    expect(methods).toMatchObject({
      '/api/v1/projects': ['get', 'post'],
      '/api/v1/users': ['get', 'post'],
      '/api/v1/users/{userId}': ['patch'],
      '/api/v1/users/batch': ['post'],
      '/api/v1/admin/projects': ['get'],
      '/api/v1/audit': ['get'],
      '/api/v1/account/password': ['post'],
      '/api/v1/account/sessions': ['get'],
      '/api/v1/account/sessions/end': ['post'],
      '/api/v1/account/tokens': ['get', 'post'],
      '/api/v1/account/tokens/{tokenId}': ['delete'],
      '/api/v1/invitations/redeem': ['post'],
      '/api/v1/projects/{projectId}/members': ['get', 'post'],
      '/api/v1/projects/{projectId}/members/{userId}': ['delete', 'patch'],
      '/api/v1/projects/{projectId}/labels': ['get', 'post'],
      '/api/v1/labels/{labelId}': ['delete', 'patch'],
      '/api/v1/labels/{labelId}/merge': ['post'],
      '/api/v1/labels/{labelId}/impact': ['get'],
      '/api/v1/labels/{labelId}/split': ['get', 'post'],
      '/api/v1/labels/{labelId}/split/assign': ['post'],
      '/api/v1/labels/{labelId}/examples': ['get'],
      '/api/v1/tags/{tagId}/example': ['delete', 'post'],
      '/api/v1/projects/{projectId}/taxonomy/events': ['get'],
      '/api/v1/projects/{projectId}/documents': ['get', 'post'],
      '/api/v1/documents/{documentId}': ['delete', 'get', 'patch'],
      '/api/v1/documents/{documentId}/archive': ['post'],
      '/api/v1/documents/{documentId}/restore': ['post'],
      '/api/v1/documents/{documentId}/events': ['get'],
      '/api/v1/documents/{documentId}/suggestions': ['get', 'post'],
      '/api/v1/documents/{documentId}/suggestions/{suggestionId}/accept': ['post'],
      '/api/v1/documents/{documentId}/suggestions/{suggestionId}/reject': ['post'],
      '/api/v1/documents/{documentId}/suggestions/accept-all': ['post'],
      '/api/v1/projects/{projectId}/suggestions/train': ['post'],
      '/api/v1/projects/{projectId}/suggestions/runs': ['get', 'post'],
      '/api/v1/projects/{projectId}/suggestions/evaluation': ['get'],
      '/api/v1/projects/{projectId}/suggestions/settings': ['get', 'patch'],
      '/api/v1/projects/{projectId}/suggestions/patterns': ['get', 'post'],
      '/api/v1/projects/{projectId}/suggestions/patterns/{patternId}': ['delete'],
      '/api/v1/projects/{projectId}/research/distribution': ['get'],
      '/api/v1/projects/{projectId}/research/concordance': ['get'],
      '/api/v1/projects/{projectId}/research/concordance/download': ['get'],
    })

    const [bearerName] = Object.entries(doc.components.securitySchemes).find(([, s]) => s.type === 'http' && s.scheme?.toLowerCase() === 'bearer') ?? []
    expect(bearerName, 'a bearer security scheme').toBeDefined()
    expect(doc.security.some((requirement) => bearerName! in requirement)).toBe(true)

    const list = doc.paths['/api/v1/projects/{projectId}/documents'].get
    expect(list.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:projectId', 'query:page', 'query:pageSize', 'query:year', 'query:province', 'query:q']),
    )
    const create = doc.paths['/api/v1/projects/{projectId}/documents'].post
    expect(Object.keys(create.requestBody!.content)).toContain('application/json')
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409']))
    // Every endpoint but the public ones (which look up no one) documents its 401.
    for (const [p, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops) as [string, { responses: Record<string, unknown>; 'x-tagbench-permission'?: unknown }][]) {
        if (op['x-tagbench-permission'] === 'public') expect(Object.keys(op.responses), `${m} ${p}`).not.toContain('401')
        else expect(Object.keys(op.responses), `${m} ${p}`).toContain('401')
      }
  })

  test('the health check answers ok without authentication', async ({ request }) => {
    const response = await request.get('/api/health')
    expect(response.status()).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
  })

  test('the liveness check answers ok without authentication, a session or a sign-in redirect', async ({ request }) => {
    const response = await request.get('/api/health/live', { maxRedirects: 0 })
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toContain('application/json')
    expect(await response.json()).toEqual({ ok: true })
  })
})

test.describe('unknown endpoints', () => {
  test('a path no endpoint serves answers a JSON 404 that names it, for any method, signed in or not', async ({ request, tokenFor }) => {
    const headers = bearer(await tokenFor(roleUsers.annotator))
    for (const [method, path] of [
      ['GET', '/api/v1/no-such-thing'],
      ['POST', '/api/v1/projects/x/no-such-thing'],
      ['DELETE', '/api/v1/documents/x/tags/y/z'],
    ] as const) {
      for (const h of [headers, {}]) {
        const response = await request.fetch(path, { method, headers: h })
        expect(response.status(), `${method} ${path}`).toBe(404)
        expect(response.headers()['content-type']).toContain('application/json')
        const body = (await response.json()) as { error: { code: string; message: string; messageKey: string } }
        expect(body.error).toMatchObject({ code: 'not_found', messageKey: 'input.unknownEndpoint' })
        expect(body.error.message).toContain(`${method} ${path}`)
      }
    }
  })
})
