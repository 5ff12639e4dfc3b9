import { EnvError, serverEnv } from './env';

/** Node.js only: validates the server environment, or prints what is wrong and exits. */
export function validateServerEnvOrExit(): void {
  try {
    serverEnv();
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    console.error(`[env] ${e.message}`);
    process.exit(1);
  }
}
