import os from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execGit } from '../../electron/engine/lib/git/git-exec.js';
import { commitOfWork } from '../../electron/engine/workspace/work-commit.js';
import { git, makeRepo, tempDir } from './workspace-helpers.js';

describe('commitOfWork', () => {
  let dir: string;
  let repo: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('work-commit'));
    repo = await makeRepo(path.join(dir, 'repo'), { 'README.md': 'hello\n', '.gitignore': 'node_modules/\n' });
  });
  afterEach(() => cleanup());

  it('is HEAD itself when nothing is uncommitted', async () => {
    const head = await git(repo, 'rev-parse', 'HEAD');
    const made = await commitOfWork(execGit, repo, os.tmpdir(), 'checked');
    expect(made).toEqual({ ok: true, value: { head, tree: await git(repo, 'rev-parse', 'HEAD^{tree}'), commit: head } });
  });

  it('commits staged, unstaged and untracked work on top of HEAD without touching the index or any ref', async () => {
    const head = await git(repo, 'rev-parse', 'HEAD');
    await writeFile(path.join(repo, 'README.md'), 'changed\n');
    await writeFile(path.join(repo, 'staged.txt'), 'staged\n');
    await git(repo, 'add', 'staged.txt');
    await writeFile(path.join(repo, 'new.txt'), 'untracked\n');
    const statusBefore = await git(repo, 'status', '--porcelain');
    const indexBefore = await readFile(path.join(repo, '.git', 'index'));
    const refsBefore = await git(repo, 'for-each-ref');

    const made = await commitOfWork(execGit, repo, os.tmpdir(), 'baton: BAT-1 as checked');
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.value.head).toBe(head);
    expect(made.value.commit).not.toBe(head);
    expect(await git(repo, 'rev-parse', `${made.value.commit}^`)).toBe(head);
    expect(await git(repo, 'rev-parse', `${made.value.commit}^{tree}`)).toBe(made.value.tree);
    expect(await git(repo, 'show', `${made.value.commit}:README.md`)).toBe('changed');
    expect(await git(repo, 'show', `${made.value.commit}:new.txt`)).toBe('untracked');
    expect(await git(repo, 'show', `${made.value.commit}:staged.txt`)).toBe('staged');
    expect(await git(repo, 'log', '-1', '--format=%s', made.value.commit)).toBe('baton: BAT-1 as checked');

    expect(await git(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(await readFile(path.join(repo, '.git', 'index'))).toEqual(indexBefore);
    expect(await git(repo, 'for-each-ref')).toBe(refsBefore);
  });

  it('answers an error for a directory that is not a worktree', async () => {
    const made = await commitOfWork(execGit, dir, os.tmpdir(), 'x');
    expect(made.ok).toBe(false);
    if (!made.ok) expect(made.error.message).toContain(`cannot read HEAD of ${dir}`);
  });
});
