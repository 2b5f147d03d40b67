'use client'

import { Alert, Badge, Button, Code, CopyButton, Group, Stack, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconKey } from '@tabler/icons-react'
import { useFormatter, useTranslations } from 'next-intl'
import { useState, useTransition } from 'react'
import { createTokenAction, revokeTokenAction } from '@/app/(workbench)/settings/actions'
import { useErrorMessage } from '@/components/errors/useErrorMessage'

export interface TokenRow {
  id: string
  name: string
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export function TokenManager({ tokens }: { tokens: TokenRow[] }) {
  const t = useTranslations('settings')
  const format = useFormatter()
  const errorMessage = useErrorMessage()
  const [name, setName] = useState('')
  const [secret, setSecret] = useState<string | null>(null)
  const [pending, startTransition] = useTransition()

  const create = () =>
    startTransition(async () => {
      const result = await createTokenAction({ name })
      if (result.ok) {
        setSecret(result.secret ?? null)
        setName('')
      } else notifications.show({ color: 'red', message: errorMessage(result.error) })
    })
  const revoke = (id: string) =>
    startTransition(async () => {
      const result = await revokeTokenAction({ id })
      if (!result.ok) notifications.show({ color: 'red', message: errorMessage(result.error) })
    })

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">{t('tokensHelp')}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          create()
        }}
      >
        <Group align="flex-end">
          <TextInput label={t('tokenName')} value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder={t('tokenPlaceholder')} w={280} required />
          <Button type="submit" leftSection={<IconKey size={16} />} loading={pending}>
            {t('create')}
          </Button>
        </Group>
      </form>
      {secret && (
        <Alert color="green" title={t('created')} data-testid="new-token">
          <Group gap="sm" wrap="nowrap">
            <Code style={{ wordBreak: 'break-all' }} data-testid="new-token-secret">{secret}</Code>
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? t('copied') : t('copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      {tokens.length === 0 ? (
        <Text size="sm" c="dimmed">{t('none')}</Text>
      ) : (
        <Table data-testid="token-table">
          <TableThead>
            <TableTr>
              <TableTh>{t('tokenName')}</TableTh>
              <TableTh>{t('createdAt')}</TableTh>
              <TableTh>{t('lastUsed')}</TableTh>
              <TableTh />
            </TableTr>
          </TableThead>
          <TableTbody>
            {tokens.map((token) => (
              <TableTr key={token.id} data-testid="token-row">
                <TableTd>
                  <Text size="sm" fw={500}>{token.name}</Text>
                  <Code>{token.prefix}…</Code>
                </TableTd>
                <TableTd>{format.dateTime(new Date(token.createdAt), { dateStyle: 'medium', timeStyle: 'short' })}</TableTd>
                <TableTd>{token.lastUsedAt ? format.dateTime(new Date(token.lastUsedAt), { dateStyle: 'medium', timeStyle: 'short' }) : t('never')}</TableTd>
                <TableTd ta="right">
                  {token.revokedAt ? (
                    <Badge color="gray" variant="light">{t('revoked')}</Badge>
                  ) : (
                    <Button size="xs" color="red" variant="subtle" onClick={() => revoke(token.id)} disabled={pending}>
                      {t('revoke')}
                    </Button>
                  )}
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      )}
    </Stack>
  )
}
