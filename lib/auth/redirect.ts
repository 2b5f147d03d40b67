import { z } from 'zod'

// Only same-site paths: "next" comes from the URL and must not send a user to another site.
const pathSchema = z.string().regex(/^\/(?!\/)[^\s\\]*$/)

export function safeRedirectPath(value: unknown, fallback = '/'): string {
  const parsed = pathSchema.safeParse(value)
  return parsed.success ? parsed.data : fallback
}
