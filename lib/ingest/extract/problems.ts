// Every refusal and warning of the extraction half, each with its own sentence (brief: "each gets its own
// sentence in its staging row"). The key is `ingest.<code>`; the integrator adds the translations.
import type { IngestProblem, IngestWarning } from '../types'

export function problem(code: string, message: string, values?: Record<string, string | number>): IngestProblem {
  return values ? { code, key: `ingest.${code}`, message, values } : { code, key: `ingest.${code}`, message }
}

export function warning(code: string, message: string, values?: Record<string, string | number>): IngestWarning {
  return values ? { code, key: `ingest.${code}`, message, values } : { code, key: `ingest.${code}`, message }
}
