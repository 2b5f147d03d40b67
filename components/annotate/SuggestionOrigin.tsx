'use client'

import { Anchor, Stack, Text } from '@mantine/core'
import { useTranslations } from 'next-intl'
import type { SuggestionView } from '@/lib/schemas/suggestions'

/** Where a propagated suggestion comes from: the approved tag's report and reviewer, and what differs between the two passages. */
export function SuggestionOrigin({ origin }: { origin: NonNullable<SuggestionView['origin']> }) {
  const t = useTranslations('annotate.suggest')
  const place = [origin.province, origin.city].filter(Boolean).join('')
  const values = { title: origin.title, place: place ? `${place} ` : '', year: origin.year ?? '—', approver: origin.approvedBy ?? '' }
  return (
    <Stack gap={2} data-testid="suggestion-origin">
      <Text size="xs" c="dimmed" lh={1.35}>
        {origin.approvedBy ? t('origin', values) : t('originNoApprover', values)}{' '}
        <Anchor size="xs" href={`/documents/${origin.documentId}?tag=${origin.tagId}`} target="_blank" rel="noopener" data-testid="suggestion-origin-open">
          {t('originOpen')}
        </Anchor>
      </Text>
      <Text size="xs" lineClamp={4} aria-label={t('originDiff')} data-testid="suggestion-origin-diff">
        {origin.parts.map((p, i) =>
          p.op === 'same' ? (
            <span key={i}>{p.text}</span>
          ) : p.op === 'added' ? (
            <ins key={i} style={{ background: '#dcfce7' }}>{p.text}</ins>
          ) : (
            <del key={i} style={{ background: '#fee2e2' }}>{p.text}</del>
          ),
        )}
      </Text>
    </Stack>
  )
}
