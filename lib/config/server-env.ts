import { z } from 'zod'
import { authSecretSchema, envProblems, type Env } from './env'

// Checked when the server starts (instrumentation.ts, scripts/start.ts): a missing or guessable
// secret, or a variable with a bad value, stops the app with a sentence instead of letting it run.
export const serverEnvSchema = z.object({
  DATABASE_URL: z.string({ error: 'DATABASE_URL is not set: run `npm start`, which provides the embedded database, or point it at your Postgres.' }).min(1),
  AUTH_SECRET: authSecretSchema,
})

export function checkServerEnv(env: Env = process.env): string[] {
  const required = serverEnvSchema.safeParse(env)
  return [...(required.success ? [] : required.error.issues.map((i) => i.message)), ...envProblems(env)]
}

/** Stops the process with the reasons when the environment cannot run the app. */
export function assertServerEnv(): void {
  const problems = checkServerEnv()
  if (problems.length === 0) return
  console.error(`Tagbench cannot start:\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
