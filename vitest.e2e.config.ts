import { defineConfig } from 'vitest/config';
import { testHome } from './test/test-home.js';

// Browser tests: a real `baton serve` and Debian's Chromium per file, one file at a time (each
// runs its own engine and browser; two at once would only fight over 2 cores).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    maxWorkers: 1,
    fileParallelism: false,
    // No login profile for the shells tests start (test/test-home.ts). Where a test still reaches
    // the real one, a killed `pyenv rehash` leaves pyenv's lock file behind and every later login
    // shell waits 60 s for it: one second bounds that wait.
    env: { HOME: testHome(), PYENV_REHASH_TIMEOUT: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
