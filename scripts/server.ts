// The HTTP server: Next.js behind a plain node:http server, for one reason. Route handlers never see
// the socket, and Next fills X-Forwarded-For from the peer only when the client sent none, so a
// client could choose the address the sign-in limit counts. Here the peer's address is written into
// x-tagbench-peer, overwriting anything a client sent; lib/auth/trusted-proxy.ts reads it, and
// trusts X-Forwarded-For only when that peer is in TAGBENCH_TRUSTED_PROXIES.
// Usage: tsx scripts/server.ts [--dev] -p <port> -H <host>  (npm start runs it).
import { createServer } from 'node:http'
import next from 'next'
import { z } from 'zod'
import { PEER_HEADER } from '../lib/auth/trusted-proxy'

const argv = process.argv.slice(2)
const flag = (name: string) => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const options = z
  .object({
    dev: z.boolean(),
    port: z.coerce.number().int().min(1).max(65535),
    hostname: z.string().min(1),
  })
  .parse({ dev: argv.includes('--dev'), port: flag('-p') ?? process.env.PORT ?? 3000, hostname: flag('-H') ?? process.env.HOSTNAME ?? '127.0.0.1' })

const app = next({ dev: options.dev, hostname: options.hostname, port: options.port })
await app.prepare()
const handle = app.getRequestHandler()

const server = createServer((request, response) => {
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? ''
  void handle(request, response)
})
// Node closes an idle keep-alive connection after 5 s, which races a client (a proxy, a script's
// HTTP agent) reusing it at that moment: the request fails with ECONNRESET. Clients and proxies
// keep idle connections up to about a minute, so the server keeps them a little longer.
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000
server.listen(options.port, options.hostname, () => {
  console.log(`Tagbench is listening on http://${options.hostname}:${options.port}`)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)))
}
