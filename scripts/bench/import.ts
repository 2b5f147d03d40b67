// npm run bench:import: the file import at the size a team brings it. One zip of 1,000 web pages of
// ~30 KB (half of them GBK), 100 .docx and 100 .pdf of report length is added to an import batch
// and read by a worker in a process of its own (`npm run worker`, as production runs it), then every
// staged file is committed; in the same run, the floor: the same final texts written with one
// server-side COPY.
//
//   - throw-away embedded Postgres (.data/bench-import-postgres, port TAGBENCH_PG_PORT or 54379);
//   - prints files per second per format (staging), the time to the first staged row, the worker's
//     peak resident memory (VmHWM), commit time against COPY, and writes them into BENCHMARKS.md;
//   - and, in the same run, the reading floor: the same web pages read (extraction, metadata, hash)
//     with no database, in this process on one thread and then through a reading pool of the worker's
//     size, with the CPU milliseconds per page, so that the staging figure can be read on a busy machine
//     (the load average is printed beside them).
// Exits 0 with the figures (a miss is a figure), 1 when a step could not run.
import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import iconv from 'iconv-lite'
import { chromium } from 'playwright-core'
import yazl from 'yazl'
import { z } from 'zod'
import { migrate, openDatabase, recreateDatabase } from '../lib/database'
import { writeBenchmarkFigures } from './lib/benchmarks-file'
import { markdownTable } from './lib/stats'

const env = z
  .object({
    BENCH_IMPORT_HTML: z.coerce.number().int().min(10).max(10000).default(1000),
    BENCH_IMPORT_DOCX: z.coerce.number().int().min(0).max(1000).default(100),
    BENCH_IMPORT_PDF: z.coerce.number().int().min(0).max(1000).default(100),
  })
  .parse(process.env)

const PROVINCES = ['浙江省', '江苏省', '广东省', '山东省', '河南省', '四川省', '湖北省', '湖南省']
const COUNTIES = ['西湖区', '鼓楼区', '天河区', '历下区', '金水区', '锦江区', '江岸区', '岳麓区']

/** A report of about `size` characters, unique per index (so that none is a duplicate of another). */
function reportText(i: number, size: number): { title: string; paragraphs: string[] } {
  const county = COUNTIES[i % COUNTIES.length]
  const year = 2018 + (i % 6)
  const paragraphs: string[] = []
  let length = 0
  for (let p = 0; length < size; p++) {
    const line = `（${p + 1}）${year}年，${county}第${i}号报告第${p}段：坚持以习近平法治思想为指导，严格落实重大行政决策程序，全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，持续优化营商环境，完善府院联动机制，编号${i}-${p}。`
    paragraphs.push(line)
    length += line.length
  }
  return { title: `${county}${year}年法治政府建设情况报告（${i}）`, paragraphs }
}

function htmlPage(i: number, charset: 'utf-8' | 'gbk'): Buffer {
  const { title, paragraphs } = reportText(i, 9000)
  const province = PROVINCES[i % PROVINCES.length]
  const nav = Array.from({ length: 40 }, (_, k) => `<li><a href="/c${k}">栏目${k}</a></li>`).join('')
  const html = `<!DOCTYPE html><html><head><meta charset="${charset}"><title>${title}_${province}人民政府门户网站</title>
<style>${'.x{color:red}'.repeat(200)}</style><script>${'var a=1;'.repeat(300)}</script></head>
<body><ul class="nav">${nav}</ul><div>今天是 2024年1月5日 星期五</div><div>当前位置：首页 &gt; 政务公开</div>
<h1>${title}</h1><div>来源：${COUNTIES[i % COUNTIES.length]}人民政府 发布时间：2024-03-0${(i % 9) + 1}</div>
${paragraphs.map((p) => `<p style="text-indent:2em">${p}</p>`).join('\n')}
<div>打印本页 关闭窗口</div><ul>${nav}</ul><div>主办：${province}人民政府办公厅 ICP备05000001号</div></body></html>`
  return charset === 'gbk' ? iconv.encode(html, 'gbk') : Buffer.from(html)
}

