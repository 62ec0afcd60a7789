import { defineConfig } from 'vitest/config';

/**
 * Two projects, two lines: `npm test` (scripts/test.sh) runs each in its own vitest, side by side, one
 * file at a time each (vitest itself runs the files of both projects in one sequence). The proofs,
 * which kill worker processes and Redis on purpose and take most of the time, are split so that both
 * lines take about as long: the night soaks and most proofs in `proofs`; every other test and the
 * faults proof in `tests`. `npx vitest run` alone runs everything one file at a time.
 */
const SECOND_LINE_PROOFS = ['tests/proofs/faults.test.ts']; // and in the exclude below

export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
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
        test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: ['tests/proofs/!(faults).test.ts'], maxWorkers: 1 },
      },
    ],
  },
});
