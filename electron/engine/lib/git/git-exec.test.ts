import { describe, expect, it } from 'vitest';
import { gitFailure, lockFileOf } from './git-exec.js';

const LOCKED = [
  "fatal: Unable to create '/repo/.git/index.lock': File exists.",
  '',
  'Another git process seems to be running in this repository, e.g.',
  "an editor opened by 'git commit'. Please make sure all processes",
  'are terminated then try again. If it still fails, a git process',
  'may have crashed in this repository earlier:',
  'remove the file manually to continue.',
].join('\n');

describe('gitFailure', () => {
  it('names the lock file a git was refused by (its last lines do not)', () => {
    const out = { code: 128, stdout: '', stderr: LOCKED, error: null };
    expect(lockFileOf(out)).toBe('/repo/.git/index.lock');
    expect(gitFailure(out)).toBe('/repo/.git/index.lock exists: another git is working there, or one was killed and left it behind (remove it if no git is running)');
  });

  it('keeps the last lines of any other failure', () => {
    const out = { code: 1, stdout: '', stderr: 'error: one\nerror: two\n', error: null };
    expect(lockFileOf(out)).toBeNull();
    expect(gitFailure(out)).toBe('error: one | error: two');
  });
});
