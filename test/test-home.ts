import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * An empty HOME for everything the tests start. Agents, hooks and checks run as login shells
 * (`bash -lc`), which read the machine's profile: on the CI machines that is pyenv's init, 0.6 s
 * per shell when idle and seconds under load, across hundreds of shells; and a test that kills a
 * login shell inside `pyenv rehash` leaves a lock every later shell waits on. Baton's behaviour does
 * not depend on the profile, so the tests run without one (tests that need git's identity set it
 * through GIT_AUTHOR_* / GIT_COMMITTER_* or the repository's own config).
 */
export function testHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'baton-test-home-'));
}
