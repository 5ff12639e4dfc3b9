#!/usr/bin/env node
// Runs `prisma generate` without letting the Prisma CLI try to download its native schema
// engine (unreachable here, and not used by `generate`): PRISMA_SCHEMA_ENGINE_BINARY points at
// an existing executable. Runs as npm `postinstall`, so it must never fail an install before
// the schema exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schema = path.join(root, 'prisma', 'schema.prisma');
const prismaBin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'prisma.cmd' : 'prisma');

if (!existsSync(schema)) {
  console.log('[prisma-generate] prisma/schema.prisma does not exist yet: nothing to generate.');
  process.exit(0);
}
if (!existsSync(prismaBin)) {
  // e.g. `npm install --package-lock-only` runs postinstall without installing anything.
  const asPostinstall = process.env.npm_lifecycle_event === 'postinstall';
  console[asPostinstall ? 'log' : 'error']('[prisma-generate] node_modules/.bin/prisma is missing: run `npm ci` first.');
  process.exit(asPostinstall ? 0 : 1);
}

const anyExecutable = ['/bin/true', '/usr/bin/true'].find((candidate) => existsSync(candidate)) ?? process.execPath;

const result = spawnSync(prismaBin, ['generate', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || anyExecutable,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
if (result.error) {
  console.error(`[prisma-generate] could not run prisma: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
