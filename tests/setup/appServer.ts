import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * An app server of the built app (`next start` on .next) for the browser tests: the one the e2e
 * global setup starts, and the second one of the two-servers test, both against a test database.
 */
const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** The auth secret of every app server the tests start (sessions and tokens work across them). */
export const E2E_AUTH_SECRET = 'e2e-secret-e2e-secret-e2e-secret-0123456789';

export interface AppServer {
  url: string;
  process: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/** The environment of an app server on `databaseUrl` at `port` (demo mode, production build). */
export function appServerEnv(databaseUrl: string, port: number): NodeJS.ProcessEnv {
  const url = `http://127.0.0.1:${port}`;
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: E2E_AUTH_SECRET,
    NEXTAUTH_SECRET: E2E_AUTH_SECRET,
    NEXTAUTH_URL: url,
    APP_MODE: 'demo',
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  };
}

/** Starts `next start` on `port` with `env` and waits until it answers. */
export async function startAppServer(env: NodeJS.ProcessEnv, port: number, timeoutMs = 120_000): Promise<AppServer> {
  let log = '';
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-50_000)));
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-50_000)));
  const server: AppServer = { url: `http://127.0.0.1:${port}`, process: child, log: () => log, stop: () => stopProcess(child) };
  try {
    await waitUntilAnswering(`${server.url}/api/v1/health`, child, () => log, timeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilAnswering(url: string, server: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`[e2e] next start exited (code ${server.exitCode ?? server.signalCode}):\n${log().slice(-8_000)}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      return; // any HTTP answer: the server is up
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  throw new Error(`[e2e] ${url} did not answer within ${timeoutMs / 1000} s:\n${log().slice(-8_000)}`);
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
