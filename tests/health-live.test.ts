// The liveness route must answer without the database: a load balancer restarts a server whose
// liveness check fails, and a slow Postgres is no reason for that.
import { afterEach, describe, expect, it } from 'vitest'
import { GET } from '../app/api/health/live/route'

const saved = process.env.DATABASE_URL

afterEach(() => {
  process.env.DATABASE_URL = saved
})

describe('GET /api/health/live', () => {
  it('answers {ok: true} with JSON while no database can be reached', async () => {
    // Port 9 (discard) on loopback: nothing listens, any query would fail or hang.
    process.env.DATABASE_URL = 'postgres://nobody:nothing@127.0.0.1:9/nowhere'
    const response = GET()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toEqual({ ok: true })
  })
})
