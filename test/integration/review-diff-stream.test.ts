import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DIFF_LIMITS } from '../../electron/engine/review/diff/diff-limits.js';
import { streamGit } from '../../electron/engine/lib/git/git-stream.js';
import { readPatch } from '../../electron/engine/review/diff/patch-reader.js';
import { git, makeRepo, tempDir } from './workspace-helpers.js';

const BLOB_BYTES = 8 * 1024 * 1024;

let dir: string;
let cleanup: () => Promise<void>;
let repo: string;
let blob: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('review-diff-stream'));
  repo = await makeRepo(path.join(dir, 'repo'));
  await writeFile(path.join(repo, 'big.txt'), 'x'.repeat(BLOB_BYTES));
  blob = await git(repo, 'hash-object', '-w', 'big.txt');
});
afterEach(async () => {
  await cleanup();
});

describe('streamGit', () => {
  it('hands over all output of a normal run', async () => {
    let received = 0;
    const out = await streamGit(['cat-file', '-p', blob], { cwd: repo, onData: (t) => ((received += t.length), 'continue') });
    expect(out).toEqual({ code: 0, stopped: false, stderr: '', error: null });
    expect(received).toBe(BLOB_BYTES);
  });

  it('stops git when the caller has enough, without reading the rest', async () => {
    let received = 0;
    const out = await streamGit(['cat-file', '-p', blob], { cwd: repo, onData: (t) => ((received += t.length), 'stop') });
    expect(out).toMatchObject({ code: null, stopped: true, error: null });
    expect(received).toBeLessThan(BLOB_BYTES);
  });

  it('stops git on abort and says why', async () => {
    const abort = new AbortController();
    const out = await streamGit(['cat-file', '-p', blob], { cwd: repo, signal: abort.signal, onData: () => (abort.abort(), 'continue') });
    expect(out.code).toBeNull();
    expect(out.error).toContain('shutting down');
  });

  it('stops git past its time bound', async () => {
    const out = await streamGit(['cat-file', '-p', blob], { cwd: repo, timeoutMs: 1, onData: () => 'continue' });
    expect(out.code).toBeNull();
    expect(out.error).toContain('after 1 ms');
  });

  it('reports git failures and a missing directory as values', async () => {
    const bad = await streamGit(['cat-file', '-p', 'no-such-object'], { cwd: repo, onData: () => 'continue' });
    expect(bad.code).toBe(128);
    expect(bad.stderr).toContain('no-such-object');
    const nowhere = await streamGit(['status'], { cwd: path.join(dir, 'missing'), onData: () => 'continue' });
    expect(nowhere.code).toBeNull();
    expect(nowhere.error).toContain('ENOENT');
  });
});

describe('readPatch', () => {
  it('turns a failing git diff into git_failed naming the worktree', async () => {
    const head = await git(repo, 'rev-parse', 'HEAD');
    const result = await readPatch(streamGit, { worktree: repo, base: head, tree: '0'.repeat(40), entries: [], mode: { kind: 'all' }, limits: DEFAULT_DIFF_LIMITS });
    expect(result.ok ? 'ok' : result.error.code).toBe('git_failed');
    expect(result.ok ? '' : result.error.message).toContain(repo);
  });
});
