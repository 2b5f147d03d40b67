export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const [{ assertServerEnv }, { readEnv }] = await Promise.all([import('./lib/config/server-env'), import('./lib/config/env')])
    assertServerEnv()
    // An upload a crash left behind is never imported: remove it before the first request.
    const { removeLeftoverUploads } = await import('./lib/import/upload')
    await removeLeftoverUploads()
    // The web process runs the job workers too (exports, file imports), unless TAGBENCH_WORKER=off
    // leaves them to `npm run worker` processes; queued jobs and ones cut off by a restart are taken up here.
    if (readEnv('DATABASE_URL') && readEnv('TAGBENCH_WORKER') === 'on') {
      const { startWorkers, stopQueue } = await import('./lib/jobs/queue')
      await startWorkers()
      // On a stop, running jobs are released (failed, so retried at once elsewhere) instead of waiting for their expiry.
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stopQueue({ graceful: false }))
    }
  }
}
