import { defineConfig } from 'vitest/config';

/**
 * Two projects, two lines: `npm test` (scripts/test.sh) runs each in its own vitest, side by side, one
 * file at a time each (vitest itself runs the files of both projects in one sequence): the proofs
 * (tests/proofs/), which kill worker processes and Redis on purpose, and every other test. They take
 * about as long. `npx vitest run` alone runs everything one file at a time.
 */
export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'proofs', include: ['tests/proofs/**/*.test.ts'], maxWorkers: 1 } },
      { extends: true, test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: ['tests/proofs/**'], maxWorkers: 1 } },
    ],
  },
});
