// The export benchmark's data: 2,000 reports of exactly 10,000 code points and 100,000 approved
// tags (50 per report) plus 10,000 pending or rejected ones that the export must leave out, in the
// demo project. Built from the demo reports' own sentences, shuffled into new paragraphs, with
// astral characters sprinkled in; inserted in bulk with SQL. The database is kept between runs:
// when it already holds exactly this data (same generator version), the seeding is skipped.
import { createHash, randomUUID } from 'node:crypto'
import pg from 'pg'
import { splitSentences, type Sentence } from '../../../lib/text/sentences'
import { migrate, openDatabase, recreateDatabase, type Database } from '../../lib/database'
import { chooseSpans, countBadQuotes, demoBodies, demoIds, spanText } from './corpus'
import { labelTree, random } from './review-data'

export const DOCUMENTS = 2_000
export const CODE_POINTS = 10_000
export const APPROVED_PER_DOCUMENT = 50
/** Pending or rejected tags per report: the export's status filter has something to leave out. */
export const OTHER_PER_DOCUMENT = 5
/** Every DOUBLE_EVERY-th report was tagged by both annotators (the manifest's agreement figures have work to do). */
const DOUBLE_EVERY = 10
/** Bump when the generator changes: a database seeded by another version is rebuilt. */
const SEED_VERSION = 'bench-export-seed-1'
const MARKER_TABLE = '_bench_export_seed'
const ID_PREFIX = 'bench-export-doc-'

export interface ExportBenchSetup {
  database: Database
  url: string
  projectId: string
  reused: boolean
  notes: string[]
}

interface Marker {
  version: string
  projectId: string
  documents: number
  approved: number
  other: number
  note: string
}

const ASTRAL = ['𠮷', '𡈼', '🙂', '𤭢', '😀']
const PLACES: [string, string, string][] = [
  ['广东省', '广州市', '地级市'],
  ['浙江省', '杭州市', '地级市'],
  ['江苏省', '苏州市', '地级市'],
  ['四川省', '成都市', '地级市'],
  ['湖北省', '荆州市', '地级市'],
  ['山西省', '忻州市', '地级市'],
  ['吉林省', '梅河口市', '县级市'],
  ['甘肃省', '兰州市', '地级市'],
  ['山东省', '青岛市', '地级市'],
  ['福建省', '厦门市', '地级市'],
  ['河南省', '洛阳市', '地级市'],
  ['云南省', '昆明市', '地级市'],
]

interface GeneratedDocument {
  id: string
  title: string
  text: string
  sha: string
  province: string
  city: string
  level: string
  year: number
  issuer: string
  published: string
  sourceUrl: string
}

interface GeneratedTag {
  id: string
  documentId: string
  labelId: string
  start: number
  end: number
  quote: string
  prefix: string
  suffix: string
  authorId: string
  reviewerId: string | null
  status: 'approved' | 'pending' | 'rejected'
  source: 'manual' | 'suggestion' | 'import'
  version: number
  createdAt: string
}

/** The demo reports' sentences (2–200 code points), the material every generated report is cut from. */
async function sentencePool(): Promise<string[]> {
  const pool: string[] = []
  for (const body of await demoBodies()) {
    const chars = Array.from(body.text)
    for (const s of splitSentences(body.text)) if (s.end - s.start >= 2 && s.end - s.start <= 200) pool.push(chars.slice(s.start, s.end).join(''))
  }
  return pool
}

/**
 * Exactly CODE_POINTS code points: a heading line, then paragraphs of 2–7 sentences drawn at random
 * from the demo reports (their CJK text and full-width punctuation 。，；：、“” as written), a line
 * break after each paragraph, and an astral character after every 400–800 ordinary ones.
 */
function reportText(heading: string, pool: string[], rng: () => number): string {
  const out: string[] = Array.from(`${heading}\n`)
  let untilAstral = 400 + Math.floor(rng() * 400)
  while (out.length < CODE_POINTS) {
    const sentences = 2 + Math.floor(rng() * 6)
    for (let k = 0; k < sentences && out.length < CODE_POINTS; k++) {
      for (const ch of pool[Math.floor(rng() * pool.length)]) {
        if (out.length >= CODE_POINTS) break
        out.push(ch)
        if (--untilAstral <= 0 && out.length < CODE_POINTS) {
          out.push(ASTRAL[Math.floor(rng() * ASTRAL.length)])
          untilAstral = 400 + Math.floor(rng() * 400)
        }
      }
    }
    if (out.length < CODE_POINTS) out.push('\n')
  }
  // A report ends on a character, not on a line break or a space.
  while (/\s/u.test(out[out.length - 1])) out[out.length - 1] = '。'
  return out.join('')
}

