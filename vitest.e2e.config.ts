import { defineConfig } from 'vitest/config';

// Browser tests: a real `baton serve` and Debian's Chromium per file, one file at a time (each
// runs its own engine and browser; two at once would only fight over 2 cores).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
