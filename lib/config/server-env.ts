import { z } from 'zod'

// Checked when the server starts (instrumentation.ts): a missing secret stops the app instead of
// letting it run with a guessable one.
export const serverEnvSchema = z.object({
  DATABASE_URL: z.string({ error: 'DATABASE_URL is not set: run `npm start`, which provides the embedded database, or point it at your Postgres.' }).min(1),
  AUTH_SECRET: z
    .string({ error: 'AUTH_SECRET is not set: generate one with `openssl rand -base64 32` and set it in the environment.' })
    .min(32, 'AUTH_SECRET must be at least 32 characters: generate one with `openssl rand -base64 32`.'),
})

export function checkServerEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const result = serverEnvSchema.safeParse(env)
  return result.success ? [] : result.error.issues.map((i) => i.message)
}

/** Stops the process with the reasons when the environment cannot run the app. */
export function assertServerEnv(): void {
  const problems = checkServerEnv()
  if (problems.length === 0) return
  console.error(`Tagbench cannot start:\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
