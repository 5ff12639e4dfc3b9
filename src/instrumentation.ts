/**
 * Next.js calls register() once when a server instance starts: the environment is validated
 * with zod here, so a bad or missing variable stops the server at start with a message naming
 * it (see src/config/env.ts), rather than failing on the first request. Then the schedule of
 * time-driven work starts (day end, auction windows, expiries: src/server/schedule).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { validateServerEnvOrExit } = await import('./config/validateAtStart');
    validateServerEnvOrExit();
    const { startScheduler } = await import('./server/schedule/scheduler');
    startScheduler();
  }
}