function generateDocuments(pool: string[]): GeneratedDocument[] {
  const rng = random(20261122)
  return Array.from({ length: DOCUMENTS }, (_, i) => {
    const [province, city, level] = PLACES[i % PLACES.length]
    const year = 2019 + (i % 6)
    const n = i + 1
    const title = `${city}关于${year}年法治政府建设情况的报告（基准第${n}号）`
    const text = reportText(title, pool, rng)
    const month = 1 + (i % 12)
    return {
      id: `${ID_PREFIX}${String(n).padStart(4, '0')}`,
      title,
      text,
      sha: createHash('sha256').update(text, 'utf8').digest('hex'),
      province,
      city,
      level,
      year,
      issuer: i % 3 === 0 ? `${city}司法局` : `${city}人民政府`,
      published: `${year + 1}-${String(month).padStart(2, '0')}-15`,
      sourceUrl: `https://www.example.gov.cn/fzzf/${year}/${n}.html`,
    }
  })
}

/**
 * Per report, 55 tags on whole sentences with ~10 % nested or crossing extra spans (chooseSpans):
 * 50 approved by the reviewer and 5 pending or rejected. Leaf labels of the demo taxonomy at random.
 * Most reports have one author (annotator1 and annotator2 take turns); every 10th was tagged by
 * both, who mostly agree (28 spans by one, 27 of the same spans by the other, a fifth with another label).
 */
function generateTags(docs: GeneratedDocument[], leafIds: string[], annotators: [string, string], reviewerId: string): GeneratedTag[] {
  const rng = random(20261123)
  const pick = <T>(list: T[]) => list[Math.floor(rng() * list.length)]
  const now = Date.parse('2026-11-20T00:00:00Z')
  const tags: GeneratedTag[] = []
  docs.forEach((doc, i) => {
    const chars = Array.from(doc.text)
    const total = APPROVED_PER_DOCUMENT + OTHER_PER_DOCUMENT
    let spans: (Sentence & { labelId: string; authorId: string })[]
    if (i % DOUBLE_EVERY === DOUBLE_EVERY - 1) {
      const first = chooseSpans(doc.text, Math.ceil(total / 2)).map((s) => ({ ...s, labelId: pick(leafIds), authorId: annotators[0] }))
      const second = first.slice(0, total - first.length).map((s) => ({ ...s, labelId: rng() < 0.8 ? s.labelId : pick(leafIds), authorId: annotators[1] }))
      spans = [...first, ...second]
    } else {
      spans = chooseSpans(doc.text, total).map((s) => ({ ...s, labelId: pick(leafIds), authorId: annotators[i % 2] }))
    }
    // Which 5 are not approved: drawn at random.
    const order = spans.map((_, k) => k).sort(() => rng() - 0.5)
    const notApproved = new Set(order.slice(0, OTHER_PER_DOCUMENT))
    spans.forEach((span, k) => {
      const status = notApproved.has(k) ? (rng() < 0.6 ? 'pending' : 'rejected') : 'approved'
      const s = rng()
      tags.push({
        id: randomUUID(),
        documentId: doc.id,
        labelId: span.labelId,
        start: span.start,
        end: span.end,
        ...spanText(chars, span),
        authorId: span.authorId,
        reviewerId: status === 'pending' ? null : reviewerId,
        status,
        source: s < 0.9 ? 'manual' : s < 0.97 ? 'suggestion' : 'import',
        version: status === 'pending' ? 1 : 2,
        createdAt: new Date(now - Math.floor(rng() * 60 * 86_400_000)).toISOString(),
      })
    })
  })
  return tags
}

async function insertDocuments(sql: pg.Pool, projectId: string, importedById: string, docs: GeneratedDocument[], chunk = 100) {
  for (let i = 0; i < docs.length; i += chunk) {
    const part = docs.slice(i, i + chunk)
    const col = <K extends keyof GeneratedDocument>(key: K) => part.map((d) => d[key])
    await sql.query(
      `INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length, "originalFileName", province, city, level, "reportYear", issuer, "publishedOn", "sourceUrl", "importedById")
       SELECT u.id, $1, u.title, u.text, u.sha, $2, u.id || '.txt', u.province, u.city, u.level, u.year, u.issuer, u.published::date, u.url, $3
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[])
            AS u(id, title, text, sha, province, city, level, year, issuer, published, url)`,
      [projectId, CODE_POINTS, importedById, col('id'), col('title'), col('text'), col('sha'), col('province'), col('city'), col('level'), col('year'), col('issuer'), col('published'), col('sourceUrl')],
    )
  }
}

