import { NextResponse } from 'next/server'
import { openApiDocument } from '@/lib/api/openapi'
import { appVersion } from '@/lib/config/version'

// Public, like any API reference: it describes the API, it holds no data.
export function GET() {
  return NextResponse.json(openApiDocument(appVersion))
}
