import { defineConfig } from 'vitest/config';

/**
 * Two lines side by side (two files at once: the cores of a small CI machine), each one file at a time.
 * The proofs, which kill worker processes and Redis on purpose and take most of the time, are split
 * over the two lines so that both take about as long: the night soaks and most proofs in one, the
 * other tests and two proofs in the other. No two night soaks, and no two crash proofs, run at once.
 */
const SECOND_LINE_PROOFS = ['tests/proofs/mandate-crash.test.ts', 'tests/proofs/faults.test.ts']; // and in the exclude below

export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'proofs', include: ['tests/proofs/**/*.test.ts'], exclude: SECOND_LINE_PROOFS, maxWorkers: 1 },
      },
      {
        extends: true,
        test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: ['tests/proofs/!(mandate-crash|faults).test.ts'], maxWorkers: 1 },
      },
    ],
  },
});
