'use client'

// The bar above the report: what is selected (or being corrected), undo, the shortcut help, and
// the annotator's "done" switch for this document.
import { ActionIcon, Button, Group, Paper, Text, Tooltip } from '@mantine/core'
import { IconArrowBackUp, IconCheck, IconKeyboard } from '@tabler/icons-react'
import type { Workbench } from './useWorkbench'

export function WorkbenchToolbar({ wb }: { wb: Workbench }) {
  const { t, tr, state, labels, positions, focused } = wb
  const { fix, relabel, prefixTopId, pending } = state
  const pendingText = pending ? positions.slice(pending.start, pending.end) : ''
  const status =
    fix && fix.tagId === focused?.id
      ? `${tr('fixHint')} · ${labels.get(fix.labelId)?.path.join(' / ') ?? ''}：${positions.slice(fix.start, fix.end).slice(0, 40)}`
      : relabel
        ? t('relabel')
        : prefixTopId
          ? t('prefix', { label: labels.get(prefixTopId)!.name })
          : pending
            ? `${t('selected', { count: pending.end - pending.start })}：${pendingText.length > 60 ? `${pendingText.slice(0, 60)}…` : pendingText}`
            : t('noSelection')
  return (
    <Paper withBorder radius="md" px="md" py={8} mb="sm" style={{ position: 'sticky', top: 60, zIndex: 5 }} data-testid="workbench-toolbar">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" c={pending || prefixTopId || relabel ? undefined : 'dimmed'} truncate style={{ flex: 1 }} data-testid="selection-status">
          {status}
        </Text>
        <Group gap={6} wrap="nowrap">
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
