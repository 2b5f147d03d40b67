'use client'

import { Button } from '@mantine/core'
import { stringify } from 'csv-stringify/browser/esm/sync'
import { useTranslations } from 'next-intl'

/** Saves the figures a view shows as a CSV file (UTF-8 with a BOM so that Excel reads the Chinese; formulas escaped). */
function downloadCsv(fileName: string, rows: unknown[][]) {
  const blob = new Blob([stringify(rows, { bom: true, escape_formulas: true })], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = fileName
  a.click()
  URL.revokeObjectURL(a.href)
}

/** “Download the figures” of a research view: `rows` (header first) are built when it is clicked. */
export function DownloadCsvButton({ fileName, rows, testId }: { fileName: string; rows: () => unknown[][]; testId?: string }) {
  const t = useTranslations('research')
  return (
    <Button size="xs" variant="default" data-testid={testId} onClick={() => downloadCsv(fileName, rows())}>
      {t('downloadNumbers')}
    </Button>
  )
}
