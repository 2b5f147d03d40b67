// Creating documents through /api/v1: the text is kept exactly (code points, astral characters,
// \r\n), a text is imported once, only managers may import, and bad input is refused field by field.
//
// Writes go to a throw-away project of their own (the demo manager is its manager, the demo reviewer
// and annotator its reviewer and annotator), so that specs running at the same time still see exactly
// five documents in the demo project.
import { createHash } from 'node:crypto'
import type pg from 'pg'
import { bearer, errorOf, expect, test as base } from './fixtures'
import { roleUsers } from './roles'

interface Scratch {
  projectId: string
  /** Documents of the scratch project, counted in the database. */
  count: () => Promise<number>
}

let counter = 0

const test = base.extend<{ scratch: Scratch }>({
  scratch: async ({ sql }, use) => {
    const suffix = `${process.pid}-${Date.now()}-${counter++}`
    const projectId = `e2eapi${suffix.replace(/-/g, '')}`
    await sql.query('INSERT INTO "Project" (id, name, description) VALUES ($1, $2, $3)', [projectId, `API 测试项目 ${suffix}`, 'Created and removed by e2e/api-documents-write.spec.ts'])
    const members: [string, string][] = [
      [roleUsers.manager, 'manager'],
      [roleUsers.reviewer, 'reviewer'],
      [roleUsers.annotator, 'annotator'],
    ]
    for (const [i, [email, role]] of members.entries()) {
      await sql.query('INSERT INTO "Membership" (id, "projectId", "userId", role) SELECT $1, $2, id, $3::"ProjectRole" FROM "User" WHERE email = $4', [`${projectId}m${i}`, projectId, role, email])
    }
    const count = async () => {
      const { rows } = await sql.query('SELECT count(*)::int AS n FROM "Document" WHERE "projectId" = $1', [projectId])
      return rows[0].n as number
    }
    await use({ projectId, count })
    await sql.query('DELETE FROM "Document" WHERE "projectId" = $1', [projectId])
    await sql.query('DELETE FROM "Project" WHERE id = $1', [projectId])
  },
})

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

async function deleteDocuments(sql: pg.Pool, ids: string[]) {
  if (ids.length) await sql.query('DELETE FROM "Document" WHERE id = ANY($1)', [ids])
}

test.describe('creating a document', () => {
  test('a manager creates a document whose text comes back identical, measured in code points', async ({ request, sql, tokenFor, scratch }) => {
    const token = await tokenFor(roleUsers.manager)
    const marker = Date.now().toString(36)
    // Astral characters (two UTF-16 units each), \r\n, U+00A0, U+3000 and full-width punctuation.
    const text = `𠮷野家的报告 ${marker}\r\n第一段：依法行政🙂，\u00a0成效显著。\r\n\u3000\u3000第二段𡈼（完）👍🏽`
    const created: string[] = []
    try {
      const response = await request.post(`/api/v1/projects/${scratch.projectId}/documents`, {
        headers: bearer(token),
        data: { title: `代码点测试 ${marker}`, text, meta: { province: '吉林省', city: '梅河口市', report_year: 2022, published: '2023-01-12', source_url: 'https://example.org/report' } },
      })
      expect(response.status()).toBe(201)
      const doc = (await response.json()) as { id: string; projectId: string; title: string; text: string; length: number; textSha256: string; meta: Record<string, unknown> }
      created.push(doc.id)
      expect(doc.projectId).toBe(scratch.projectId)
      expect(doc.title).toBe(`代码点测试 ${marker}`)
      expect(doc.text).toBe(text)
      expect(doc.length).toBe([...text].length)
      expect(doc.length).toBeLessThan(text.length) // the astral characters really are there
      expect(doc.textSha256).toBe(sha256(text))
      expect(doc.meta).toMatchObject({ province: '吉林省', city: '梅河口市', county: null, report_year: 2022, published: '2023-01-12', signed: null, source_url: 'https://example.org/report' })

      const read = await request.get(`/api/v1/documents/${doc.id}`, { headers: bearer(token) })
      expect(read.status()).toBe(200)
      const back = (await read.json()) as typeof doc
      expect(back.text).toBe(text)
      expect(back.text).toContain('\r\n')
      expect({ length: back.length, textSha256: back.textSha256, meta: back.meta }).toEqual({ length: doc.length, textSha256: doc.textSha256, meta: doc.meta })

      const { rows } = await sql.query('SELECT text, length FROM "Document" WHERE id = $1', [doc.id])
      expect(rows[0]).toEqual({ text, length: [...text].length })
      expect(await scratch.count()).toBe(1)

      // The same text again, under another title: refused, with a sentence naming the existing document.
      const again = await request.post(`/api/v1/projects/${scratch.projectId}/documents`, { headers: bearer(token), data: { title: `再次导入 ${marker}`, text } })
      expect(again.status()).toBe(409)
      const error = await errorOf(again)
      expect(error.code).toBe('conflict')
      expect(error.message).toContain(`代码点测试 ${marker}`)
      expect(error.message).toMatch(/already/)
      expect(await scratch.count()).toBe(1)
    } finally {
      await deleteDocuments(sql, created)
    }
  })

  test('the text is kept byte for byte: no trimming, no line-ending or Unicode normalisation', async ({ request, sql, tokenFor, scratch }) => {
    const token = await tokenFor(roleUsers.manager)
    // Leading and trailing whitespace, a lone \r, a decomposed é (e + U+0301) next to a precomposed é.
    const text = `  \r\n 开头有空白 ${Date.now()}\re\u0301 \u00e9\t\n\n`
    const created: string[] = []
    try {
      const response = await request.post(`/api/v1/projects/${scratch.projectId}/documents`, { headers: bearer(token), data: { title: '空白与组合字符', text } })
      expect(response.status()).toBe(201)
      const doc = (await response.json()) as { id: string; text: string; length: number; textSha256: string }
      created.push(doc.id)
      const back = (await (await request.get(`/api/v1/documents/${doc.id}`, { headers: bearer(token) })).json()) as typeof doc
      expect(back.text).toBe(text)
      expect(back.length).toBe([...text].length)
      expect(back.textSha256).toBe(sha256(text))
    } finally {
      await deleteDocuments(sql, created)
    }
  })

  for (const role of ['annotator', 'reviewer'] as const) {
    test(`the role ${role} may not create documents: 403 and nothing stored`, async ({ request, tokenFor, scratch }) => {
      const response = await request.post(`/api/v1/projects/${scratch.projectId}/documents`, {
        headers: bearer(await tokenFor(roleUsers[role])),
        data: { title: `不该导入 ${role}`, text: `${role} 试图导入的文本 ${Date.now()}` },
      })
      expect(response.status()).toBe(403)
      const error = await errorOf(response)
      expect(error.code).toBe('forbidden')
      expect(error.message).toContain(role)
      expect(error.message).toMatch(/manager/)
      expect(await scratch.count()).toBe(0)
    })
  }
})

