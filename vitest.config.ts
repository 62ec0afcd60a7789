import { defineConfig } from 'vitest/config';

/** The proofs line: the proofs, which kill worker processes and Redis on purpose. */
const PROOFS_LINE = ['tests/proofs/**/*.test.ts'];

/**
 * Two projects, two lines: `npm test` (scripts/test.sh) runs each in its own vitest, side by side, one
 * file at a time each (vitest itself runs the files of both projects in one sequence): the proofs, and
 * every other test.
 *
 * The other tests run without isolation: their files share one module cache, so the product's ~700
 * modules are loaded once, not once per file: in a full run 10 to 13 s of loading instead of 130 to 180 s
 * (alone, the line took 392 s). A test file therefore opens and
 * closes what it uses itself (connections, servers), and keeps no state in a module it shares. The
 * proofs keep their isolation: they are few, and they spawn and kill processes.
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
      { extends: true, test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: [...PROOFS_LINE], maxWorkers: 1, isolate: false } },
    ],
  },
});
