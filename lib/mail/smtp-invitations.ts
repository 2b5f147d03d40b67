// Invitation and password-reset links by e-mail (issue 12), when a deployment names an SMTP server
// (TAGBENCH_SMTP_URL). nodemailer does the protocol (TLS, auth, encodings); this module only writes
// the message, in Chinese and English since the app does not know the recipient's language yet.
import nodemailer from 'nodemailer'
import { readEnv, type Env } from '../config/env'
import type { InvitationMailer } from '../services/invitations'

/** The SMTP mailer the environment configures, or null when TAGBENCH_SMTP_URL is unset. */
export function smtpMailerFromEnv(env: Env = process.env): InvitationMailer | null {
  const url = readEnv('TAGBENCH_SMTP_URL', env)
  if (!url) return null
  const from = readEnv('TAGBENCH_SMTP_FROM', env)
  const transport = nodemailer.createTransport(url)
  return {
    async send({ to, name, link, expiresAt, purpose }) {
      const until = expiresAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' })
      const untilEn = expiresAt.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' })
      const [subject, zh, en] =
        purpose === 'invite'
          ? ['Tagbench 邀请 / Invitation to Tagbench', `${name}，您好：\n\n您被邀请使用 Tagbench。请打开下面的链接设置密码（链接只能使用一次，有效期至北京时间 ${until}）：`, `Hello ${name},\n\nYou are invited to Tagbench. Open the link below to set your password (it works once, until ${untilEn}, Beijing time):`]
          : ['Tagbench 重设密码 / Reset your Tagbench password', `${name}，您好：\n\n请打开下面的链接设置新密码（链接只能使用一次，有效期至北京时间 ${until}）：`, `Hello ${name},\n\nOpen the link below to set a new password (it works once, until ${untilEn}, Beijing time):`]
      await transport.sendMail({ from, to, subject, text: `${zh}\n${link}\n\n${en}\n${link}\n` })
    },
  }
}
