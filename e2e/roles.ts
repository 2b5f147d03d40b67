import path from 'node:path'

export const TEST_PASSWORD = process.env.DEMO_PASSWORD ?? 'tagbench-test-password'

export const roleUsers = {
  admin: 'admin@tagbench.test',
  manager: 'manager@tagbench.test',
  reviewer: 'reviewer@tagbench.test',
  annotator: 'annotator1@tagbench.test',
  annotator2: 'annotator2@tagbench.test',
} as const

export type Role = keyof typeof roleUsers

/** Saved session (cookies) of each demo user, written once by global-setup.ts. */
export function storageStateOf(role: Role): string {
  return path.resolve('test-results', '.auth', `${role}.json`)
}

export const DEMO_PROJECT = '法治政府建设年度报告'
