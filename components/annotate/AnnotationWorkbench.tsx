'use client'

// The annotation workbench: the report (Tiptap, read-only, tags drawn over it), the label palette
// and outline on the left, the guideline and the document's tags on the right, and a keyboard
// layer that makes every action reachable without the mouse (press ? for the list). The state and
// the actions are in useWorkbench, the keys in lib/annotate/keymap.ts (dispatched by useWorkbenchKeys).
import { Badge, Box, Group, Kbd, Paper, Stack, Tabs, TabsList, TabsPanel, TabsTab, Text, Title } from '@mantine/core'
import { useMemo } from 'react'
import type { LabelNode } from '@/lib/schemas/projects'
import type { TagView } from '@/lib/schemas/tags'
import type { OutlineEntry } from '@/lib/text/outline'
import { sentenceAt } from '@/lib/text/sentences'
import { ReasonDialog } from '@/components/review/ReasonDialog'
import type { Reason } from '@/components/review/TagHistory'
import { FocusedTagPanel } from './FocusedTagPanel'
import { GuidelineCard } from './GuidelineCard'
import { HoverBus, useStableCallback } from './hover'
import { LabelPalette } from './LabelPalette'
import { OutlineList } from './OutlineList'
import { ReportEditor } from './ReportEditor'
import { ShortcutHelp } from './ShortcutHelp'
import { SpanHandles } from './SpanHandles'
import { TagCard } from './TagCard'
import { TagList } from './TagList'
import { useWorkbench } from './useWorkbench'
import { useWorkbenchKeys } from './useWorkbenchKeys'
import { workbenchCommands } from './workbenchCommands'
import { WorkbenchToolbar } from './WorkbenchToolbar'

/** What the page sends per tag: the client derives the quote from the text and the path from the labels. */
export type SlimTag = Pick<TagView, 'id' | 'labelId' | 'start' | 'end' | 'authorId' | 'status' | 'version' | 'source' | 'reviewerId'>

export interface WorkbenchProps {
  document: { id: string; title: string; text: string }
  labels: LabelNode[]
  tags: SlimTag[]
  authors: Record<string, string>
  blind: boolean
  me: { id: string; name: string }
  outline: OutlineEntry[]
  assignmentState: 'todo' | 'in_progress' | 'done' | null
  /** The document's metadata card, rendered on the server. */
  metadata: React.ReactNode
  role: 'annotator' | 'reviewer' | 'manager'
  reasons: Reason[]
  /** A tag to focus on arrival (?tag=…, from the review queue or the revision list). */
  initialTagId: string | null
  /** The project's longest span in code points (the server refuses longer ones too). */
  maxSpanLength: number
  /** An archived document is read-only: no tag is written. */
  archived: boolean
}

