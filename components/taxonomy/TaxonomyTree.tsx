import { Badge, Group, Kbd, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import type { LabelNode } from '@/lib/schemas/projects'

function Swatch({ color }: { color: string }) {
  return <span aria-hidden style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 3, background: color, flexShrink: 0 }} />
}

export async function TaxonomyTree({ labels }: { labels: LabelNode[] }) {
  const t = await getTranslations('taxonomy')
  return (
    <Stack gap="lg" data-testid="taxonomy">
      {labels.map((top) => (
        <Paper key={top.id} withBorder radius="md" p="lg" style={{ borderLeft: `4px solid ${top.color}` }} data-testid="taxonomy-top-label">
          <Group justify="space-between" mb={4}>
            <Group gap="sm">
              <Swatch color={top.color} />
              <Title order={2} size="h4">{top.name}</Title>
              <Text c="dimmed" size="sm">{top.en}</Text>
            </Group>
            <Group gap="xs">
              {top.shortcut && <Kbd>{top.shortcut}</Kbd>}
              <Badge variant="light" color="gray">{t('children', { count: top.children.length })}</Badge>
            </Group>
          </Group>
          <Text size="sm" c="dark.5" mb="md" maw={900}>{top.guideline}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            {top.children.map((child) => (
              <Paper key={child.id} withBorder radius="sm" p="sm" bg="gray.0">
                <Group gap={8} mb={4} wrap="nowrap">
                  <Swatch color={child.color} />
                  <Text fw={600} size="sm">{child.name}</Text>
                  {child.shortcut && (
                    <Text size="xs" c="dimmed" ml="auto">
                      <Kbd size="xs">{top.shortcut}</Kbd> <Kbd size="xs">{child.shortcut}</Kbd>
                    </Text>
                  )}
                </Group>
                <Text size="xs" c="dimmed" mb={4}>{child.en}</Text>
                <Text size="xs">{child.guideline}</Text>
                {child.keywords.length > 0 && (
                  <Group gap={4} mt={6}>
                    {child.keywords.map((k) => <Badge key={k} size="xs" variant="outline" color="gray">{k}</Badge>)}
                  </Group>
                )}
              </Paper>
            ))}
          </SimpleGrid>
        </Paper>
      ))}
    </Stack>
  )
}
