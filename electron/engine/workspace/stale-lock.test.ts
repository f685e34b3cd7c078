import { mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execGit } from '../lib/git/git-exec.js';
import { clearStaleIndexLock } from './stale-lock.js';

const run = promisify(execFile);
let dir: string;
let lock: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'baton-lock-')));
  await run('git', ['init', '-q', dir]);
  lock = path.join(dir, '.git', 'index.lock');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const exists = (file: string) => stat(file).then(() => true, () => false);

describe('clearStaleIndexLock', () => {
  it('removes an index.lock no process holds and says which', async () => {
    await writeFile(lock, '');
    const result = await clearStaleIndexLock(dir, { git: execGit, processesInside: async () => [] });
    expect(result).toEqual({ ok: true, value: lock });
    expect(await exists(lock)).toBe(false);
  });

  it('keeps the lock while a process works in the worktree, and names it', async () => {
    await writeFile(lock, '');
    const result = await clearStaleIndexLock(dir, { git: execGit, processesInside: async () => [4242] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'git_locked', message: expect.stringContaining('pid 4242') });
    expect(await exists(lock)).toBe(true);
  });

  it('is a no-op without a lock, and outside a repository', async () => {
    expect(await clearStaleIndexLock(dir, { git: execGit, processesInside: async () => [1] })).toEqual({ ok: true, value: null });
    const plain = await realpath(await mkdtemp(path.join(os.tmpdir(), 'baton-nolock-')));
    try {
      expect(await clearStaleIndexLock(plain, { git: execGit })).toEqual({ ok: true, value: null });
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});