async function insertTags(sql: pg.Pool, projectId: string, tags: GeneratedTag[], chunk = 10_000) {
  // No TagEvent rows: the export does not read the history, and the setup stays short.
  for (let i = 0; i < tags.length; i += chunk) {
    const part = tags.slice(i, i + chunk)
    const col = <K extends keyof GeneratedTag>(key: K) => part.map((t) => t[key])
    await sql.query(
      `INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", "reviewerId", status, source, version, "createdAt", "updatedAt")
       SELECT u.id, $1, u.doc, u.label, u.s, u.e, u.q, u.p, u.x, u.author, u.reviewer, u.status::"TagStatus", u.source::"TagSource", u.version,
              u.created::timestamptz, u.created::timestamptz
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::text[])
            AS u(id, doc, label, s, e, q, p, x, author, reviewer, status, source, version, created)`,
      [projectId, col('id'), col('documentId'), col('labelId'), col('start'), col('end'), col('quote'), col('prefix'), col('suffix'), col('authorId'), col('reviewerId'), col('status'), col('source'), col('version'), col('createdAt')],
    )
  }
}

async function readMarker(sql: pg.Pool): Promise<Marker | null> {
  try {
    const { rows } = await sql.query<{ value: Marker }>(`SELECT value FROM "${MARKER_TABLE}"`)
    return rows[0]?.value ?? null
  } catch {
    return null // no marker table: not seeded by this script
  }
}

/** Counts the data as the figures describe it; null when it is not (or no longer) what the generator makes. */
async function checkData(sql: pg.Pool, projectId: string): Promise<string | null> {
  const { rows } = await sql.query<{ docs: number; short: number; approved: number; other: number; min: number; max: number }>(
    `WITH per AS (
       SELECT d.id, char_length(d.text) AS len,
              count(t.id) FILTER (WHERE t.status = 'approved' AND t."deletedAt" IS NULL) AS approved,
              count(t.id) FILTER (WHERE t.status <> 'approved' OR t."deletedAt" IS NOT NULL) AS other
       FROM "Document" d LEFT JOIN "Tag" t ON t."documentId" = d.id
       WHERE d."projectId" = $1 AND d.id LIKE '${ID_PREFIX}%' GROUP BY d.id)
     SELECT count(*)::int AS docs, count(*) FILTER (WHERE len <> ${CODE_POINTS})::int AS short, coalesce(sum(approved), 0)::int AS approved,
            coalesce(sum(other), 0)::int AS other, coalesce(min(approved), 0)::int AS min, coalesce(max(approved), 0)::int AS max FROM per`,
    [projectId],
  )
  const r = rows[0]
  if (r.docs !== DOCUMENTS || r.short !== 0 || r.approved !== DOCUMENTS * APPROVED_PER_DOCUMENT || r.min !== APPROVED_PER_DOCUMENT || r.max !== APPROVED_PER_DOCUMENT || r.other !== DOCUMENTS * OTHER_PER_DOCUMENT) {
    return null
  }
  const { rows: approvedElsewhere } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Tag" WHERE "projectId" = $1 AND status = 'approved' AND "documentId" NOT LIKE '${ID_PREFIX}%'`,
    [projectId],
  )
  if (approvedElsewhere[0].n !== 0) return null
  return `${r.docs.toLocaleString('en')} reports of exactly ${CODE_POINTS.toLocaleString('en')} code points; ${r.approved.toLocaleString('en')} approved tags (${r.min}–${r.max} per report) and ${r.other.toLocaleString('en')} pending or rejected ones`
}

/**
 * Opens the benchmark's own Postgres (never DATABASE_URL) and makes sure it holds the data: reused
 * when the marker and the counts match, else the database is recreated, migrated, seeded with the
 * demo and filled.
 */
