// Liveness: the process answers. No database, so a load balancer does not restart a healthy server
// while Postgres is slow or away; /api/health is the readiness check, with the database.
// The benchmarks also use it as the floor: what one request through Next.js costs with no work.
import { NextResponse } from 'next/server'

export const dynamic = 'force-dynamic'

export function GET() {
  return NextResponse.json({ ok: true })
}
