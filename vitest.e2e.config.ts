import { defineConfig } from 'vitest/config';

// Browser tests: a real `baton serve` and Debian's Chromium per file, one file at a time (each
// runs its own engine and browser; two at once would only fight over 2 cores).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    maxWorkers: 1,
    fileParallelism: false,
    // Tests kill login shells (`bash -lc`) on purpose; one killed inside `pyenv rehash` leaves
    // pyenv's lock file behind, and every later login shell then waits 60 s for it. One second
    // bounds that wait on machines with pyenv in their profile (like these CI machines).
    env: { PYENV_REHASH_TIMEOUT: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
