'use client'

import { Alert, Badge, Button, Drawer, Grid, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core'
import { useTranslations } from 'next-intl'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useErrorMessage } from '@/components/errors/useErrorMessage'
import { call } from '@/lib/api/client'
import { getStagedFileEndpoint, patchStagedFileEndpoint } from '@/lib/api/ingest-endpoints'
import { stagedFieldNames, type StagedDetail, type StagedFieldName } from '@/lib/schemas/ingest'
import { fieldInput } from './StagingTable'

/** The text in lines, each with the code-point offset it starts at: a selection maps back to offsets through them. */
function linesOf(text: string) {
  const out: { start: number; text: string }[] = []
  let offset = 0
  for (const line of text.split('\n')) {
    out.push({ start: offset, text: line })
    offset += Array.from(line).length + 1
  }
  return out
}

/** The code-point offset of a point in the rendered text (a line's span carries its start). */
function offsetAt(node: Node | null, utf16Offset: number): number | null {
  const element = node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null)
  const line = element?.closest<HTMLElement>('[data-line-start]')
  if (!line || !node) return null
  // The characters before the point inside this line, over the line's pieces (before / body / after).
  let before = 0
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n === node) return Number(line.dataset.lineStart) + before + Array.from((n.textContent ?? '').slice(0, utf16Offset)).length
    before += Array.from(n.textContent ?? '').length
  }
  return Number(line.dataset.lineStart) + before
}

function LineView({ line, body }: { line: { start: number; text: string }; body: { start: number; end: number } | null }) {
  const chars = Array.from(line.text)
  const end = line.start + chars.length
  const piece = (from: number, to: number, inBody: boolean, key: string) =>
    to > from ? (
      <span key={key} data-chrome={inBody ? undefined : ''} style={inBody ? undefined : { background: 'var(--mantine-color-gray-2)', color: 'var(--mantine-color-gray-6)' }}>
        {chars.slice(from - line.start, to - line.start).join('')}
      </span>
    ) : null
  const b = body ?? { start: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER }
  const bodyFrom = Math.min(Math.max(b.start, line.start), end)
  const bodyTo = Math.max(Math.min(b.end, end), bodyFrom)
  return (
    <div data-line-start={line.start} style={{ minHeight: '1.5em' }}>
      {piece(line.start, bodyFrom, false, 'a')}
      {piece(bodyFrom, bodyTo, true, 'b')}
      {piece(bodyTo, end, false, 'c')}
    </div>
  )
}

