'use client'

// A side column of the workbench: a list of panels, shown as tabs (left) or one above the other
// (right). Wide windows have it in the page beside the report; narrower ones (below
// WORKBENCH_DRAWER_BELOW) make it a drawer over the page's edge, opened and closed by the toolbar's
// button or its key (, and .), so that the report keeps a readable measure. The switch is CSS only
// (sideColumnCss), so the server's first paint is already laid out for the window's width. A
// feature adds its panel to the list the workbench passes (curation, comments, …).
//
// The column's content is its own Suspense boundary: while the page hydrates, React hydrates it
// after the report's part of the page has committed, so the editor starts without waiting for the
// palette, the tag list and their selects (the server's HTML is shown all along; a click in the
// column hydrates it first).
import { ActionIcon, Group, Paper, Stack, Tabs, TabsList, TabsPanel, TabsTab, Text } from '@mantine/core'
import { IconX } from '@tabler/icons-react'
import { Fragment, Suspense, type ReactNode } from 'react'

export interface WorkbenchPanel {
  /** Unique within its column. */
  key: string
  /** The tab's title (tabs layout); a stacked panel brings its own heading. */
  title?: string
  node: ReactNode
}

/** Below this window width (px) the side columns are drawers. */
export const WORKBENCH_DRAWER_BELOW = 1260

export const sideColumnCss = `
.tb-wb-side{position:sticky;top:68px;flex-shrink:0}
.tb-wb-side-left{width:270px}
.tb-wb-side-right{width:330px}
.tb-wb-paper{padding-inline:48px}
.tb-wb .tb-wb-compact-only,.tb-wb .tb-wb-drawer-head{display:none}
@media (max-width:1439.98px){
  .tb-wb-side-left{width:230px}
  .tb-wb-side-right{width:280px}
  .tb-wb-paper{padding-inline:24px}
}
@media (max-width:${WORKBENCH_DRAWER_BELOW - 0.02}px){
  .tb-wb-side{position:fixed;top:60px;bottom:0;z-index:30;width:min(340px,85vw);overflow-y:auto;padding:8px;
    background:var(--mantine-color-body);box-shadow:var(--mantine-shadow-xl);visibility:hidden;transition:transform 140ms ease,visibility 0s linear 140ms}
  .tb-wb-side-left{left:0;transform:translateX(-105%)}
  .tb-wb-side-right{right:0;transform:translateX(105%)}
  .tb-wb-side[data-open="true"]{transform:none;visibility:visible;transition:transform 140ms ease}
  .tb-wb .tb-wb-compact-only{display:inline-flex}
  .tb-wb .tb-wb-drawer-head{display:flex}
  .tb-wb-paper{padding-inline:40px}
}
@media (max-width:700px){.tb-wb-paper{padding-inline:16px}}
`

interface Props {
  side: 'left' | 'right'
  layout: 'tabs' | 'stack'
  panels: WorkbenchPanel[]
  /** Whether the drawer is open (ignored where the column is in the page). */
  open: boolean
  /** The column's name, for the drawer's heading and assistive technology. */
  label: string
  closeLabel: string
  onClose: () => void
}

export function SideColumn({ side, layout, panels, open, label, closeLabel, onClose }: Props) {
  return (
    <aside className={`tb-wb-side tb-wb-side-${side}`} data-open={open} aria-label={label} data-testid={`side-${side}`}>
      <Group justify="space-between" mb={6} className="tb-wb-drawer-head" wrap="nowrap">
        <Text size="xs" fw={700} c="dimmed">
          {label}
        </Text>
        <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label={closeLabel}>
          <IconX size={16} />
        </ActionIcon>
      </Group>
      <Suspense fallback={null}>
        {layout === 'tabs' ? (
          <Paper withBorder radius="md" p="xs">
            <Tabs defaultValue={panels[0]?.key} keepMounted={false}>
              <TabsList grow mb="xs">
                {panels.map((panel) => (
                  <TabsTab key={panel.key} value={panel.key}>
                    {panel.title}
                  </TabsTab>
                ))}
              </TabsList>
              {panels.map((panel) => (
                <TabsPanel key={panel.key} value={panel.key}>
                  {panel.node}
                </TabsPanel>
              ))}
            </Tabs>
          </Paper>
        ) : (
          <Stack gap="sm">
            {panels.map((panel) => (
              <Fragment key={panel.key}>{panel.node}</Fragment>
            ))}
          </Stack>
        )}
      </Suspense>
    </aside>
  )
}
