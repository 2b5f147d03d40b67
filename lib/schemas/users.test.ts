import { describe, expect, it } from 'vitest'
import { parseUserList } from './users'

describe('a pasted list of people', () => {
  it('takes “Name <email>”, “Name, email”, a tab from a spreadsheet and a bare address; names default to the local part', () => {
    const { entries, problems } = parseUserList('张三 <ZhangSan@Example.edu.cn>\n\n"Li Si", lisi@example.edu.cn\r\n王五\twangwu@example.edu.cn\nzhaoliu@example.edu.cn\n')
    expect(problems).toEqual([])
    expect(entries).toEqual([
      { name: '张三', email: 'zhangsan@example.edu.cn' },
      { name: 'Li Si', email: 'lisi@example.edu.cn' },
      { name: '王五', email: 'wangwu@example.edu.cn' },
      { name: 'zhaoliu', email: 'zhaoliu@example.edu.cn' },
    ])
  })

  it('names every bad line by its number, and a repeated address', () => {
    const { problems } = parseUserList('a@example.cn\nnot an address\nA@example.cn\n张三 <bad@>')
    expect(problems).toEqual([
      'Line 2 (“not an address”): write “Name <email>” or an e-mail address.',
      'Line 3: a@example.cn is already on an earlier line.',
      'Line 4 (“张三 <bad@>”): write “Name <email>” or an e-mail address.',
    ])
  })

  it('refuses an empty list with a sentence', () => {
    expect(parseUserList(' \n\n').problems).toEqual(['The list is empty: write one person a line, “Name <email>” or an e-mail address.'])
  })
})
