'use client'

// A tag's comment thread (docs/decisions/0025), in the workbench's tag detail, the review queue's
// rows, the tag's history and the needs-revision list: the count, and on expand the thread with a
// field to answer (when the caller may). Keys typed in the field stay in it (no workbench or queue shortcut fires).
import { Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core'
import { useFormatter, useTranslations } from 'next-intl'
import { useCallback, useEffect, useState } from 'react'
import { addCommentEndpoint, commentCountsEndpoint, listCommentsEndpoint } from '@/lib/api/comment-endpoints'
import { call } from '@/lib/api/client'
import { COMMENT_MAX, type TagCommentList } from '@/lib/schemas/comments'
import { useErrorMessage } from '@/components/errors/useErrorMessage'

/** Comment counts for the rows on screen, in one request; {} until known. */
export function useCommentCounts(projectId: string, tagIds: string[]): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({})
  const key = tagIds.join(',')
  useEffect(() => {
    if (!key) return
    let current = true
    call(commentCountsEndpoint, { params: { projectId }, query: { tagIds: key } })
      .then((answer) => current && setCounts(answer.counts))
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [projectId, key])
  return counts
}

export function TagComments(props: { tagId: string; count?: number; defaultOpen?: boolean }) {
  const t = useTranslations('comments')
  const format = useFormatter()
  const errorMessage = useErrorMessage()
  const [open, setOpen] = useState(props.defaultOpen ?? false)
  const [thread, setThread] = useState<TagCommentList | null>(null)
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)

  useEffect(() => {
    if (!open) return
    let current = true
    call(listCommentsEndpoint, { params: { tagId: props.tagId } })
      .then((answer) => current && setThread(answer))
      .catch((e: unknown) => current && setError(errorMessage(e)))
    return () => {
      current = false
    }
  }, [open, props.tagId, errorMessage])

  const send = useCallback(async () => {
    const body = draft.trim()
    if (!body || sending) return
    setSending(true)
    setError(null)
    try {
      const comment = await call(addCommentEndpoint, { params: { tagId: props.tagId }, body: { body } })
      setThread((th) => (th ? { ...th, items: [...th.items, comment] } : th))
      setDraft('')
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSending(false)
    }
  }, [draft, sending, props.tagId, errorMessage])

  const count = thread?.items.length ?? props.count
  return (
    <div data-testid="tag-comments" onClick={(e) => e.stopPropagation()}>
      <Button size="compact-xs" variant="subtle" color="gray" px={4} onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="tag-comments-toggle">
        {count === undefined ? t('title') : t('count', { count })}
      </Button>
      {open && (
        <Paper withBorder p={6} mt={4} radius="sm">
          <Stack gap={6}>
            {thread === null && !error && (
              <Text size="xs" c="dimmed">
                {t('loading')}
              </Text>
            )}
            {thread?.items.length === 0 && (
              <Text size="xs" c="dimmed">
                {t('empty')}
              </Text>
            )}
            {thread?.items.map((c) => (
              <div key={c.id} data-testid="tag-comment">
                <Group gap={6}>
                  <Text size="xs" fw={600}>
                    {c.authorName}
                  </Text>
                  {c.authorRole && (
                    <Badge size="xs" variant="light" color={c.authorRole === 'annotator' ? 'blue' : 'grape'}>
                      {t(`roles.${c.authorRole}`)}
                    </Badge>
                  )}
                  <Text size="xs" c="dimmed">
                    {format.dateTime(new Date(c.createdAt), { dateStyle: 'short', timeStyle: 'short' })}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {c.body}
                </Text>
              </div>
            ))}
            {thread?.canComment && (
              <>
                <Textarea
                  size="xs"
                  autosize
                  minRows={2}
                  maxRows={6}
                  maxLength={COMMENT_MAX}
                  placeholder={t('placeholder')}
                  value={draft}
                  onChange={(e) => setDraft(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    e.stopPropagation()
                    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                      e.preventDefault()
                      void send()
                    }
                  }}
                  aria-label={t('placeholder')}
                  data-testid="tag-comment-input"
                />
                <Group justify="space-between">
                  <Text size="xs" c="dimmed">
                    {t('left', { count: COMMENT_MAX - draft.length })}
                  </Text>
                  <Button size="compact-xs" onClick={() => void send()} disabled={!draft.trim() || sending} data-testid="tag-comment-send">
                    {t('send')} (Ctrl+Enter)
                  </Button>
                </Group>
              </>
            )}
            {thread && !thread.canComment && (
              <Text size="xs" c="dimmed">
                {t('readOnly')}
              </Text>
            )}
            {error && (
              <Text size="xs" c="red">
                {error}
              </Text>
            )}
          </Stack>
        </Paper>
      )}
    </div>
  )
}