export async function prepareExportDatabase(opts: { name: string; folder: string; port: number; demoPassword: string; log: (line: string) => void }): Promise<ExportBenchSetup> {
  delete process.env.DATABASE_URL
  const database = await openDatabase({ name: opts.name, folder: opts.folder, defaultPort: opts.port, ephemeral: true })
  const notes: string[] = []
  try {
    process.env.DATABASE_URL = database.url
    let sql = new pg.Pool({ connectionString: database.url, max: 2 })
    sql.on('error', () => undefined)
    try {
      const marker = await readMarker(sql)
      if (marker && marker.version === SEED_VERSION) {
        await migrate(database.url)
        const counted = await checkData(sql, marker.projectId)
        if (counted) {
          opts.log(`Reusing the seeded database (${SEED_VERSION}): ${counted}`)
          return { database, url: database.url, projectId: marker.projectId, reused: true, notes: [marker.note, counted] }
        }
        opts.log('The seeded database does not hold the expected data any more: rebuilding it.')
      }
      await sql.end()
      await recreateDatabase(database.url)
      sql = new pg.Pool({ connectionString: database.url, max: 2 })
      sql.on('error', () => undefined)
      await migrate(database.url)
      // Imported late: the Prisma client reads DATABASE_URL when it is first used.
      const { seedDemo } = await import('../../../seeds/demo')
      const { db } = await import('../../../lib/db/client')
      const { endSqlPool } = await import('../../../lib/db/sql')
      // Without the labelled demo set: the figures count every approved tag as generated here.
      await seedDemo({ password: opts.demoPassword, log: opts.log, labelledSet: false })
      await db.$disconnect()
      await endSqlPool()

      const ids = await demoIds(sql)
      const { rows: a2 } = await sql.query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'annotator2@tagbench.test'`)
      const labels = await labelTree(sql, ids.projectId)
      let t0 = Date.now()
      const docs = generateDocuments(await sentencePool())
      const tags = generateTags(docs, labels.leafIds, [ids.annotatorId, a2[0].id], ids.reviewerId)
      opts.log(`Generated ${docs.length} reports and ${tags.length} tags in ${Date.now() - t0} ms`)
      t0 = Date.now()
      await insertDocuments(sql, ids.projectId, ids.managerId, docs)
      const t1 = Date.now()
      await insertTags(sql, ids.projectId, tags)
      const t2 = Date.now()
      await sql.query('VACUUM ANALYZE "Document", "Tag", "Label", "User", "Membership", "Project"')
      opts.log(`Inserted the reports in ${t1 - t0} ms and the tags in ${t2 - t1} ms; VACUUM ANALYZE in ${Date.now() - t2} ms`)

      const counted = await checkData(sql, ids.projectId)
      if (!counted) throw new Error('The generated data does not add up (see checkData): the generator is wrong.')
      let bad = 0
      for (const d of [docs[0], docs[DOUBLE_EVERY - 1], docs[1234], docs[DOCUMENTS - 1]]) bad += await countBadQuotes(sql, d.id)
      if (bad) throw new Error(`${bad} tags on the sampled reports do not match the text (quote/prefix/suffix): the generator is wrong.`)
      const astral = docs.reduce((n, d) => n + (d.text.length - CODE_POINTS), 0)
      const lines = docs.reduce((n, d) => n + d.text.split('\n').length, 0)
      const doubles = docs.filter((_, i) => i % DOUBLE_EVERY === DOUBLE_EVERY - 1).length
      const note =
        `the demo project and taxonomy (${labels.leafIds.length} leaf labels), plus reports made of the demo reports' sentences in random order, ` +
        `${(lines / docs.length).toFixed(0)} lines and ${(astral / docs.length).toFixed(0)} astral characters per report on average; ` +
        `${DOCUMENTS - doubles} reports tagged by one annotator, ${doubles} by two; quotes checked on 4 reports`
      const seeded: Marker = { version: SEED_VERSION, projectId: ids.projectId, documents: DOCUMENTS, approved: DOCUMENTS * APPROVED_PER_DOCUMENT, other: DOCUMENTS * OTHER_PER_DOCUMENT, note }
      await sql.query(`CREATE TABLE "${MARKER_TABLE}" (value jsonb NOT NULL)`)
      await sql.query(`INSERT INTO "${MARKER_TABLE}" (value) VALUES ($1)`, [JSON.stringify(seeded)])
      notes.push(note, counted)
      opts.log(`Seeded: ${counted}`)
      return { database, url: database.url, projectId: ids.projectId, reused: false, notes }
    } finally {
      await sql.end()
    }
  } catch (error) {
    await database.stop()
    throw error
  }
}
