// The metadata reader on the shapes government pages take: labelled lines, index tables, the
// "today" strip, signatures, years from title, opening sentence or publication, and places.
import { describe, expect, it } from 'vitest'
import { parseDate, readMetadata } from '.'
import { levelFromChinese } from './levels'

/** Text with its body: the lines after `---` up to `===` (code points). */
function input(head: string, body: string, tail = '', page?: { title: string | null }) {
  const text = `${head}\n${body}\n${tail}`
  const start = Array.from(`${head}\n`).length
  return { text, body: { start, end: start + Array.from(body).length }, fileName: 'x.html', page: page ? { title: page.title, meta: {}, canonicalUrl: null, savedFromUrl: null } : undefined }
}
const prose = (n: number, s: string) => Array.from({ length: n }, (_, i) => `${s}第${i + 1}条：依法行政，法治政府建设取得新成效，严格执行重大行政决策程序。`).join('\n')

describe('readMetadata', () => {
  it('reads labelled lines and never the page’s today strip', () => {
    const m = readMetadata(input('今天是 2024年5月6日 星期一\n首页 > 政务公开\n朝阳区2023年法治政府建设情况报告\n来源：北京市朝阳区人民政府 发布日期：2024-03-01 浏览次数：120', `2023年，朝阳区${prose(20, '')}`))
    expect(m.published).toMatchObject({ value: '2024-03-01', source: '发布日期 line' })
    expect(m.issuer.value).toBe('北京市朝阳区人民政府')
    expect(m.title.value).toBe('朝阳区2023年法治政府建设情况报告')
    expect(m.reportYear).toMatchObject({ value: 2023, source: 'title' })
    expect([m.province.value, m.city.value, m.county.value, m.level.value]).toEqual(['北京市', '北京市', '朝阳区', 'county'])
  })

  it('tells two places of one name apart by the city the issuer or the body names (朝阳区 of 长春)', () => {
    const m = readMetadata(input('长春市朝阳区2022年法治政府建设工作报告', `2022年，我区在长春市委、市政府领导下${prose(20, '')}`))
    expect([m.province.value, m.city.value, m.county.value]).toEqual(['吉林省', '长春市', '朝阳区'])
    const byBody = readMetadata(input('宝山区2022年法治政府建设工作报告', `2022年，宝山区在上海市委、市政府的领导下，对标上海国际化大都市${prose(20, '')}`))
    expect(byBody.province.value).toBe('上海市')
  })

  it('reads the signature and a date in Chinese numerals under it, and a year from the opening sentence', () => {
    const m = readMetadata(input('', `市人大常委会：\n2021年，我县${prose(20, '')}\n某某县人民政府\n二〇二二年一月十二日`))
    expect(m.signed).toMatchObject({ value: '2022-01-12', source: 'signature' })
    expect(m.reportYear).toMatchObject({ value: 2021, source: 'opening sentence' })
    expect(m.issuer).toMatchObject({ value: '某某县人民政府', source: 'signature' })
  })

  it('guesses the year from publication only with a warning, and flags what is not a report', () => {
    const m = readMetadata(input('关于印发法治政府建设工作要点的通知\n发布时间：2023-02-10', `各乡镇人民政府：${prose(20, '')}`))
    expect(m.reportYear).toMatchObject({ value: 2022, source: 'published year − 1' })
    expect(m.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['report_year_guessed', 'not_a_report']))
  })

  it('marks a department’s own report, a township and Traditional script', () => {
    const dept = readMetadata(input('兰州市司法局关于2023年法治政府建设情况的报告', `2023年，兰州市司法局${prose(20, '')}`))
    expect(dept.level.value).toBe('department')
    const traditional = readMetadata(input('某市2022年法治政府建設情況報告', `2022年，本市堅持依法行政，嚴格執行重大行政決策程序，全面推進法治政府建設。${'執法體制改革繼續深化，營商環境持續優化。'.repeat(40)}`))
    expect(traditional.warnings.map((w) => w.code)).toContain('traditional_script')
  })

  it('lets a manifest row win over what is read, and maps Chinese levels', () => {
    const m = readMetadata({ ...input('忻州市2019年法治政府建设情况报告', `2019年，我市${prose(20, '')}`), manifest: { 标题: '清单标题', url: 'https://www.sxxz.gov.cn/a.html', 年份: '2019', level: '地级市' } })
    expect(m.title).toMatchObject({ value: '清单标题', source: 'manifest', confidence: 1 })
    expect(m.sourceUrl.value).toBe('https://www.sxxz.gov.cn/a.html')
    expect(m.level.value).toBe('city')
    expect(levelFromChinese('县级（市辖区）')).toBe('county')
    expect(levelFromChinese('地级市（部门）')).toBe('department')
  })
})

