import { mkdir, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffFixture, expectError, type DiffFixture } from './review-diff-helpers.js';
import { git, makeRepo } from './workspace-helpers.js';

let fx: DiffFixture;
afterEach(async () => {
  await fx?.cleanup();
});

describe('DiffService: clear errors', () => {
  it('a worktree directory removed by hand is workspace_not_found, naming the path', async () => {
    fx = await diffFixture();
    await rm(fx.worktree, { recursive: true, force: true });
    expect(expectError(await fx.service.diff(fx.input), 'workspace_not_found')).toContain(fx.worktree);
    expect(expectError(await fx.service.changedFiles(fx.input), 'workspace_not_found')).toContain(fx.worktree);
    expectError(await fx.service.summary(fx.input), 'workspace_not_found');
  });

  it('a directory that is not a worktree of the repository is workspace_not_found', async () => {
    fx = await diffFixture();
    const plain = path.join(fx.dir, 'plain');
    await mkdir(plain);
    await writeFile(path.join(plain, 'file.txt'), 'x\n');
    expect(expectError(await fx.service.diff({ ...fx.input, worktree: plain }), 'workspace_not_found')).toContain(plain);
    // A folder inside the main checkout must not diff the main checkout.
    const inside = path.join(fx.repo, 'sub');
    await mkdir(inside);
    expect(expectError(await fx.service.diff({ ...fx.input, worktree: inside }), 'workspace_not_found')).toContain('inside');
    const other = await makeRepo(path.join(fx.dir, 'other'));
    expect(expectError(await fx.service.diff({ ...fx.input, worktree: other }), 'workspace_not_found')).toContain('belongs to');
  });

  it('a missing repository is no_repository', async () => {
    fx = await diffFixture();
    const missing = path.join(fx.dir, 'nope');
    expect(expectError(await fx.service.diff({ ...fx.input, repo: missing }), 'no_repository')).toContain(missing);
  });

  it('a branch deleted by hand (HEAD on a branch that is gone) is branch_not_found, naming the branch', async () => {
    fx = await diffFixture();
    await git(fx.repo, 'update-ref', '-d', 'refs/heads/baton/BAT-1');
    const message = expectError(await fx.service.diff(fx.input), 'branch_not_found');
    expect(message).toContain('baton/BAT-1');
    expect(message).toContain(fx.worktree);
    expectError(await fx.service.changedFiles(fx.input), 'branch_not_found');
  });

  it('an unknown base branch, or one with no shared history, is base_not_found', async () => {
    fx = await diffFixture();
    expect(expectError(await fx.service.diff({ ...fx.input, baseBranch: 'develop' }), 'base_not_found')).toContain('"develop"');
    expectError(await fx.service.diff({ ...fx.input, baseBranch: '--output=/tmp/x' }), 'base_not_found');
    await git(fx.repo, 'checkout', '-q', '--orphan', 'lonely');
    await git(fx.repo, 'commit', '-q', '-m', 'unrelated');
    await git(fx.repo, 'checkout', '-q', 'main');
    expect(expectError(await fx.service.diff({ ...fx.input, baseBranch: 'lonely' }), 'base_not_found')).toContain('no history');
  });

  it('a path that the work does not change is file_not_in_diff', async () => {
    fx = await diffFixture();
    await fx.write('a.txt', 'a\n');
    expect(expectError(await fx.service.diff({ ...fx.input, path: 'README.md' }), 'file_not_in_diff')).toContain('README.md');
  });

  it('git failing (a corrupt object store) is git_failed, and the temporary index is still removed', async () => {
    fx = await diffFixture();
    // The base side of a modified file must be read from the object store (git would reuse an
    // unchanged worktree file instead of a missing blob).
    const blob = await git(fx.worktree, 'rev-parse', 'HEAD:README.md');
    await fx.write('README.md', 'changed\n');
    await unlink(path.join(fx.repo, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    expect(expectError(await fx.service.diff(fx.input), 'git_failed')).toContain(fx.worktree);
    expectError(await fx.service.summary(fx.input), 'git_failed');
    expect(await readdir(path.join(fx.dir, 'tmp'))).toEqual([]);
  });

  it('after dispose() every call is service_unavailable', async () => {
    fx = await diffFixture();
    fx.service.dispose();
    expectError(await fx.service.diff(fx.input), 'service_unavailable');
    expectError(await fx.service.changedFiles(fx.input), 'service_unavailable');
  });
});
