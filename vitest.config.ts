import { defineConfig } from 'vitest/config';

/**
 * The proofs line: the proofs, and the three monthly collection cycles over 240 mandates (a proof by its
 * size, kept under tests/bots/ beside its bot), which balances the two lines (795 s against 720 s
 * without it, in the last full run).
 */
const PROOFS_LINE = ['tests/proofs/**/*.test.ts', 'tests/bots/collection-cycle.test.ts'];

/**
 * Two projects, two lines: `npm test` (scripts/test.sh) runs each in its own vitest, side by side, one
 * file at a time each (vitest itself runs the files of both projects in one sequence): the proofs
 * (tests/proofs/, which kill worker processes and Redis on purpose, and the collection cycles' size
 * proof), and every other test. They take
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
      { extends: true, test: { name: 'proofs', include: [...PROOFS_LINE], maxWorkers: 1 } },
      { extends: true, test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: [...PROOFS_LINE], maxWorkers: 1 } },
    ],
  },
});