export function StagedPreview({ stagedFileId, onClose, onSaved }: { stagedFileId: string | null; onClose: () => void; onSaved: () => void }) {
  const t = useTranslations('ingest')
  const errorMessage = useErrorMessage()
  const [file, setFile] = useState<StagedDetail | null>(null)
  const [drafts, setDrafts] = useState<Partial<Record<StagedFieldName, string>>>({})
  const [error, setError] = useState<string | null>(null)
  const textRef = useRef<HTMLDivElement>(null)

  // The parent keys this component by the file it shows, so a new file starts from empty state.
  useEffect(() => {
    if (!stagedFileId) return
    let current = true
    call(getStagedFileEndpoint, { params: { stagedFileId } })
      .then((detail) => {
        if (current) setFile(detail)
      })
      .catch((e: unknown) => {
        if (current) setError(errorMessage(e))
      })
    return () => {
      current = false
    }
  }, [stagedFileId, errorMessage])

  const lines = useMemo(() => linesOf(file?.text ?? ''), [file?.text])
  const body = file && file.bodyStart !== null && file.bodyEnd !== null ? { start: file.bodyStart, end: file.bodyEnd } : null

  const patch = async (change: { fields?: Record<string, string | number | null>; body?: { start: number; end: number } }) => {
    if (!file) return
    try {
      const fresh = await call(patchStagedFileEndpoint, { params: { stagedFileId: file.id }, body: { version: file.version, ...change } })
      setFile(fresh)
      setDrafts({})
      setError(null)
      onSaved()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  /** Moves the body's start or end to where the manager's selection begins (start) or ends (end). */
  const moveBody = (which: 'start' | 'end') => {
    const selection = window.getSelection()
    if (!file || !selection || selection.rangeCount === 0 || !textRef.current?.contains(selection.anchorNode)) {
      setError(t('selectFirst'))
      return
    }
    const range = selection.getRangeAt(0)
    const at = which === 'start' ? offsetAt(range.startContainer, range.startOffset) : offsetAt(range.endContainer, range.endOffset)
    if (at === null) return setError(t('selectFirst'))
    const current = body ?? { start: 0, end: Array.from(file.text ?? '').length }
    void patch({ body: which === 'start' ? { start: at, end: current.end } : { start: current.start, end: at } })
  }

  const saveFields = () => {
    const fields: Record<string, string | number | null> = {}
    for (const [name, raw] of Object.entries(drafts) as [StagedFieldName, string][]) {
      const parsed = fieldInput(name, raw)
      if (!parsed.ok) return setError(`${t(`fields.${name}`)}: ${parsed.message}`)
      fields[name] = parsed.value
    }
    if (Object.keys(fields).length) void patch({ fields })
  }

  return (
    <Drawer opened={stagedFileId !== null} onClose={onClose} position="right" size="90%" title={file?.path ?? ''} data-testid="staged-preview">
      {error && (
        <Alert color="red" variant="light" mb="sm">
          {error}
        </Alert>
      )}
      {file && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Group gap="xs" mb="xs">
              <Text size="sm" c="dimmed">{t('previewHint')}</Text>
              <Button size="xs" variant="light" disabled={file.status !== 'staged'} onClick={() => moveBody('start')}>
                {t('bodyStartsHere')}
              </Button>
              <Button size="xs" variant="light" disabled={file.status !== 'staged'} onClick={() => moveBody('end')}>
                {t('bodyEndsHere')}
              </Button>
            </Group>
            <ScrollArea h="calc(100vh - 180px)" type="auto">
              {/* Plain text, never HTML: what a page held is shown as characters. */}
              <div ref={textRef} data-testid="preview-text" style={{ whiteSpace: 'pre-wrap', fontSize: 14, lineHeight: 1.7, overflowWrap: 'anywhere' }}>
                {lines.map((line) => (
                  <LineView key={line.start} line={line} body={body} />
                ))}
              </div>
            </ScrollArea>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="xs">
              <Group gap={6}>
                {file.format && <Badge variant="light">{file.format}</Badge>}
                {file.encoding && <Badge variant="light" color="gray">{t('encodingBadge', { encoding: file.encoding, source: file.encodingSource ?? '' })}</Badge>}
                {file.bodyLength !== null && <Badge variant="light" color="gray">{t('bodyLength', { count: file.bodyLength })}</Badge>}
              </Group>
              {file.warnings.map((w, i) => (
                <Alert key={`${w.code}-${i}`} color="orange" variant="light" p="xs">
                  <Text size="sm">{t.has(`codes.${w.code}`) ? t(`codes.${w.code}`, w.values) : w.message}</Text>
                </Alert>
              ))}
              {stagedFieldNames.map((name) => {
                const field = file.fields[name]
                return (
                  <TextInput
                    key={name}
                    size="xs"
                    label={t(`fields.${name}`)}
                    description={field?.source ? t('readFrom', { source: field.source, confidence: Math.round(field.confidence * 100) }) : t('notFound')}
                    disabled={file.status !== 'staged'}
                    value={drafts[name] ?? (field?.value === null || field?.value === undefined ? '' : String(field.value))}
                    onChange={(e) => {
                      const value = e.currentTarget.value
                      setDrafts((d) => ({ ...d, [name]: value }))
                    }}
                  />
                )
              })}
              <Button size="xs" disabled={Object.keys(drafts).length === 0} onClick={saveFields}>
                {t('saveFields')}
              </Button>
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Drawer>
  )
}
