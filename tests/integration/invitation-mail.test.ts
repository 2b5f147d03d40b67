// Invitation links by e-mail (issue 12): with TAGBENCH_SMTP_URL set, a new user's link is sent
// through a real SMTP server (smtp-server, in this process) and still shown to copy; a mail server
// that is down loses nothing: the link is shown and the answer says it was not mailed.
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { smtpMailerFromEnv } from '../../lib/mail/smtp-invitations'
import { setInvitationMailer } from '../../lib/services/invitations'
import { createInvitedUser } from '../../lib/services/users'
import { actorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

interface Received {
  from: string
  to: string[]
  data: string
}

const received: Received[] = []
let server: SMTPServer
let port: number
let admin: Actor

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') })
        done()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  port = (server.server.address() as AddressInfo).port
  const name = uniqueName('mail-admin')
  const user = await db.user.create({ data: { email: `${name}@unit.test`, name, passwordHash: 'not-a-real-hash', isAdmin: true } })
  admin = await actorOf(user.id)
})

afterAll(async () => {
  setInvitationMailer(null)
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('invitation mail', () => {
  it('sends a new user their link through the SMTP server the environment names, and still shows it', async () => {
    setInvitationMailer(smtpMailerFromEnv({ TAGBENCH_SMTP_URL: `smtp://127.0.0.1:${port}`, TAGBENCH_SMTP_FROM: 'Tagbench <tagbench@unit.test>' }))
    const email = `${uniqueName('invited')}@unit.test`
    const { invitation } = await createInvitedUser(admin, { email, name: '新同学', origin: 'https://tagbench.example.edu.cn' })
    expect(invitation.mailed).toBe(true)
    expect(invitation.url).toMatch(/^https:\/\/tagbench\.example\.edu\.cn\/invite\/[A-Za-z0-9_-]{43}$/)
    const mail = received.find((m) => m.to.includes(email))
    expect(mail?.from).toBe('tagbench@unit.test')
    // The body is quoted-printable or base64 as nodemailer chooses; the link's token is ASCII and appears whole once decoded.
    const body = decodeBody(mail!.data)
    expect(body).toContain(invitation.url)
    expect(body).toContain('新同学')
  })

  it('shows the link and says it was not mailed when the SMTP server is down', async () => {
    setInvitationMailer(smtpMailerFromEnv({ TAGBENCH_SMTP_URL: 'smtp://127.0.0.1:1' }))
    const email = `${uniqueName('unmailed')}@unit.test`
    const { invitation } = await createInvitedUser(admin, { email, name: 'Someone', origin: 'https://tagbench.example.edu.cn' })
    expect(invitation.mailed).toBe(false)
    expect(invitation.url).toContain('/invite/')
    expect(received.some((m) => m.to.includes(email))).toBe(false)
  })

  it('has no mailer without TAGBENCH_SMTP_URL, and refuses a URL that is not smtp:// with a sentence', () => {
    expect(smtpMailerFromEnv({})).toBeNull()
    expect(() => smtpMailerFromEnv({ TAGBENCH_SMTP_URL: 'http://mail.example.edu.cn' })).toThrow(/TAGBENCH_SMTP_URL.*smtp:\/\//)
  })
})

/** The text of a MIME message's body, decoded from quoted-printable or base64. */
function decodeBody(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/)
  const body = rest.join('\n\n')
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    return Buffer.from(bytes, 'latin1').toString('utf8')
  }
  return body
}
