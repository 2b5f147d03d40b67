'use client'

// The export form's choice between the annotators' tags and the curated gold layer (docs/decisions/0025).
import { Radio, Stack, Text } from '@mantine/core'
import { useTranslations } from 'next-intl'
import type { ExportLayer } from '@/lib/export/types'

export function ExportLayerChoice(props: { value: ExportLayer; onChange: (layer: ExportLayer) => void }) {
  const t = useTranslations('curation.export')
  return (
    <Radio.Group value={props.value} onChange={(v) => props.onChange(v === 'gold' ? 'gold' : 'tags')} label={t('label')} name="layer">
      <Stack gap={6} mt={6}>
        <Radio value="tags" label={<Text size="sm" fw={600}>{t('tags')}</Text>} description={t('tagsHelp')} data-testid="layer-tags" />
        <Radio value="gold" label={<Text size="sm" fw={600}>{t('gold')}</Text>} description={t('goldHelp')} data-testid="layer-gold" />
      </Stack>
    </Radio.Group>
  )
}
