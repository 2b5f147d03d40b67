// Administrative levels: Tagbench stores province | city | county | township | department; people
// (and the hand-read demo metadata) write them in Chinese, at times finer (县级市 and 市辖区 are both county).
import type { AdministrativeLevel } from '../types'

export const levelNames: Record<AdministrativeLevel, string> = {
  province: '省级',
  city: '地级市',
  county: '县级',
  township: '乡镇',
  department: '部门',
}

/** A level as people write it → Tagbench's; null when it is none of them. */
export function levelFromChinese(text: string): AdministrativeLevel | null {
  const t = text.trim()
  if (/^(province|city|county|township|department)$/.test(t)) return t as AdministrativeLevel
  if (/部门/.test(t)) return 'department'
  if (/乡|镇|街道/.test(t)) return 'township'
  if (/县|区|县级/.test(t)) return 'county'
  if (/省|自治区|直辖市/.test(t)) return 'province'
  if (/市|州|盟|地区/.test(t)) return 'city'
  return null
}
