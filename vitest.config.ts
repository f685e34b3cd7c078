import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts', 'test/faults/**/*.test.ts'],
    // Integration tests spawn real git, ptys and subprocesses; on a 2-core machine two workers
    // keep the suite fast without starving the processes under test.
    maxWorkers: 2,
    // Tests kill login shells (`bash -lc`) on purpose; one killed inside `pyenv rehash` leaves
    // pyenv's lock file behind, and every later login shell then waits 60 s for it. One second
    // bounds that wait on machines with pyenv in their profile (like these CI machines).
    env: { PYENV_REHASH_TIMEOUT: '1' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
