import type { ExportFormat, ExportFormatName } from '../types'
import { conllFormat } from './conll'
import { doccanoFormat } from './doccano'
import { jsonlFormat } from './jsonl'
import { labelStudioFormat } from './label-studio'
import { sentencesFormat } from './sentences'

export const formats: Record<ExportFormatName, ExportFormat> = {
  jsonl: jsonlFormat,
  doccano: doccanoFormat,
  'label-studio': labelStudioFormat,
  conll: conllFormat,
  sentences: sentencesFormat,
}
