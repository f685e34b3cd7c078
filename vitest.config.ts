import { defineConfig } from 'vitest/config';
import { testHome } from './test/test-home.js';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts', 'test/faults/**/*.test.ts'],
    // Integration tests spawn real git, ptys and subprocesses; on a 2-core machine two workers
    // keep the suite fast without starving the processes under test.
    maxWorkers: 2,
    // No login profile for the shells tests start (test/test-home.ts). Where a test still reaches
    // the real one, a killed `pyenv rehash` leaves pyenv's lock file behind and every later login
    // shell waits 60 s for it: one second bounds that wait.
    env: { HOME: testHome(), PYENV_REHASH_TIMEOUT: '1' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
