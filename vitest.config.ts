import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    // Two files at once even on two cores (vitest's default there is one): the files wait on browsers,
    // simulators and Redis as much as they compute, and every file owns its simulator state or a key
    // prefix of its own. On a 2-core machine the suite took 14 min 24 s with one, 11 min 23 s with two.
    maxWorkers: Math.min(4, Math.max(2, availableParallelism())),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
});
