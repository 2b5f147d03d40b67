export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const [{ assertServerEnv }, { readEnv }] = await Promise.all([import('./lib/config/server-env'), import('./lib/config/env')])
    assertServerEnv()
    // An upload a crash left behind is never imported: remove it before the first request.
    const { removeLeftoverUploads } = await import('./lib/import/upload')
    await removeLeftoverUploads()
    // Export jobs run in the server process; queued ones (and ones cut off by a restart) are taken up here.
    if (readEnv('DATABASE_URL')) {
      const { startExportWorker } = await import('./lib/export/jobs')
      startExportWorker()
    }
  }
}
