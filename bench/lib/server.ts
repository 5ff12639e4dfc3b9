import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The real application: a production build served by `next start` on the benchmark's database.
 *
 * By default (BENCH_APP=head) the app is the last commit (or BENCH_COMMIT), exported with `git archive` into
 * <dataDir>/app-<commit> and built there once (node_modules linked from the repository): the
 * figures belong to a commit, uncommitted edits in the work tree cannot break the build, and the
 * work tree's own .next (used by `npm start` and the browser tests) is left alone.
 * BENCH_APP=worktree serves the work tree instead, building .next when it is older than any input
 * (the rule `npm start` uses).
 */
const repoRoot = process.cwd();
const BUILD_INPUTS = ['src', 'prisma', 'public', 'package.json', 'package-lock.json', 'next.config.ts', 'tsconfig.json'];
const BUILT_MARKER = '.bench-built';

function newestInput(root: string): { time: number; file: string } {
  let best = { time: 0, file: '' };
  const consider = (file: string) => {
    const time = statSync(file).mtimeMs;
    if (time > best.time) best = { time, file };
  };
  for (const input of BUILD_INPUTS) {
    const target = path.join(root, input);
    if (!existsSync(target)) continue;
    if (!statSync(target).isDirectory()) {
      consider(target);
      continue;
    }
    for (const entry of readdirSync(target, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (!entry.isFile() || path.relative(target, file).split(path.sep).some((part) => part === 'node_modules' || part.startsWith('.'))) continue;
      consider(file);
    }
  }
  return best;
}

/** Why the work tree needs a build, or undefined when its .next is current. */
export function buildReason(root = repoRoot): string | undefined {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'no build yet (.next/BUILD_ID is missing)';
  const newest = newestInput(root);
  return newest.time > statSync(buildId).mtimeMs ? `${path.relative(root, newest.file)} changed after the last build` : undefined;
}

const children = new Set<ChildProcess>();

/** Runs next with `args`; `next start` as `npm start` does, through scripts/cluster.mjs (APP_PROCESSES processes). */
function spawnNext(cwd: string, args: string[], env: NodeJS.ProcessEnv, quiet: boolean, nodeArgs: string[] = []): ChildProcess {
  const entry = args[0] === 'start' ? path.join(cwd, 'scripts', 'cluster.mjs') : path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [...nodeArgs, entry, ...args], { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function nextBuild(cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawnNext(cwd, ['build'], { ...env, NODE_ENV: 'production' }, false);
  const code = await new Promise<number>((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
  if (code !== 0) throw new Error(`next build failed in ${cwd} (exit code ${code})`);
}

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout.trim();
}

export interface AppSource {
  /** Directory `next start` runs in; its prisma/migrations are the ones applied. */
  dir: string;
  /** e.g. "commit 8f3284b" or "work tree (uncommitted changes included)". */
  label: string;
  build: string;
}

export async function prepareApp(mode: 'head' | 'worktree', dataDir: string, env: NodeJS.ProcessEnv, say: (line: string) => void, revision = 'HEAD'): Promise<AppSource> {
  const started = Date.now();
  const took = () => `built in ${((Date.now() - started) / 1000).toFixed(0)} s`;
  if (mode === 'worktree') {
    const reason = process.env.SKIP_BUILD === '1' && existsSync(path.join(repoRoot, '.next', 'BUILD_ID')) ? undefined : buildReason();
    if (!reason) {
      say('work tree: the build in .next is up to date, reusing it');
      return { dir: repoRoot, label: 'work tree', build: 'reused .next' };
    }
    say(`work tree: next build (${reason})`);
    await nextBuild(repoRoot, env);
    return { dir: repoRoot, label: 'work tree', build: took() };
  }

  const commit = run('git', ['rev-parse', '--verify', `${revision}^{commit}`], repoRoot);
  const short = commit.slice(0, 12);
  const base = path.resolve(dataDir);
  const dir = path.join(base, `app-${short}`);
  const label = `commit ${short}`;
  if (existsSync(path.join(dir, BUILT_MARKER))) {
    say(`${label}: reusing its build in ${path.relative(repoRoot, dir)}`);
    return { dir, label, build: 'reused' };
  }
  mkdirSync(base, { recursive: true });
  // Keep the two most recent other builds (to compare commits), drop the older ones.
  const others = readdirSync(base)
    .filter((entry) => entry.startsWith('app-'))
    .map((entry) => ({ entry, time: statSync(path.join(base, entry)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { entry } of others.slice(2)) rmSync(path.join(base, entry), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  say(`${label}: exporting with git archive into ${path.relative(repoRoot, dir)} and building it`);
  run('sh', ['-c', `git archive --format=tar ${commit} | tar -x -C "${dir}"`], repoRoot);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  run(process.execPath, [path.join(dir, 'scripts', 'prisma-generate.mjs')], dir);
  await nextBuild(dir, env);
  writeFileSync(path.join(dir, BUILT_MARKER), `${commit}\n`);
  return { dir, label, build: took() };
}

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** True when something already answers on the port (e.g. a server left over from an earlier run). */
async function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startApp(app: AppSource, env: NodeJS.ProcessEnv, port: number, say: (line: string) => void, nodeArgs: string[] = []): Promise<RunningServer> {
  // A leftover server on the port would answer the health check and be measured instead.
  if (await portTaken(port)) throw new Error(`Port ${port} is already in use (a server left over from an earlier run?). Stop it or set BENCH_PORT.`);
  const child = spawnNext(app.dir, ['start', '-p', String(port), '-H', '127.0.0.1'], { ...env, NODE_ENV: 'production', PORT: String(port) }, true, nodeArgs);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) output.push(line);
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(`[next] ${chunk.toString()}`);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    say('next stopped');
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited (code ${child.exitCode ?? child.signalCode}):\n${output.slice(-30).join('\n')}`);
    }
    try {
      const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok && child.exitCode === null) {
        say(`next start serving ${url} (pid ${child.pid})`);
        return { url, pid: child.pid!, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
  throw new Error(`next start did not answer ${url}/api/v1/health within 120 s:\n${output.slice(-30).join('\n')}`);
}

/** Kills whatever Next process is still running (error paths); the normal path calls stop(). */
export function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/** Stops what a benchmark started, each part even if another fails: the services' database client, the app, its children, the PostgreSQL cluster. */
export async function stopAll(parts: { server?: RunningServer; database?: { stop(): Promise<void> }; say: (line: string) => void }): Promise<void> {
  try {
    const { disconnectDb } = await import('../../src/db/client');
    await disconnectDb();
  } catch {
    // nothing connected
  }
  if (parts.server) await parts.server.stop().catch(() => undefined);
  killChildren();
  if (parts.database) await parts.database.stop().catch((error: unknown) => parts.say(`stopping PostgreSQL failed: ${(error as Error).message}`));
}
