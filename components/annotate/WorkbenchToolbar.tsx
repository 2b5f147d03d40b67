'use client'

// The bar above the report: what is selected (or being corrected, or focused, or what the last key
// answered), the side columns' drawer buttons in narrow windows, undo, the shortcut help, and the
// annotator's "done" switch for this document.
import { ActionIcon, Button, Group, Paper, Text, Tooltip } from '@mantine/core'
import { IconArrowBackUp, IconCheck, IconKeyboard, IconLayoutSidebar, IconLayoutSidebarRight } from '@tabler/icons-react'
import type { Workbench } from './useWorkbench'

export function WorkbenchToolbar({ wb }: { wb: Workbench }) {
  const { t, tr, state, labels, positions, focused, notice } = wb
  const { fix, relabel, prefixTopId, pending } = state
  const pendingText = pending ? positions.slice(pending.start, pending.end) : ''
  const focusedAt = focused ? wb.store.list.findIndex((tg) => tg.id === focused.id) + 1 : 0
  const status = notice
    ? notice
    : fix && fix.tagId === focused?.id
      ? `${tr('fixHint')} · ${labels.get(fix.labelId)?.path.join(' / ') ?? ''}：${positions.slice(fix.start, fix.end).slice(0, 40)}`
      : relabel
        ? t('relabel')
        : prefixTopId
          ? t('prefix', { label: labels.get(prefixTopId)!.name })
          : pending
            ? `${t('selected', { count: pending.end - pending.start })}：${pendingText.length > 60 ? `${pendingText.slice(0, 60)}…` : pendingText}`
            : focused
              ? t('focusedTag', { label: focused.labelPath.join(' / '), index: focusedAt, count: wb.store.list.length, start: focused.start, end: focused.end })
              : t('noSelection')
  return (
    <Paper withBorder radius="md" px="md" py={8} mb="sm" style={{ position: 'sticky', top: 60, zIndex: 5 }} data-testid="workbench-toolbar">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" c={notice ? 'orange.8' : pending || prefixTopId || relabel || focused ? undefined : 'dimmed'} truncate style={{ flex: 1 }} data-testid="selection-status" role="status" aria-live="polite">
          {status}
        </Text>
        <Group gap={6} wrap="nowrap">
          {/* The side columns' drawers, in narrow windows only (SideColumn.tsx). */}
          <Tooltip label={`${t('sideLeft')} (,)`}>
            <ActionIcon variant={wb.side === 'left' ? 'light' : 'subtle'} className="tb-wb-compact-only" onClick={() => wb.setSide((open) => (open === 'left' ? null : 'left'))} aria-label={t('sideLeft')} aria-expanded={wb.side === 'left'} data-testid="toggle-side-left">
              <IconLayoutSidebar size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={`${t('sideRight')} (.)`}>
            <ActionIcon variant={wb.side === 'right' ? 'light' : 'subtle'} className="tb-wb-compact-only" onClick={() => wb.setSide((open) => (open === 'right' ? null : 'right'))} aria-label={t('sideRight')} aria-expanded={wb.side === 'right'} data-testid="toggle-side-right">
              <IconLayoutSidebarRight size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={`${t('undo')} (u)`}>
            <ActionIcon variant="subtle" onClick={() => void wb.undo()} aria-label={t('undo')} disabled={!wb.store.canUndo}>
              <IconArrowBackUp size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={`${t('help')} (?)`}>
            <ActionIcon variant="subtle" onClick={() => wb.dispatch({ type: 'open', dialog: 'help' })} aria-label={t('help')}>
              <IconKeyboard size={18} />
            </ActionIcon>
          </Tooltip>
          {wb.assignment === 'done' ? (
            <Button size="xs" variant="light" color="green" leftSection={<IconCheck size={14} />} onClick={() => void wb.setAssignmentState('in_progress')} data-testid="assignment-button">
              {t('done')} · {t('reopen')}
            </Button>
          ) : (
            <Button size="xs" variant="light" onClick={() => void wb.setAssignmentState('done')} data-testid="assignment-button">
              {t('markDone')}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  )
}
