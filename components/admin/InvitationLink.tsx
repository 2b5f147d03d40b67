'use client'

// An invitation or reset link, shown once (only its hash is stored): copy it and pass it on.
import { ActionIcon, Alert, CopyButton, Group, Text, TextInput, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { useFormatter, useTranslations } from 'next-intl'

export function InvitationLink({ email, url, expiresAt, mailed, onClose }: { email: string; url: string; expiresAt: string; mailed?: boolean; onClose?: () => void }) {
  const t = useTranslations('team')
  const format = useFormatter()
  return (
    <Alert color="teal" variant="light" mt="sm" title={t('linkFor', { email })} withCloseButton={Boolean(onClose)} onClose={onClose} data-testid="invitation-link">
      <Group gap="xs" wrap="nowrap">
        <TextInput value={url} readOnly size="xs" style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} aria-label={t('linkLabel')} data-testid="invitation-url" />
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('copied') : t('copy')} withArrow>
              <ActionIcon variant="light" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('copy')}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" mt={6}>
        {t('linkHelp', { expires: format.dateTime(new Date(expiresAt), { dateStyle: 'medium', timeStyle: 'short' }) })}
        {mailed ? ` ${t('linkMailed')}` : ''}
      </Text>
    </Alert>
  )
}
