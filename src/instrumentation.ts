/**
 * Next.js calls register() once when a server instance starts: the environment is validated
 * with zod here, so a bad or missing variable stops the server at start with a message naming
 * it (see src/config/env.ts), rather than failing on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { validateServerEnvOrExit } = await import('./config/validateAtStart');
    validateServerEnvOrExit();
  }
}
