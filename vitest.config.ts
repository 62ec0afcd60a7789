import { defineConfig } from 'vitest/config';

/**
 * Two lines side by side, one file at a time each (two files at once: the cores of a small CI machine):
 * the proofs (tests/proofs/), which kill worker processes and Redis on purpose and take most of the
 * time, and every other test. A proof never runs beside another proof.
 */
export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: ['tests/proofs/**'], maxWorkers: 1 },
      },
      {
        extends: true,
        test: { name: 'proofs', include: ['tests/proofs/**/*.test.ts'], maxWorkers: 1 },
      },
    ],
  },
});
