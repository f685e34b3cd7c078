import { execFile } from 'node:child_process';
import { lstat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import type { GitExec } from '../../electron/engine/lib/git/git-exec.js';
import { HookRunner } from '../../electron/engine/workspace/hooks.js';
import { assessWorktree, listSnapshots, saveSnapshot } from '../../electron/engine/workspace/snapshot.js';
import { WorkspaceManager } from '../../electron/engine/workspace/workspace-manager.js';
import { git, gitCode, makeRepo, tempDir, testConfig } from './workspace-helpers.js';

const exists = (p: string) => lstat(p).then(() => true, () => false);

describe('worktree removal and snapshots', () => {
  let dir: string;
  let root: string;
  let repo: string;
  let cleanup: () => Promise<void>;
  let hooks: HookRunner;
  let config: ServiceConfig;
  let manager: WorkspaceManager;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('snap'));
    root = path.join(dir, 'workspaces');
    repo = await makeRepo(path.join(dir, 'repo'), { 'README.md': 'hello\n', 'src/app.ts': 'v1\n', '.gitignore': 'node_modules/\n' });
    config = testConfig({ root, repo });
    hooks = new HookRunner({ logger: silentLogger(), killGraceMs: 200 });
    manager = new WorkspaceManager({ config: () => config, hooks, logger: silentLogger(), secretVarNames: () => [] });
  });
  afterEach(async () => {
    await manager.dispose();
    await hooks.dispose();
    await cleanup();
  });

  async function workspace(id: string): Promise<string> {
    const made = await manager.ensure(id);
    if (!made.ok) throw new Error(made.error.message);
    return made.value.path;
  }
  const show = (rev: string, file: string) => git(repo, 'show', `${rev}:${file}`);
  const treeFiles = async (rev: string) => (await git(repo, 'ls-tree', '-r', '--name-only', rev)).split('\n').sort();

  it('saves uncommitted, untracked and unmerged work to a ref before removing the worktree', async () => {
    const ws = await workspace('BAT-1');
    await writeFile(path.join(ws, 'committed.txt'), 'committed on the branch\n');
    await git(ws, 'add', 'committed.txt');
    await git(ws, 'commit', '-q', '-m', 'agent commit');
    const agentCommit = await git(ws, 'rev-parse', 'HEAD');
    await writeFile(path.join(ws, 'src/app.ts'), 'v2 modified\n');
    await mkdir(path.join(ws, 'new-dir'));
    await writeFile(path.join(ws, 'new-dir', 'untracked.txt'), 'brand new\n');
    await writeFile(path.join(ws, 'staged.txt'), 'staged\n');
    await git(ws, 'add', 'staged.txt');
    await mkdir(path.join(ws, 'node_modules'));
    await writeFile(path.join(ws, 'node_modules', 'ignored.js'), 'ignored\n');

    const removed = await manager.remove('BAT-1');
    expect(removed).toEqual({ ok: true, value: { snapshotRef: 'refs/baton/snapshots/BAT-1/1' } });
    const ref = 'refs/baton/snapshots/BAT-1/1';
    expect(await show(ref, 'src/app.ts')).toBe('v2 modified');
    expect(await show(ref, 'new-dir/untracked.txt')).toBe('brand new');
    expect(await show(ref, 'staged.txt')).toBe('staged');
    expect(await show(ref, 'committed.txt')).toBe('committed on the branch');
    expect(await treeFiles(ref)).not.toContain('node_modules/ignored.js');
    expect(await gitCode(repo, 'merge-base', '--is-ancestor', agentCommit, ref)).toBe(0);
    expect(await git(repo, 'log', '-1', '--format=%s', ref)).toMatch(/^baton snapshot BAT-1 /);

    expect(await exists(ws)).toBe(false);
    expect(await gitCode(repo, 'rev-parse', '--verify', '--quiet', 'refs/heads/baton/BAT-1')).not.toBe(0);
    const listed = await listSnapshots(repo, 'BAT-1');
    expect(listed.ok && listed.value.map((s) => [s.ref, s.n])).toEqual([[ref, 1]]);

    // The documented way back.
    await git(repo, 'checkout', '-q', '-b', 'restore', ref);
    expect(await git(repo, 'show', 'HEAD:new-dir/untracked.txt')).toBe('brand new');
  });

  it('saves committed-but-unmerged work from a clean worktree', async () => {
    const ws = await workspace('BAT-2');
    await writeFile(path.join(ws, 'feature.txt'), 'feature\n');
    await git(ws, 'add', 'feature.txt');
    await git(ws, 'commit', '-q', '-m', 'feature');
    const removed = await manager.remove('BAT-2');
    expect(removed.ok && removed.value.snapshotRef).toBe('refs/baton/snapshots/BAT-2/1');
    expect(await show('refs/baton/snapshots/BAT-2/1', 'feature.txt')).toBe('feature');
  });

  it('removes a clean, merged worktree without a snapshot', async () => {
    const ws = await workspace('BAT-3');
    await writeFile(path.join(ws, 'merged.txt'), 'merged\n');
    await git(ws, 'add', 'merged.txt');
    await git(ws, 'commit', '-q', '-m', 'merged work');
    await git(repo, 'merge', '-q', '--ff-only', 'baton/BAT-3');
    expect(await manager.remove('BAT-3')).toEqual({ ok: true, value: { snapshotRef: null } });
    expect(await exists(ws)).toBe(false);
    const listed = await listSnapshots(repo, 'BAT-3');
    expect(listed).toEqual({ ok: true, value: [] });
    expect(await git(repo, 'branch', '--format=%(refname:short)')).toBe('main');
    expect(await git(repo, 'worktree', 'list', '--porcelain')).not.toContain(ws);
  });

  it('numbers later snapshots of the same key after the highest existing one', async () => {
    for (const round of [1, 2]) {
      const ws = await workspace('BAT-4');
      await writeFile(path.join(ws, `round-${round}.txt`), `${round}\n`);
      const removed = await manager.remove('BAT-4');
      expect(removed.ok && removed.value.snapshotRef).toBe(`refs/baton/snapshots/BAT-4/${round}`);
    }
    await git(repo, 'update-ref', 'refs/baton/snapshots/BAT-4/10', 'main');
    const ws = await workspace('BAT-4');
    await writeFile(path.join(ws, 'again.txt'), 'x\n');
    const third = await manager.remove('BAT-4');
    expect(third.ok && third.value.snapshotRef).toBe('refs/baton/snapshots/BAT-4/11');
    const listed = await listSnapshots(repo, 'BAT-4');
    expect(listed.ok && listed.value.map((s) => s.n)).toEqual([1, 2, 10, 11]);
  });

  it('refuses removal and deletes nothing when the snapshot cannot be written', async () => {
    const ws = await workspace('BAT-5');
    await writeFile(path.join(ws, 'precious.txt'), 'unsaved\n');
    // A ref named like the key's directory makes every refs/baton/snapshots/BAT-5/<n> uncreatable.
    await git(repo, 'update-ref', 'refs/baton/snapshots/BAT-5', 'main');
    const removed = await manager.remove('BAT-5');
    expect(removed.ok).toBe(false);
    if (!removed.ok) expect(removed.error.code).toBe('snapshot_failed');
    expect(await exists(path.join(ws, 'precious.txt'))).toBe(true);
    expect(await git(repo, 'rev-parse', '--verify', 'refs/heads/baton/BAT-5')).toMatch(/^[0-9a-f]{40}$/);
    expect(await git(repo, 'worktree', 'list', '--porcelain')).toContain(ws);
  });

  it('snapshots when the base branch is gone: no proof the work is safe', async () => {
    config = testConfig({ root, repo, baseBranch: 'main' });
    await workspace('BAT-6');
    await git(repo, 'checkout', '-q', '-b', 'other');
    await git(repo, 'branch', '-q', '-D', 'main');
    const removed = await manager.remove('BAT-6');
    expect(removed.ok && removed.value.snapshotRef).toBe('refs/baton/snapshots/BAT-6/1');
  });

  it('runs before_remove before the snapshot, and ignores its failure', async () => {
    config = testConfig({ root, repo, hooks: { before_remove: 'echo from-hook > hook-output.txt; exit 9' } });
    await workspace('BAT-7');
    const removed = await manager.remove('BAT-7');
    expect(removed.ok && removed.value.snapshotRef).toBe('refs/baton/snapshots/BAT-7/1');
    expect(await show('refs/baton/snapshots/BAT-7/1', 'hook-output.txt')).toBe('from-hook');
  });

  it('leaves the worktree index and files untouched while snapshotting', async () => {
    const ws = await workspace('BAT-8');
    await writeFile(path.join(ws, 'staged.txt'), 'staged\n');
    await git(ws, 'add', 'staged.txt');
    await writeFile(path.join(ws, 'untracked.txt'), 'u\n');
    await writeFile(path.join(ws, 'README.md'), 'unstaged edit\n');
    const before = await git(ws, 'status', '--porcelain');
    const indexBefore = await git(ws, 'ls-files', '--stage');
    const target = { repo, worktree: ws, key: 'BAT-8' };
    const assessment = await assessWorktree(target, 'main');
    expect(assessment.ok && assessment.value.dirty).toBe(true);
    if (!assessment.ok) return;
    const saved = await saveSnapshot(target, assessment.value, 'test');
    expect(saved.ok).toBe(true);
    expect(await git(ws, 'status', '--porcelain')).toBe(before);
    expect(await git(ws, 'ls-files', '--stage')).toBe(indexBefore);
  });

  it('commits with a fallback identity when git has none', async () => {
    const ws = await workspace('BAT-9');
    await writeFile(path.join(ws, 'x.txt'), 'x\n');
    await git(repo, 'config', '--unset', 'user.name');
    await git(repo, 'config', '--unset', 'user.email');
    const emptyHome = path.join(dir, 'home');
    await mkdir(emptyHome);
    // Real git with no identity anywhere: no GIT_* identity variables, no global or system config.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: emptyHome, XDG_CONFIG_HOME: emptyHome, GIT_CONFIG_NOSYSTEM: '1', EMAIL: '' };
    const noIdentityGit: GitExec = (args, options) =>
      new Promise((resolve) => {
        execFile('git', [...args], { cwd: options.cwd, env: { ...env, ...options.env } }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, error: null }),
        );
      });
    expect((await noIdentityGit(['commit-tree', 'HEAD^{tree}', '-m', 'probe'], { cwd: repo })).code).not.toBe(0);
    const target = { repo, worktree: ws, key: 'BAT-9' };
    const assessment = await assessWorktree(target, 'main', noIdentityGit);
    if (!assessment.ok) throw new Error(assessment.error.message);
    const saved = await saveSnapshot(target, assessment.value, 'test', noIdentityGit);
    expect(saved.ok).toBe(true);
    if (saved.ok) expect(await git(repo, 'log', '-1', '--format=%an <%ae>', saved.value.ref)).toBe('Baton <baton@localhost>');
  });
});
