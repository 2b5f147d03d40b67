import { Group, Text, ThemeIcon } from '@mantine/core'
import { IconHighlight } from '@tabler/icons-react'

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={size} radius="md" variant="gradient" gradient={{ from: 'indigo', to: 'cyan', deg: 135 }}>
        <IconHighlight size={size * 0.62} />
      </ThemeIcon>
      <Text fw={700} size={size > 30 ? 'xl' : 'lg'} style={{ letterSpacing: '-0.01em' }}>
        Tagbench
      </Text>
    </Group>
  )
}
