'use client'

import { Badge, Group, Paper, Text } from '@mantine/core'
import { useLocale, useTranslations } from 'next-intl'
import { guidelineFor } from '@/lib/taxonomy/guideline'
import { LabelExamplesFor } from '../taxonomy/LabelExamples'
import type { LabelInfo } from './labels'

export function GuidelineCard({ label }: { label: LabelInfo | null }) {
  const t = useTranslations('annotate')
  const locale = useLocale()
  return (
    <Paper withBorder p="sm" radius="md" data-testid="guideline-card" style={{ borderLeft: `4px solid ${label?.color ?? 'var(--mantine-color-gray-3)'}` }}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
        {t('guideline')}
      </Text>
      {label ? (
        <>
          <Text fw={600} size="sm">
            {label.path.join(' / ')}
          </Text>
          <Text size="xs" c="dimmed" mb={6}>
            {label.en}
          </Text>
          <Text size="sm" style={{ lineHeight: 1.55 }}>
            {guidelineFor(label, locale)}
          </Text>
          {label.keywords.length > 0 && (
            <Group gap={4} mt={8}>
              {label.keywords.map((k) => (
                <Badge key={k} size="xs" variant="outline" color="gray">
                  {k}
                </Badge>
              ))}
            </Group>
          )}
          <LabelExamplesFor labelId={label.id} />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('noGuideline')}
        </Text>
      )}
    </Paper>
  )
}