function zipBuffer(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name)
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
function docx(i: number): Promise<Buffer> {
  const { title, paragraphs } = reportText(100000 + i, 9000)
  const body = [title, ...paragraphs].map((p) => `<w:p><w:r><w:t>${xmlEscape(p)}</w:t></w:r></w:p>`).join('')
  return zipBuffer([
    ['[Content_Types].xml', Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')],
    ['_rels/.rels', Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')],
    ['word/document.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`)],
  ])
}

async function pdfs(n: number): Promise<Buffer[]> {
  if (n === 0) return []
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage()
    const out: Buffer[] = []
    for (let i = 0; i < n; i++) {
      const { title, paragraphs } = reportText(200000 + i, 9000)
      await page.setContent(`<html><body style="font-family:'Noto Sans CJK SC'"><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`)
      out.push(await page.pdf({ format: 'A4' }))
    }
    return out
  } finally {
    await browser.close()
  }
}

const started = Date.now()
const work = mkdtempSync(path.join(os.tmpdir(), 'tagbench-bench-import-'))
const database = await openDatabase({ name: 'tagbench_bench_import', folder: 'bench-import-postgres', defaultPort: 54379, ephemeral: true })
let worker: ReturnType<typeof spawn> | null = null
let exitCode = 0
try {
  process.env.DATABASE_URL = database.url
  await recreateDatabase(database.url)
  await migrate(database.url)
  const { db } = await import('../../lib/db/client')
  const { query, sql, endSqlPool } = await import('../../lib/db/sql')
  const { addFileBytes, createBatch } = await import('../../lib/services/ingest')
  const { loadActor } = await import('../../lib/auth/actor')
  const { commitStagedFiles } = await import('../../lib/ingest/jobs')
  const { stopQueue } = await import('../../lib/jobs/queue')
  const { readFileContent } = await import('../../lib/ingest/read-file')
  const { ReadPool, readThreadCount } = await import('../../lib/ingest/read-pool')
  const { hashPassword } = await import('../../lib/auth/password')

  console.log(`Generating ${env.BENCH_IMPORT_HTML} web pages, ${env.BENCH_IMPORT_DOCX} .docx, ${env.BENCH_IMPORT_PDF} .pdf…`)
  const entries: [string, Buffer][] = []
  for (let i = 0; i < env.BENCH_IMPORT_HTML; i++) entries.push([`pages/${i}.html`, htmlPage(i, i % 2 ? 'gbk' : 'utf-8')])
  for (let i = 0; i < env.BENCH_IMPORT_DOCX; i++) entries.push([`word/${i}.docx`, await docx(i)])
  for (const [i, pdf] of (await pdfs(env.BENCH_IMPORT_PDF)).entries()) entries.push([`pdf/${i}.pdf`, pdf])
  const htmlBytes = entries.filter(([n]) => n.endsWith('.html')).reduce((s, [, b]) => s + b.length, 0)
  const zip = await zipBuffer(entries)
  console.log(`Zip: ${(zip.length / 1024 / 1024).toFixed(1)} MB; web pages ${(htmlBytes / env.BENCH_IMPORT_HTML / 1024).toFixed(1)} KB on average.`)

  const user = await db.user.create({ data: { email: 'bench@tagbench.test', name: 'bench', passwordHash: await hashPassword('bench-password-123') } })
  const project = await db.project.create({ data: { name: 'bench-import' } })
  await db.membership.create({ data: { projectId: project.id, userId: user.id, role: 'manager' } })
  const actor = (await loadActor(user.id, 'session'))!

  // The worker, alone in its process, as `npm run worker` runs it (bundled, without tsx's loader).
  const profile = process.env.BENCH_IMPORT_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${work}`] : []
  worker = spawn(process.execPath, [...profile, 'scripts/run-worker.mjs'], { env: { ...process.env, DATABASE_URL: database.url }, stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    worker!.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Tagbench worker: running')) resolve()
    })
    worker!.on('exit', (code) => reject(new Error(`the worker exited (${code}) before it started`)))
  })
  let peakKb = 0
  const sampleRss = () => {
    try {
      const status = readFileSync(`/proc/${worker!.pid}/status`, 'utf8')
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))
    } catch {
      // the worker has exited
    }
  }

  /** CPU seconds the worker process has used, all its threads together (utime + stime of /proc/<pid>/stat). */
  const workerCpuSeconds = () => {
    const fields = readFileSync(`/proc/${worker!.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  }
  const batch = await createBatch(actor, { projectId: project.id })
  const cpuAtUpload = workerCpuSeconds()
  const t0 = Date.now()
  await addFileBytes(batch.id, 'bench.zip', zip)
  const uploaded = Date.now()
  let firstStagedMs: number | null = null
  const total = entries.length
  for (;;) {
    sampleRss()
    const [c] = await query<{ staged: number; refused: number; queued: number }>(sql`
      SELECT count(*) FILTER (WHERE status = 'staged')::int AS staged, count(*) FILTER (WHERE status = 'refused')::int AS refused, count(*) FILTER (WHERE status = 'queued')::int AS queued
      FROM "StagedFile" WHERE "batchId" = ${batch.id} AND "parentId" IS NOT NULL`)
    if (firstStagedMs === null && c.staged > 0) firstStagedMs = Date.now() - t0
    if (c.staged + c.refused >= total) break
    if (Date.now() - t0 > 30 * 60 * 1000) throw new Error(`staging did not finish in 30 minutes (${c.staged + c.refused} of ${total})`)
    await new Promise((r) => setTimeout(r, 200))
  }
  const stagedAt = Date.now()
  const workerCpuMsPerFile = ((workerCpuSeconds() - cpuAtUpload) * 1000) / total
  sampleRss()
  const loadAtStaging = os.loadavg()

  // The floor of staging: the same pages read with no database, right after (the same load).
  const pages = entries.filter(([n]) => n.endsWith('.html')).map(([n, bytes]) => ({ path: n, bytes: new Uint8Array(bytes) }))
  const threads = readThreadCount()
  for (const p of pages.slice(0, 20)) await readFileContent(p) // loads the division list and the parser
  const cpu0 = process.cpuUsage()
  const r0 = performance.now()
  for (const p of pages) await readFileContent(p)
  const oneThreadMs = performance.now() - r0
  const cpu = process.cpuUsage(cpu0)
  const cpuMsPerPage = (cpu.user + cpu.system) / 1000 / pages.length
  let poolMs: number | null = null
  if (threads > 0) {
    const pool = new ReadPool(threads)
    await Promise.all(pages.slice(0, threads * 4).map((p) => pool.read(p))) // starts the threads
    const p0 = performance.now()
    await Promise.all(pages.map((p) => pool.read(p)))
    poolMs = performance.now() - p0
    await pool.close()
  }
  const perFormat = await query<{ format: string | null; n: number; refused: number; first: Date; last: Date }>(sql`
    SELECT format, count(*)::int AS n, count(*) FILTER (WHERE status = 'refused')::int AS refused, min("updatedAt") AS first, max("updatedAt") AS last
    FROM "StagedFile" WHERE "batchId" = ${batch.id} AND "parentId" IS NOT NULL GROUP BY format ORDER BY format`)

  // Commit everything staged, then the floor: the same final texts, one server-side COPY.
  const ids = (await db.stagedFile.findMany({ where: { batchId: batch.id, status: 'staged' }, select: { id: true } })).map((r) => r.id)
  const c0 = Date.now()
  const outcome = await commitStagedFiles({ batchId: batch.id, actorId: actor.id, ids })
  const commitMs = Date.now() - c0
  // The floor writes what a document row holds of size: its title, its text and the original text beside it.
  const docs = await query<{ title: string; text: string; originalText: string }>(sql`SELECT title, text, "originalText" FROM "Document" WHERE "projectId" = ${project.id}`)
  const csv = path.join(work, 'floor.csv')
  writeFileSync(csv, docs.map((d) => [d.title, d.text, d.originalText].map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\n'), { mode: 0o644 })
  // The server reads the file itself, as its own user: the folder must let it in.
  chmodSync(work, 0o755)
  await query(sql`CREATE TABLE bench_floor (title text, text text, "originalText" text)`)
  const f0 = Date.now()
  await query(sql`COPY bench_floor (title, text, "originalText") FROM ${sql.raw(`'${csv.replace(/'/g, "''")}'`)} WITH (FORMAT csv)`)
  const floorMs = Date.now() - f0

  const seconds = (ms: number) => (ms / 1000).toFixed(1)
  const rows: string[][] = perFormat.map((f) => {
    const span = Math.max(f.last.getTime() - uploaded, 1)
    return [f.format ?? '(refused)', String(f.n), String(f.refused), `${((f.n * 1000) / span).toFixed(0)} files/s`]
  })
  const stagingSeconds = (stagedAt - t0) / 1000
  const htmlRow = perFormat.find((f) => f.format === 'html')
  const htmlRate = htmlRow ? (htmlRow.n * 1000) / Math.max(htmlRow.last.getTime() - uploaded, 1) : 0
  const figures = [
    ['files staged', `${total} in ${stagingSeconds.toFixed(1)} s (${(total / stagingSeconds).toFixed(0)} files/s overall)`, ''],
    ['web pages staged per second', `${htmlRate.toFixed(0)}`, '≥ 100'],
    ['first staged row after upload', `${((firstStagedMs ?? 0) / 1000).toFixed(2)} s`, '< 2 s'],
    ['worker peak RSS (VmHWM)', `${(peakKb / 1024).toFixed(0)} MB (${threads} reading thread${threads === 1 ? '' : 's'})`, '< 400 MB'],
    ['worker CPU per staged file (all its threads, all formats; unzip and database work included)', `${workerCpuMsPerFile.toFixed(1)} ms`, ''],
    ['floor: the same pages read in-process, one thread (no database)', `${((pages.length * 1000) / oneThreadMs).toFixed(0)} pages/s, ${cpuMsPerPage.toFixed(2)} ms CPU per page`, ''],
    [`floor: the same pages read through a pool of ${threads} thread${threads === 1 ? '' : 's'} (no database)`, poolMs === null ? 'no pool (TAGBENCH_IMPORT_THREADS=0)' : `${((pages.length * 1000) / poolMs).toFixed(0)} pages/s`, ''],
    ['load average (1, 5, 15 min) when staging ended', loadAtStaging.map((l) => l.toFixed(2)).join(', '), ''],
    ['commit', `${outcome.imported} documents in ${seconds(commitMs)} s`, ''],
    ['COPY of the same texts (floor)', `${seconds(floorMs)} s`, ''],
    ['commit throughput ÷ COPY', `${(floorMs / Math.max(commitMs, 1)).toFixed(2)}×`, '≥ 0.3×'],
  ]
  const block = [
    `Run ${new Date().toISOString().slice(0, 16)}Z on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; ${(zip.length / 1024 / 1024).toFixed(1)} MB zip, web pages ${(htmlBytes / env.BENCH_IMPORT_HTML / 1024).toFixed(1)} KB on average (half GBK). Command: \`npm run bench:import\`.`,
    '',
    markdownTable(['format', 'files', 'refused', 'staged per second (from upload to its last file)'], rows),
    '',
    markdownTable(['figure', 'measured', 'target'], figures),
  ].join('\n')
  console.log(`\n${block}\n`)
  console.log(`Written into ${writeBenchmarkFigures('import', 'File import', block)}`)
  await stopQueue().catch(() => undefined)
  await db.$disconnect()
  await endSqlPool()
} catch (error) {
  console.error('bench:import failed:', error)
  exitCode = 1
} finally {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 3000))
    if (worker.exitCode === null) worker.kill('SIGKILL')
  }
  // With BENCH_IMPORT_PROFILE=1 the worker's CPU profile is kept (open it in Chrome's DevTools).
  if (process.env.BENCH_IMPORT_PROFILE === '1') {
    const { cpSync } = await import('node:fs')
    cpSync(work, path.resolve('.data/bench-import-profile'), { recursive: true, filter: (f) => !f.endsWith('.csv') })
    console.log('Worker CPU profile: .data/bench-import-profile/')
  }
  await database.stop()
  rmSync(work, { recursive: true, force: true })
  console.log(`bench:import took ${((Date.now() - started) / 1000).toFixed(0)} s`)
}
process.exit(exitCode)
