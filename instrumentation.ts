export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const [{ assertServerEnv }, { readEnv }] = await Promise.all([import('./lib/config/server-env'), import('./lib/config/env')])
    assertServerEnv()
    // Export jobs run in the server process; queued ones (and ones cut off by a restart) are taken up here.
    if (readEnv('DATABASE_URL')) {
      const { startExportWorker } = await import('./lib/export/jobs')
      startExportWorker()
    }
  }
}
