'use client'

// The focused tag for a reviewer (or anyone who opened its history): its label and status, where the
// annotators disagree, the review actions its status allows (lib/review/transitions), its history.
import { Badge, Button, Group, Kbd, Paper, ScrollAreaAutosize, Text } from '@mantine/core'
import { keyOf } from '@/lib/annotate/keymap'
import { actionsFor } from '@/lib/review/transitions'
import type { ReviewAction } from '@/lib/schemas/review'
import dynamic from 'next/dynamic'
import { TagComments } from '@/components/comments/TagComments'
import { statusColor } from './TagList'
import type { Workbench } from './useWorkbench'

// The history loads its code when first shown (h): not needed before the editor starts.
const TagHistory = dynamic(() => import('@/components/review/TagHistory').then((m) => m.TagHistory), { ssr: false })

const buttons: Record<ReviewAction, { word: 'approve' | 'reject' | 'sendBack' | 'reopen'; key: string; color?: string }> = {
  approve: { word: 'approve', key: keyOf('approve'), color: 'green' },
  reject: { word: 'reject', key: keyOf('reject'), color: 'red' },
  send_back: { word: 'sendBack', key: keyOf('sendBack'), color: 'orange' },
  reopen: { word: 'reopen', key: keyOf('reopen') },
}

export function FocusedTagPanel({ wb }: { wb: Workbench }) {
  const { t, tr, focused, flags, labels, state } = wb
  if (!focused || !(wb.canReview || state.showHistory)) return null
  const flag = flags.get(focused.id)
  return (
    <Paper withBorder radius="md" p="sm" data-testid="focused-tag-panel">
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Text size="xs" fw={700} truncate>{focused.labelPath.join(' / ')}</Text>
        <Badge size="xs" variant="light" color={statusColor[focused.status]}>{t(`status.${focused.status}`)}</Badge>
      </Group>
      {flag && <Text size="xs" c="red.7" mb={6}>{tr(`disagreement.${flag}`)}</Text>}
      {wb.canReview && (
        <Group gap={4} mb={6}>
          {actionsFor(focused.status).map((action) => (
            <Button key={action} size="compact-xs" color={buttons[action].color} variant="light" onClick={() => wb.startReview(action)}>
              {tr(buttons[action].word)} <Kbd size="xs" ml={4}>{buttons[action].key}</Kbd>
            </Button>
          ))}
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => wb.dispatch({ type: 'toggleHistory' })}>{tr('history')} <Kbd size="xs" ml={4}>{keyOf('history')}</Kbd></Button>
        </Group>
      )}
      {state.showHistory && (
        <ScrollAreaAutosize mah={260}>
          <TagHistory tagId={focused.id} version={focused.version} labelName={(id) => labels.get(id)?.path.join(' / ') ?? id} reasons={wb.props.reasons} />
        </ScrollAreaAutosize>
      )}
      {!state.showHistory && <TagComments key={focused.id} tagId={focused.id} />}
    </Paper>
  )
}
