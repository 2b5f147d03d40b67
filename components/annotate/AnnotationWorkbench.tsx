'use client'

// The annotation workbench: the report (Tiptap, read-only, tags drawn over it), the label palette
// and outline on the left, the guideline and the document's tags on the right (each column a list
// of panels, drawers in narrow windows: SideColumn.tsx), and a keyboard
// layer that makes every action reachable without the mouse (press ? for the list). The state and
// the actions are in useWorkbench, the keys in lib/annotate/keymap.ts (dispatched by useWorkbenchKeys).
import { Badge, Box, Group, Kbd, Paper, Text, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import type { LabelNode } from '@/lib/schemas/projects'
import type { TagView } from '@/lib/schemas/tags'
import type { OutlineEntry } from '@/lib/text/outline'
import { sentenceAt } from '@/lib/text/sentences'
import dynamic from 'next/dynamic'
import type { Reason } from '@/components/review/TagHistory'
import { FocusedTagPanel } from './FocusedTagPanel'
import { GuidelineCard } from './GuidelineCard'
import { HoverBus, useStableCallback } from './hover'
import { LabelPalette } from './LabelPalette'
import { OutlineList } from './OutlineList'
import { ReportEditor } from './ReportEditor'
import { SideColumn, sideColumnCss, type WorkbenchPanel } from './SideColumn'
import { SpanHandles } from './SpanHandles'
import { suggestionCommands } from './suggestionCommands'
import { SuggestionsPanel } from './SuggestionsPanel'
import { TagCard } from './TagCard'
import { TagList } from './TagList'
import { useSuggestions } from './useSuggestions'
import { useWorkbench } from './useWorkbench'
import { useWorkbenchKeys } from './useWorkbenchKeys'
import { workbenchCommands } from './workbenchCommands'
import { WorkbenchToolbar } from './WorkbenchToolbar'

// Dialogs are evaluated when first opened (or in idle time after the editor has started, see
// useWorkbench): none of it is needed to show the report or to tag. The App Router still fetches
// their chunks with the page, so this saves their evaluation, not their bytes (docs/decisions/0024).
const ShortcutHelp = dynamic(() => import('./ShortcutHelp').then((m) => m.ShortcutHelp), { ssr: false })
const ReasonDialog = dynamic(() => import('@/components/review/ReasonDialog').then((m) => m.ReasonDialog), { ssr: false })

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
  // Suggestions are fetched once the report is on screen (issue 14): they never hold up its first paint.
  const [editorShown, setEditorShown] = useState(false)
  const sg = useSuggestions(wb, editorShown)
  useWorkbenchKeys(dialog !== null, suggestionCommands(workbenchCommands(wb), wb, sg), (key) => wb.say(t('unboundKey', { key })))
  const onShown = useStableCallback(() => {
    wb.onEditorShown()
    requestAnimationFrame(() => setEditorShown(true))
  })
  const onSuggestionClick = useStableCallback((id: string) => sg.focus(id, false))

  const pickLabel = useStableCallback(wb.applyLabel)
  const focusFromList = useStableCallback((id: string) => wb.focusTag(id))
  const selectOutline = useStableCallback((start: number) => wb.selectSentence(sentenceAt(sentences, start)))
  const onTagClick = useStableCallback((ids: string[]) => dispatch({ type: 'focus', id: ids[0], clearSelection: true }))
  const onHover = useStableCallback((ids: string[], rect: DOMRect | null) => hoverBus.emit(ids.length && rect ? { ids, rect } : null))
  const reviewDialog = dialog === 'help' ? null : dialog

  const leftPanels: WorkbenchPanel[] = [
    {
      key: 'palette',
      title: t('palette'),
      node: <LabelPalette labels={labels} topIds={topIds} counts={wb.counts} prefixTopId={prefixTopId} activeLabelId={focused?.labelId ?? null} onPick={pickLabel} onHoverLabel={wb.setHoverLabelId} />,
    },
    { key: 'outline', title: t('outline'), node: <OutlineList entries={props.outline} onPick={selectOutline} /> },
    { key: 'metadata', title: t('metadata'), node: props.metadata },
  ]
  const rightPanels: WorkbenchPanel[] = [
    { key: 'guideline', node: <GuidelineCard label={wb.activeLabel} /> },
    { key: 'focused', node: <FocusedTagPanel wb={wb} /> },
    { key: 'suggestions', node: <SuggestionsPanel sg={sg} labels={labels} positions={positions} /> },
    {
      key: 'tags',
      node: (
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
      ),
    },
  ]
  const closeSide = () => wb.setSide(null)

  return (
    <Box px="md" py="sm" maw={1680} mx="auto" className="tb-wb">
      <style>{sideColumnCss}</style>
      <style>{`.tb-editor [data-tag="${focusedId ?? ''}"]{outline:2px solid var(--mantine-color-indigo-6);outline-offset:1px;border-radius:2px}`}</style>
      {sg.focusedId && <style>{`.tb-editor [data-suggestion="${sg.focusedId}"]{outline-style:solid;outline-width:2px;background-color:color-mix(in srgb,var(--suggestion-color) 10%,transparent)}`}</style>}
      {flags.size > 0 && (
        <style>{[...flags].filter(([, kind]) => kind === 'conflict').map(([id]) => `.tb-editor [data-tag="${id}"]`).join(',') + '{box-shadow:0 0 0 1px var(--mantine-color-red-5)}'}</style>
      )}
      <Group align="flex-start" gap="md" wrap="nowrap">
        {/* Left: palette, outline, metadata */}
        <SideColumn side="left" layout="tabs" panels={leftPanels} open={wb.side === 'left'} label={t('sideLeft')} closeLabel={t('closePanel')} onClose={closeSide} />

        {/* Centre: the report */}
        <Box style={{ flex: 1, minWidth: 0 }}>
          <WorkbenchToolbar wb={wb} />
          <Paper withBorder radius="md" py="lg" className="tb-wb-paper">
            <Title order={1} size="h3" ta="center" mb="lg" style={{ lineHeight: 1.4 }}>
              {props.document.title}
            </Title>
            <ReportEditor
              documentId={props.document.id}
              positions={positions}
              drawing={wb.firstDrawing}
              onReady={wb.onEditorReady}
              onShown={onShown}
              onSelect={wb.onSelect}
              onTagClick={onTagClick}
              onSuggestionClick={onSuggestionClick}
              onHover={onHover}
            />
          </Paper>
        </Box>

        {/* Right: guideline, the focused tag, the document's tags */}
        <SideColumn side="right" layout="stack" panels={rightPanels} open={wb.side === 'right'} label={t('sideRight')} closeLabel={t('closePanel')} onClose={closeSide} />
      </Group>

      <TagCard bus={hoverBus} editor={editor} focused={focused} focusedSpan={focused ? (state.fix?.tagId === focused.id ? state.fix : focused) : null} byId={store.byId} labels={labels} fallbackAuthor={props.me.name} />
      <SpanHandles editor={editor} span={wb.handleSpan} onDragStart={wb.startDrag} />

      {dialog === 'help' && <ShortcutHelp opened onClose={() => dispatch({ type: 'closeDialog' })} canReview={wb.canReview} />}
      {reviewDialog !== null && <ReasonDialog
        opened
        title={reviewDialog === 'reject' ? tr('reject') : reviewDialog === 'send_back' ? tr('sendBack') : tr('reopen')}
        reasons={props.reasons}
        onCancel={() => dispatch({ type: 'closeDialog' })}
        onConfirm={(reason) => {
          dispatch({ type: 'closeDialog' })
          if (reviewDialog) wb.confirmReview(reviewDialog, reason)
        }}
      />}
      <Text size="xs" c="dimmed" ta="center" mt="md">
        <Kbd size="xs">?</Kbd> {t('help')}
      </Text>
    </Box>
  )
}
