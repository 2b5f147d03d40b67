'use client'

import { Group, Kbd, Modal, SimpleGrid, Stack, Text } from '@mantine/core'
import { useTranslations } from 'next-intl'

const groups: { title: string; rows: [string[], string][] }[] = [
  { title: 'select', rows: [[['j', 'k'], 'jk'], [['J', 'K'], 'JK'], [['s'], 's'], [['Esc'], 'esc']] },
  { title: 'tag', rows: [[['1–9', '1–9'], 'digits'], [['Enter'], 'enter']] },
  { title: 'edit', rows: [[[']', '['], 'brackets'], [['{', '}'], 'braces'], [['l'], 'l'], [['x', 'Del'], 'x'], [['u', 'Ctrl+Z'], 'u']] },
  { title: 'move', rows: [[['n', 'p'], 'np'], [['g'], 'g'], [['?'], 'help']] },
]

export function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useTranslations('annotate.keys')
  return (
    <Modal opened={opened} onClose={onClose} title={t('title')} size="lg">
      <SimpleGrid cols={2} spacing="lg">
        {groups.map((g) => (
          <Stack key={g.title} gap={6}>
            <Text fw={700} size="sm">
              {t(g.title)}
            </Text>
            {g.rows.map(([keys, text]) => (
              <Group key={text} gap="xs" wrap="nowrap" align="flex-start">
                <Group gap={3} w={90} wrap="nowrap">
                  {keys.map((k) => (
                    <Kbd key={k} size="xs">
                      {k}
                    </Kbd>
                  ))}
                </Group>
                <Text size="sm" style={{ flex: 1 }}>
                  {t(text)}
                </Text>
              </Group>
            ))}
          </Stack>
        ))}
      </SimpleGrid>
    </Modal>
  )
}
