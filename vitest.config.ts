import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files wait on what they start (command lines, servers, PostgreSQL, Chromium), so two files
    // at once keep a 2-core machine busy; vitest's default (cores - 1) would run them one by one there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
