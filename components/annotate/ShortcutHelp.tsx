'use client'

// The shortcut help (press ?): drawn from the workbench's keymap, the same table the keyboard uses.
import { Group, Kbd, Modal, SimpleGrid, Stack, Text } from '@mantine/core'
import { useTranslations } from 'next-intl'
import { shownKeys, workbenchKeymap } from '@/lib/annotate/keymap'

export function ShortcutHelp({ opened, onClose, canReview }: { opened: boolean; onClose: () => void; canReview: boolean }) {
  const t = useTranslations('annotate.keys')
  const groups = workbenchKeymap.filter((g) => canReview || !g.reviewerOnly)
  return (
    <Modal opened={opened} onClose={onClose} title={t('title')} size="lg">
      <SimpleGrid cols={2} spacing="lg">
        {groups.map((g) => (
          <Stack key={g.title} gap={6}>
            <Text fw={700} size="sm">
              {t(g.title)}
            </Text>
            {g.rows.map((row) => (
              <Group key={row.help} gap="xs" wrap="nowrap" align="flex-start">
                <Group gap={3} w={90} wrap="nowrap">
                  {shownKeys(row).map((k, i) => (
                    <Kbd key={`${k}-${i}`} size="xs">
                      {k}
                    </Kbd>
                  ))}
                </Group>
                <Text size="sm" style={{ flex: 1 }}>
                  {t(row.help)}
                </Text>
              </Group>
            ))}
          </Stack>
        ))}
      </SimpleGrid>
    </Modal>
  )
}
