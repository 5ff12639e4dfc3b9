import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src', import.meta.url));
/** .ci/run sets this to total the counts of the unit, integration and e2e runs in one closing line. */
const jsonDir = process.env.VITEST_JSON_DIR;

export default defineConfig({
  resolve: { alias: { '@': src } },
  test: {
    reporters: jsonDir ? ['default', 'json'] : ['default'],
    outputFile: jsonDir ? { json: `${jsonDir}/vitest-${Date.now()}-${process.pid}.json` } : undefined,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/setup/pgGlobal.ts'],
          setupFiles: ['tests/setup/integrationDb.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Every file has its own database; two at a time suits a 2-core machine.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/e2eGlobal.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One browser and one app server: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
