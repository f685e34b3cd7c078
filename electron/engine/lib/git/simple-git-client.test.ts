import { execFile } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GitClient, simpleGitEnv } from './simple-git-client.js';

const run = promisify(execFile);
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, env: GIT_ENV })).stdout.trim();

let dir: string;
let other: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'baton-sg-')));
  other = await realpath(await mkdtemp(path.join(os.tmpdir(), 'baton-sg-other-')));
  for (const d of [dir, other]) await git(d, 'init', '-q', '-b', 'main');
  await writeFile(path.join(dir, 'a.txt'), 'a\n');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'a');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all([dir, other].map((d) => rm(d, { recursive: true, force: true })));
});

describe('GitClient.status', () => {
  it('reads a clean worktree, an untracked file and a detached HEAD', async () => {
    const client = new GitClient();
    expect(await client.status(dir)).toEqual({ ok: true, value: { clean: true, conflicted: [], branch: 'main' } });
    await writeFile(path.join(dir, 'new.txt'), 'n\n');
    expect(await client.status(dir)).toMatchObject({ ok: true, value: { clean: false, branch: 'main' } });
    await git(dir, 'checkout', '-q', '--detach');
    expect(await client.status(dir)).toMatchObject({ ok: true, value: { clean: false, branch: null } });
  });

  it('lists the files a stopped merge left in conflict', async () => {
    await git(dir, 'checkout', '-qb', 'side');
    await writeFile(path.join(dir, 'a.txt'), 'side\n');
    await git(dir, 'commit', '-qam', 'side');
    await git(dir, 'checkout', '-q', 'main');
    await writeFile(path.join(dir, 'a.txt'), 'main\n');
    await git(dir, 'commit', '-qam', 'main');
    await expect(git(dir, 'merge', '-q', 'side')).rejects.toThrow();
    expect(await new GitClient().status(dir)).toEqual({ ok: true, value: { clean: false, conflicted: ['a.txt'], branch: 'main' } });
  });

  it('never writes the index, and reads status past a stale index.lock', async () => {
    // A file rewritten after the index was: a status allowed to take the lock refreshes the index.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await writeFile(path.join(dir, 'a.txt'), 'a\n');
    const index = await readFile(path.join(dir, '.git', 'index'));
    expect(await new GitClient().status(dir)).toMatchObject({ ok: true, value: { clean: true } });
    expect(await readFile(path.join(dir, '.git', 'index'))).toEqual(index);
    await writeFile(path.join(dir, '.git', 'index.lock'), '');
    expect(await new GitClient().status(dir)).toMatchObject({ ok: true, value: { clean: true } });
  });

  it('ignores variables that would point git elsewhere, and editors or pagers simple-git refuses', async () => {
    vi.stubEnv('GIT_DIR', path.join(other, '.git'));
    vi.stubEnv('GIT_WORK_TREE', other);
    vi.stubEnv('EDITOR', 'vi');
    vi.stubEnv('GIT_PAGER', 'less');
    await writeFile(path.join(other, 'only-in-other.txt'), 'o\n');
    expect(await new GitClient().status(dir)).toEqual({ ok: true, value: { clean: true, conflicted: [], branch: 'main' } });
    expect(simpleGitEnv()).toMatchObject({ GIT_TERMINAL_PROMPT: '0' });
    expect(Object.keys(simpleGitEnv())).not.toContain('GIT_DIR');
  });

  it('fails with a stable code and the reason for a directory that is not a repository', async () => {
    const plain = await realpath(await mkdtemp(path.join(os.tmpdir(), 'baton-sg-plain-')));
    try {
      vi.stubEnv('GIT_CEILING_DIRECTORIES', path.dirname(plain));
      const out = await new GitClient().status(plain);
      expect(out.ok ? 'ok' : out.error.code).toBe('git_failed');
      expect(out.ok ? '' : out.error.message).toMatch(/not a git repository/i);
      const missing = await new GitClient().status(path.join(plain, 'gone'));
      expect(missing.ok ? 'ok' : missing.error.code).toBe('git_failed');
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });

  it('starts nothing once its signal is aborted, and tells its observer about every call', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const client = new GitClient({ signal: abort.signal, observe: (command) => seen.push(command) });
    expect((await client.status(dir)).ok).toBe(true);
    abort.abort();
    const out = await client.status(dir);
    expect(out.ok ? 'ok' : out.error.code).toBe('service_unavailable');
    expect(seen).toEqual(['status', 'status']);
  });
});

describe('GitClient.deleteBranch', () => {
  it('deletes a branch with unmerged commits, and reports git refusing a checked-out one', async () => {
    await git(dir, 'checkout', '-qb', 'work');
    await writeFile(path.join(dir, 'w.txt'), 'w\n');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-qm', 'w');
    const client = new GitClient();
    const refused = await client.deleteBranch(dir, 'work');
    expect(refused.ok ? 'ok' : refused.error.code).toBe('git_failed');
    expect(refused.ok ? '' : refused.error.message).toMatch(/work/);
    await git(dir, 'checkout', '-q', 'main');
    expect(await client.deleteBranch(dir, 'work')).toEqual({ ok: true, value: undefined });
    expect(await git(dir, 'branch', '--list', 'work')).toBe('');
  });
});
