import { defineConfig } from 'vitest/config';

/**
 * Two groups, one after the other. First every test but the proofs, two files at a time (the cores of
 * a small CI machine). Then the proofs (tests/proofs/), one file at a time and alone: they kill worker
 * processes and Redis on purpose and measure exactly-once under their own faults, and the load of
 * another file beside them would add faults of its own (lock renewals starved of CPU).
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
        test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: ['tests/proofs/**'], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'proofs', include: ['tests/proofs/**/*.test.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
