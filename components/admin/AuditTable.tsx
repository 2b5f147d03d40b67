'use client'

import { Code, Paper, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from '@mantine/core'
import { useFormatter, useTranslations } from 'next-intl'
import { UrlPagination } from '@/components/ui/UrlPagination'

/** One row of the log (lib/services/audit.ts listAudit). */
interface AuditRow {
  id: string
  action: string
  actorName: string
  targetName: string | null
  projectName: string | null
  before: unknown
  after: unknown
  createdAt: string
}

const shown = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value))

/** Admin → Audit log: who did what to whom, when, with the state before and after; newest first. */
export function AuditTable({ items, total, page, pageSize }: { items: AuditRow[]; total: number; page: number; pageSize: number }) {
  const t = useTranslations('team')
  const format = useFormatter()
  return (
    <>
      <Paper withBorder radius="md">
        <Table data-testid="audit-table" verticalSpacing="xs">
          <TableThead>
            <TableTr>
              <TableTh>{t('auditWhen')}</TableTh>
              <TableTh>{t('auditWho')}</TableTh>
              <TableTh>{t('auditWhat')}</TableTh>
              <TableTh>{t('auditWhom')}</TableTh>
              <TableTh>{t('auditBefore')}</TableTh>
              <TableTh>{t('auditAfter')}</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {items.length === 0 && (
              <TableTr>
                <TableTd colSpan={6}><Text size="sm" c="dimmed">{t('auditEmpty')}</Text></TableTd>
              </TableTr>
            )}
            {items.map((e) => (
              <TableTr key={e.id} data-testid="audit-row" data-action={e.action}>
                <TableTd><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{format.dateTime(new Date(e.createdAt), { dateStyle: 'medium', timeStyle: 'medium' })}</Text></TableTd>
                <TableTd><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{e.actorName}</Text></TableTd>
                <TableTd>
                  <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>{t.has(`audit.${e.action.replace('.', '_')}`) ? t(`audit.${e.action.replace('.', '_')}`) : e.action}</Text>
                </TableTd>
                <TableTd>
                  <Text size="sm">{[e.targetName, e.projectName].filter(Boolean).join(' · ') || '—'}</Text>
                </TableTd>
                <TableTd><Code>{shown(e.before)}</Code></TableTd>
                <TableTd><Code>{shown(e.after)}</Code></TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </Paper>
      <UrlPagination total={total} page={page} pageSize={pageSize} />
    </>
  )
}