test.describe('refusing bad input', () => {
  const fine = { title: '合格的标题', text: '合格的正文。', meta: { report_year: 2023 } }
  const cases: { name: string; body: unknown; field: string; says?: RegExp }[] = [
    { name: 'missing title', body: { text: fine.text }, field: 'body.title' },
    { name: 'blank title', body: { ...fine, title: '   ' }, field: 'body.title', says: /empty/ },
    { name: 'empty text', body: { ...fine, text: '' }, field: 'body.text', says: /empty/ },
    { name: 'text with a lone surrogate', body: { ...fine, text: 'broken \ud842 text' }, field: 'body.text', says: /surrogate|well-formed/ },
    { name: 'report_year as a string', body: { ...fine, meta: { report_year: '2023' } }, field: 'body.meta.report_year', says: /number/ },
    { name: 'report_year not a whole number', body: { ...fine, meta: { report_year: 2023.5 } }, field: 'body.meta.report_year' },
    { name: 'published not a date', body: { ...fine, meta: { published: 'last spring' } }, field: 'body.meta.published', says: /YYYY-MM-DD/ },
    { name: 'published on a day that does not exist', body: { ...fine, meta: { published: '2023-02-30' } }, field: 'body.meta.published', says: /YYYY-MM-DD/ },
    { name: 'source_url not a URL', body: { ...fine, meta: { source_url: 'not a url' } }, field: 'body.meta.source_url', says: /URL/ },
  ]

  for (const c of cases) {
    test(`${c.name}: 400 naming ${c.field}, nothing stored`, async ({ request, tokenFor, scratch }) => {
      const response = await request.post(`/api/v1/projects/${scratch.projectId}/documents`, { headers: bearer(await tokenFor(roleUsers.manager)), data: c.body })
      expect(response.status()).toBe(400)
      const error = await errorOf(response)
      expect(error.code).toBe('invalid')
      expect(error.message).toContain(c.field)
      const field = error.fields?.find((f) => f.path === c.field)
      expect(field, JSON.stringify(error.fields)).toBeDefined()
      if (c.says) expect(field!.message).toMatch(c.says)
      expect(await scratch.count()).toBe(0)
    })
  }

  test('an unknown meta key: 400 naming the key, nothing stored', async ({ request, tokenFor, scratch }) => {
    const response = await request.post(`/api/v1/projects/${scratch.projectId}/documents`, {
      headers: bearer(await tokenFor(roleUsers.manager)),
      data: { ...fine, meta: { report_year: 2023, reporter_name: '张三' } },
    })
    expect(response.status()).toBe(400)
    const error = await errorOf(response)
    expect(error.code).toBe('invalid')
    expect(error.message).toContain('reporter_name')
    expect(error.message).toContain('body.meta')
    const field = error.fields?.find((f) => f.path.startsWith('body.meta') && `${f.path} ${f.message}`.includes('reporter_name'))
    expect(field, JSON.stringify(error.fields)).toBeDefined()
    expect(await scratch.count()).toBe(0)
  })

  test('a body that is not JSON: 400 that says so, nothing stored', async ({ request, tokenFor, scratch }) => {
    const response = await request.post(`/api/v1/projects/${scratch.projectId}/documents`, {
      headers: { ...bearer(await tokenFor(roleUsers.manager)), 'Content-Type': 'application/json' },
      // A Buffer is sent as it is (a string would be JSON-encoded by Playwright).
      data: Buffer.from('{"title": "半截的 JSON", "text": '),
    })
    expect(response.status()).toBe(400)
    const error = await errorOf(response)
    expect(error.code).toBe('invalid')
    expect(error.message).toMatch(/JSON/)
    expect(await scratch.count()).toBe(0)
  })

  test('a wrong content type: 400 that names the expected one, nothing stored', async ({ request, tokenFor, scratch }) => {
    const token = await tokenFor(roleUsers.manager)
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      await test.step(contentType, async () => {
        const response = await request.post(`/api/v1/projects/${scratch.projectId}/documents`, {
          headers: { ...bearer(token), 'Content-Type': contentType },
          data: Buffer.from(JSON.stringify(fine)),
        })
        expect(response.status()).toBe(400)
        const error = await errorOf(response)
        expect(error.code).toBe('invalid')
        expect(error.message).toContain('application/json')
      })
    }
    expect(await scratch.count()).toBe(0)
  })
})