export function AnnotationWorkbench(props: WorkbenchProps) {
  const wb = useWorkbench(props)
  const { t, tr, state, dispatch, labels, topIds, positions, sentences, store, editor, focused, flags, deferredList } = wb
  const { focusedId, prefixTopId, dialog } = state
  const hoverBus = useMemo(() => new HoverBus(), [])
  useWorkbenchKeys(dialog !== null, workbenchCommands(wb))

  const pickLabel = useStableCallback(wb.applyLabel)
  const focusFromList = useStableCallback((id: string) => wb.focusTag(id))
  const selectOutline = useStableCallback((start: number) => wb.selectSentence(sentenceAt(sentences, start)))
  const onTagClick = useStableCallback((ids: string[]) => dispatch({ type: 'focus', id: ids[0], clearSelection: true }))
  const onHover = useStableCallback((ids: string[], rect: DOMRect | null) => hoverBus.emit(ids.length && rect ? { ids, rect } : null))
  const reviewDialog = dialog === 'help' ? null : dialog

  return (
    <Box px="md" py="sm" maw={1680} mx="auto">
      <style>{`.tb-editor [data-tag="${focusedId ?? ''}"]{outline:2px solid var(--mantine-color-indigo-6);outline-offset:1px;border-radius:2px}`}</style>
      {flags.size > 0 && (
        <style>{[...flags].filter(([, kind]) => kind === 'conflict').map(([id]) => `.tb-editor [data-tag="${id}"]`).join(',') + '{box-shadow:0 0 0 1px var(--mantine-color-red-5)}'}</style>
      )}
      <Group align="flex-start" gap="md" wrap="nowrap">
        {/* Left: palette and outline */}
        <Box w={270} style={{ position: 'sticky', top: 68, flexShrink: 0 }}>
          <Paper withBorder radius="md" p="xs">
            <Tabs defaultValue="palette" keepMounted={false}>
              <TabsList grow mb="xs">
                <TabsTab value="palette">{t('palette')}</TabsTab>
                <TabsTab value="outline">{t('outline')}</TabsTab>
                <TabsTab value="metadata">{t('metadata')}</TabsTab>
              </TabsList>
              <TabsPanel value="metadata">{props.metadata}</TabsPanel>
              <TabsPanel value="palette">
                <LabelPalette labels={labels} topIds={topIds} counts={wb.counts} prefixTopId={prefixTopId} activeLabelId={focused?.labelId ?? null} onPick={pickLabel} onHoverLabel={wb.setHoverLabelId} />
              </TabsPanel>
              <TabsPanel value="outline">
                <OutlineList entries={props.outline} onPick={selectOutline} />
              </TabsPanel>
            </Tabs>
          </Paper>
        </Box>

        {/* Centre: the report */}
        <Box style={{ flex: 1, minWidth: 0 }}>
          <WorkbenchToolbar wb={wb} />
          <Paper withBorder radius="md" px={{ base: 'md', sm: 48 }} py="lg">
            <Title order={1} size="h3" ta="center" mb="lg" style={{ lineHeight: 1.4 }}>
              {props.document.title}
            </Title>
            <ReportEditor
              documentId={props.document.id}
              positions={positions}
              drawing={wb.firstDrawing}
              onReady={wb.onEditorReady}
              onShown={wb.onEditorShown}
              onSelect={wb.onSelect}
              onTagClick={onTagClick}
              onHover={onHover}
            />
          </Paper>
        </Box>

        {/* Right: guideline and tags */}
        <Box w={330} style={{ position: 'sticky', top: 68, flexShrink: 0 }}>
          <Stack gap="sm">
            <GuidelineCard label={wb.activeLabel} />
            <FocusedTagPanel wb={wb} />
            <Paper withBorder radius="md" p="sm">
              <Group justify="space-between" mb={6}>
                <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                  {t('tags')}
                </Text>
                <Badge variant="light" data-testid="tag-count">
                  {deferredList.length}
                </Badge>
              </Group>
              {props.blind && (
                <Text size="xs" c="dimmed" mb={6}>
                  {t('blind')}
                </Text>
              )}
              <TagList tags={deferredList} labels={labels} topIds={topIds} focusedId={focusedId} showAuthors={!props.blind} flags={flags} onFocus={focusFromList} />
            </Paper>
          </Stack>
        </Box>
      </Group>

      <TagCard bus={hoverBus} editor={editor} focused={focused} byId={store.byId} labels={labels} fallbackAuthor={props.me.name} />
      <SpanHandles editor={editor} span={wb.handleSpan} onDragStart={wb.startDrag} />

      <ShortcutHelp opened={dialog === 'help'} onClose={() => dispatch({ type: 'closeDialog' })} canReview={wb.canReview} />
      <ReasonDialog
        opened={reviewDialog !== null}
        title={reviewDialog === 'reject' ? tr('reject') : reviewDialog === 'send_back' ? tr('sendBack') : tr('reopen')}
        reasons={props.reasons}
        onCancel={() => dispatch({ type: 'closeDialog' })}
        onConfirm={(reason) => {
          dispatch({ type: 'closeDialog' })
          if (reviewDialog) wb.confirmReview(reviewDialog, reason)
        }}
      />
      <Text size="xs" c="dimmed" ta="center" mt="md">
        <Kbd size="xs">?</Kbd> {t('help')}
      </Text>
    </Box>
  )
}