describe('parseDate', () => {
  it.each([
    ['2020-06-02 09:25', '2020-06-02'],
    ['2020/6/2', '2020-06-02'],
    ['2020年6月2日', '2020-06-02'],
    ['二〇二三年一月十二日', '2023-01-12'],
    ['二〇二三年十二月三十一日', '2023-12-31'],
    ['2023-02-30', null],
  ])('%s → %s', (text, date) => expect(parseDate(text)).toBe(date))
})

describe('readMetadata on shapes the fixture set found (tests/fixtures/import)', () => {
  const meta = (title: string | null, extra: Record<string, string> = {}) => ({ title, meta: extra, canonicalUrl: null, savedFromUrl: null })

  it('ends a labelled value where an unlabelled field starts (字号：大 中 小)', () => {
    const m = readMetadata(input('闵行区人民政府关于2023年法治政府建设情况的报告\n发布日期：2024-01-30 来源：闵行区人民政府 字号：大 中 小', prose(20, '')))
    expect(m.issuer.value).toBe('闵行区人民政府')
    expect(m.published.value).toBe('2024-01-30')
  })

  it('reads an index table whose labels sit in cells of their own, without colons', () => {
    const m = readMetadata(input('索引号 007482712/2024-00021 分类 政务公开\n发布机构 广州市荔湾区人民政府 成文日期 2024-01-18\n文号 发布日期 2024-01-22\n广州市荔湾区人民政府关于2023年法治政府建设年度报告', prose(20, '')))
    expect(m.issuer).toMatchObject({ value: '广州市荔湾区人民政府', source: 'index table' })
    expect(m.published).toMatchObject({ value: '2024-01-22', source: 'index table' })
  })

  it('reads a Traditional-script page in Simplified and gives its title and issuer back as printed', () => {
    const body = Array.from({ length: 12 }, () => '香洲區堅持以習近平法治思想為指導，深入推進依法行政，法治政府建設取得新成效，嚴格執行重大行政決策程序。').join('\n')
    const m = readMetadata(input('珠海市香洲區人民政府關於2022年法治政府建設情況的報告\n來源：珠海市香洲區人民政府 發佈時間：2023-03-20', body))
    expect(m.title.value).toBe('珠海市香洲區人民政府關於2022年法治政府建設情況的報告')
    expect(m.issuer.value).toBe('珠海市香洲區人民政府')
    expect(m.published.value).toBe('2023-03-20')
    expect([m.province.value, m.city.value, m.county.value, m.level.value]).toEqual(['广东省', '珠海市', '香洲区', 'county'])
    expect(m.warnings.map((w) => w.code)).toContain('traditional_script')
    expect(m.warnings.map((w) => w.code)).not.toContain('not_a_report')
  })

  it('takes the published date from the CMS meta tags when the page prints none', () => {
    const m = readMetadata({ ...input('诸暨市人民政府关于2023年法治政府建设情况的报告', prose(20, '')), page: meta('诸暨市人民政府关于2023年法治政府建设情况的报告', { pubdate: '2024-02-06 15:30' }) })
    expect(m.published).toMatchObject({ value: '2024-02-06', source: 'page meta pubdate' })
  })

  it('knows an autonomous prefecture by its short name (恩施州)', () => {
    const m = readMetadata(input('恩施州人民政府关于2023年法治政府建设情况的报告\n来源：恩施州人民政府', prose(20, '')))
    expect([m.province.value, m.city.value, m.level.value]).toEqual(['湖北省', '恩施土家族苗族自治州', 'city'])
    // Prefixes that are longer than two characters keep them (黔西南, 西双版纳), and a county is known by 县 or 自治县.
    expect(readMetadata(input('黔西南州2023年法治政府建设情况报告', prose(20, ''))).city.value).toBe('黔西南布依族苗族自治州')
    expect(readMetadata(input('西双版纳州2023年法治政府建设情况报告', prose(20, ''))).city.value).toBe('西双版纳傣族自治州')
    expect(readMetadata(input('长阳自治县2023年法治政府建设情况报告', prose(20, ''))).county.value).toBe('长阳土家族自治县')
  })

  it('gives a department’s document whose title names no place the department level', () => {
    const m = readMetadata(input('关于报送2023年度法治政府建设情况报告的通知\n信息来源：婺源县司法局', prose(5, '')))
    expect([m.county.value, m.level.value]).toEqual(['婺源县', 'department'])
    expect(m.warnings.map((w) => w.code)).toContain('not_a_report')
  })

  it('flags a news item whose title ends with the report’s name', () => {
    const m = readMetadata(input('县委常委会听取2022年度法治政府建设情况报告\n来源：通山县人民政府', prose(5, '')))
    expect(m.warnings.map((w) => w.code)).toContain('not_a_report')
    const report = readMetadata(input('通山县人民政府关于2022年度法治政府建设情况的报告\n来源：通山县人民政府', prose(20, '')))
    expect(report.warnings.map((w) => w.code)).not.toContain('not_a_report')
  })

  it('takes the issuer from the signature when the 来源 line names the newspaper that republished the report', () => {
    const m = readMetadata(input('南平市人民政府关于2022年法治政府建设情况的报告\n来源：闽北日报 发布时间：2023-03-03', prose(20, ''), '', undefined))
    expect(m.issuer.value).toBe('南平市人民政府')
    const signed = readMetadata(input('2022年法治政府建设情况报告\n来源：闽北日报', `${prose(20, '')}\n南平市人民政府\n2023年2月27日`))
    expect(signed.issuer).toMatchObject({ value: '南平市人民政府', source: 'signature' })
  })

  it('joins a title broken mid-phrase without a space, and one of spaced phrases with one', () => {
    expect(readMetadata(input('宁海县人民政府关于2023年\n法治政府建设情况的报告', prose(20, ''))).title.value).toBe('宁海县人民政府关于2023年法治政府建设情况的报告')
    expect(readMetadata(input('突出政治引领 紧盯重点领域\n全力推动法治政府建设向纵深迈进', prose(20, ''))).title.value).toBe('突出政治引领 紧盯重点领域 全力推动法治政府建设向纵深迈进')
  })

  it('reads a labelled published date followed by its weekday, but not a bare 日期 that is the today strip', () => {
    expect(readMetadata(input('海盐县人民政府关于2022年法治政府建设情况的报告\n发布日期：2023年03月01日 星期三', prose(20, ''))).published.value).toBe('2023-03-01')
    expect(readMetadata(input('海盐县人民政府关于2022年法治政府建设情况的报告\n日期：2024年5月6日 星期一', prose(20, ''))).published.value).toBeNull()
  })

  it('keeps an official document’s number out of its title, and joins 关于…的报告 to its issuer set above it', () => {
    const m = readMetadata(input('嘉 善 县 人 民 政 府 文 件\n善政发〔2024〕3号\n嘉善县人民政府关于2023年法治政府建设情况的报告', prose(20, '')))
    expect(m.title.value).toBe('嘉善县人民政府关于2023年法治政府建设情况的报告')
    const word = readMetadata(input('乐清市人民政府\n\n关于2023年法治政府建设情况的报告', prose(20, '')))
    expect(word.title.value).toBe('乐清市人民政府关于2023年法治政府建设情况的报告')
  })

  it('reads a signature set on one line, and one dated by month only', () => {
    const one = readMetadata(input('上虞区2023年法治政府建设年度报告', `${prose(20, '')}\n绍兴市上虞区人民政府　2024年1月26日`))
    expect([one.issuer.value, one.signed.value]).toEqual(['绍兴市上虞区人民政府', '2024-01-26'])
    const month = readMetadata(input('2022年法治政府建设情况报告', `${prose(20, '')}\n柯桥区人民政府\n2023年1月`))
    expect([month.issuer.value, month.signed.value]).toEqual(['柯桥区人民政府', null])
  })

  it('reads no issuer from a 来源 the CMS filled with the site itself, and no published date from another field’s 日期', () => {
    const m = readMetadata(input('三门县人民政府关于2023年法治政府建设情况的报告\n发文日期：2024-01-19 实施日期：2024-02-01\n来源：本站 作者：网站管理员', `${prose(20, '')}\n三门县人民政府\n2024年1月19日`))
    expect(m.issuer).toMatchObject({ value: '三门县人民政府', source: 'signature' })
    expect(m.published.value).toBeNull()
  })

  it('drops a column tag and the site name from a page title', () => {
    const m = readMetadata({ ...input('当前位置：首页 > 政务公开', prose(20, '')), page: meta('【法治政府建设】天台县2023年度法治政府建设工作报告 - 天台县人民政府') })
    expect(m.title).toMatchObject({ value: '天台县2023年度法治政府建设工作报告', source: 'page title' })
  })

  it('finds the title of a report made to a congress above its subtitle and speaker lines', () => {
    const m = readMetadata(input('关于2022年度法治政府建设情况的报告\n——2023年4月26日在玉环市第十七届人民代表大会常务委员会第十次会议上\n玉环市人民政府副市长 陈立\n来源：玉环市人民政府', prose(20, '')))
    expect(m.title.value).toBe('关于2022年度法治政府建设情况的报告')
    expect(m.reportYear).toMatchObject({ value: 2022, source: 'title' })
  })
})

