import { defineConfig } from 'vitest/config';

/**
 * The proofs line: the proofs, and three proofs kept beside what they prove: the three monthly
 * collection cycles over 240 mandates, the board's proofs in Chromium, and screening against the
 * full OFAC and UN lists of the corpus. They balance the two lines (795 s against 720 s with the
 * proofs alone, in a full run; about 780 s against 672 s with the cycles moved, corpus included).
 */
const PROOFS_LINE = ['tests/proofs/**/*.test.ts', 'tests/bots/collection-cycle.test.ts', 'tests/queue/board/proofs/board-proofs.test.ts', 'tests/compliance/screening/corpus.test.ts'];

/**
 * Two projects, two lines: `npm test` (scripts/test.sh) runs each in its own vitest, side by side, one
 * file at a time each (vitest itself runs the files of both projects in one sequence): the proofs
 * (tests/proofs/, which kill worker processes and Redis on purpose, and three proofs kept beside what
 * they prove), and every other test. They take
 * about as long. `npx vitest run` alone runs everything one file at a time.
 */
export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    // Two files run at once on two cores (scripts/test.sh): a test that takes 10 s alone may take three times as long.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'proofs', include: [...PROOFS_LINE], maxWorkers: 1 } },
      { extends: true, test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: [...PROOFS_LINE], maxWorkers: 1 } },
    ],
  },
});
