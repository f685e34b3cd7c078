import { lstat, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { execGit, type GitExec } from '../../electron/engine/lib/git/git-exec.js';
import { HookRunner } from '../../electron/engine/workspace/hooks.js';
import { WorkspaceManager } from '../../electron/engine/workspace/workspace-manager.js';
import { git, gitCode, makeRepo, tempDir, testConfig } from './workspace-helpers.js';

const exists = (p: string) => lstat(p).then(() => true, () => false);

describe('WorkspaceManager, git worktrees', () => {
  let dir: string;
  let root: string;
  let repo: string;
  let cleanup: () => Promise<void>;
  let hooks: HookRunner;
  let config: ServiceConfig;
  let manager: WorkspaceManager;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('git'));
    root = path.join(dir, 'workspaces');
    repo = await makeRepo(path.join(dir, 'repo'), { 'README.md': 'hello\n', 'tmp/keep.txt': 'tracked tmp\n', 'src/app.ts': 'x\n' });
    config = testConfig({ root, repo });
    hooks = new HookRunner({ logger: silentLogger(), killGraceMs: 200 });
    manager = new WorkspaceManager({ config: () => config, hooks, logger: silentLogger(), secretVarNames: () => [] });
  });
  afterEach(async () => {
    await manager.dispose();
    await hooks.dispose();
    await cleanup();
  });

  const branches = async () => (await git(repo, 'branch', '--format=%(refname:short)')).split('\n').filter(Boolean).sort();
  const worktreePaths = async () =>
    (await git(repo, 'worktree', 'list', '--porcelain')).split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice(9));

  it('creates a worktree on baton/<key> from the current branch, then reuses it', async () => {
    const first = await manager.ensure('BAT-1');
    const ws = path.join(root, 'BAT-1');
    expect(first).toEqual({ ok: true, value: { path: ws, key: 'BAT-1', createdNow: true, branch: 'baton/BAT-1', baseBranch: 'main', repairs: [] } });
    expect(await readFile(path.join(ws, 'README.md'), 'utf8')).toBe('hello\n');
    expect(await git(ws, 'status', '--porcelain')).toBe('');
    expect(await worktreePaths()).toContain(ws);
    expect(await git(ws, 'rev-parse', 'HEAD')).toBe(await git(repo, 'rev-parse', 'main'));
    // --no-track: the branch has no upstream written to the shared config.
    expect(await gitCode(repo, 'config', '--get', 'branch.baton/BAT-1.merge')).not.toBe(0);

    await writeFile(path.join(ws, 'README.md'), 'changed\n');
    const second = await manager.ensure('BAT-1');
    expect(second.ok && second.value.createdNow).toBe(false);
    expect(await readFile(path.join(ws, 'README.md'), 'utf8')).toBe('changed\n');
  });

  it('creates 8 worktrees of one repository at once without a failure', async () => {
    // Real git, observed: how many commands that write the shared .git state run at the same time.
    let writers = 0;
    let maxWriters = 0;
    const observed: GitExec = async (args, options) => {
      const shared = args[0] === 'worktree' || args[0] === 'branch';
      if (shared) maxWriters = Math.max(maxWriters, ++writers);
      try {
        return await execGit(args, options);
      } finally {
        if (shared) writers -= 1;
      }
    };
    manager = new WorkspaceManager({ config: () => config, hooks, logger: silentLogger(), secretVarNames: () => [], git: observed });
    const ids = Array.from({ length: 8 }, (_, i) => `BAT-${100 + i}`);
    const results = await Promise.all(ids.map((id) => manager.ensure(id)));
    for (const r of results) expect(r.ok ? 'ok' : r.error.message).toBe('ok');
    expect(maxWriters).toBe(1);
    expect(await branches()).toEqual(['main', ...ids.map((id) => `baton/${id}`)].sort());
    const listed = await worktreePaths();
    for (const id of ids) {
      expect(listed).toContain(path.join(root, id));
      expect(await git(path.join(root, id), 'symbolic-ref', '--short', 'HEAD')).toBe(`baton/${id}`);
      expect(await readFile(path.join(root, id, 'src/app.ts'), 'utf8')).toBe('x\n');
    }
    expect(listed).toHaveLength(9);
  });

  it('uses workspace.base_branch when set, and reports an unknown one', async () => {
    await git(repo, 'checkout', '-q', '-b', 'develop');
    await writeFile(path.join(repo, 'dev.txt'), 'dev\n');
    await git(repo, 'add', 'dev.txt');
    await git(repo, 'commit', '-q', '-m', 'dev');
    await git(repo, 'checkout', '-q', 'main');
    config = testConfig({ root, repo, baseBranch: 'develop' });
    const made = await manager.ensure('BAT-2');
    expect(made.ok && made.value.baseBranch).toBe('develop');
    expect(await exists(path.join(root, 'BAT-2', 'dev.txt'))).toBe(true);

    config = testConfig({ root, repo, baseBranch: 'no-such-branch' });
    const bad = await manager.ensure('BAT-3');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('base_branch_unresolved');
  });

  it('refuses a detached HEAD without base_branch', async () => {
    await git(repo, 'checkout', '-q', '--detach');
    const result = await manager.ensure('BAT-4');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('base_branch_unresolved');
    expect(await exists(path.join(root, 'BAT-4'))).toBe(false);
  });

  it('reports a missing repository, a plain directory and a folder inside a repository as invalid', async () => {
    const plain = path.join(dir, 'plain');
    await mkdir(plain);
    for (const bad of [path.join(dir, 'missing'), plain, path.join(repo, 'src')]) {
      config = testConfig({ root, repo: bad });
      const result = await manager.ensure('BAT-5');
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('workspace_repo_invalid');
        expect(result.error.message).toContain(bad);
      }
    }
  });

  it('refuses an existing directory that is not a worktree of the repository, and leaves it alone', async () => {
    await mkdir(path.join(root, 'BAT-6'), { recursive: true });
    await writeFile(path.join(root, 'BAT-6', 'mine.txt'), 'user data');
    const result = await manager.ensure('BAT-6');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('workspace_conflict');
    const removal = await manager.remove('BAT-6');
    expect(removal.ok).toBe(false);
    if (!removal.ok) expect(removal.error.code).toBe('workspace_conflict');
    expect(await readFile(path.join(root, 'BAT-6', 'mine.txt'), 'utf8')).toBe('user data');
  });

  it('refuses a worktree of another repository', async () => {
    const other = await makeRepo(path.join(dir, 'other'));
    await mkdir(root, { recursive: true });
    await git(other, 'worktree', 'add', '-q', path.join(root, 'BAT-7'));
    const result = await manager.ensure('BAT-7');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('workspace_conflict');
  });

  it('fails on a file at the workspace path', async () => {
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, 'BAT-8'), 'file');
    const result = await manager.ensure('BAT-8');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('workspace_path_not_directory');
    expect(await readFile(path.join(root, 'BAT-8'), 'utf8')).toBe('file');
  });

  it('recreates a worktree whose directory was deleted by hand, on its existing branch', async () => {
    await manager.ensure('BAT-9');
    const ws = path.join(root, 'BAT-9');
    await writeFile(path.join(ws, 'work.txt'), 'committed work\n');
    await git(ws, 'add', 'work.txt');
    await git(ws, 'commit', '-q', '-m', 'agent work');
    await rm(ws, { recursive: true, force: true });
    const again = await manager.ensure('BAT-9');
    expect(again.ok && again.value.createdNow).toBe(true);
    expect(await readFile(path.join(ws, 'work.txt'), 'utf8')).toBe('committed work\n');
  });

  it('makes a worktree again when an engine was killed while making it (registered, never checked out, locked by git)', async () => {
    // What `kill -9` in `git worktree add` leaves: the creation marker, a registered worktree without
    // files, and git's own "initializing" lock. Regression: it was handed to the agent as it was.
    const ws = path.join(root, 'BAT-11');
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, '.baton-creating-BAT-11'), 'killed\n');
    await git(repo, 'worktree', 'add', '-q', '--no-checkout', '-b', 'baton/BAT-11', ws, 'main');
    await writeFile(path.join(repo, '.git', 'worktrees', 'BAT-11', 'locked'), 'initializing');
    config = testConfig({ root, repo, hooks: { after_create: 'echo prepared > prepared.txt' } });

    const made = await manager.ensure('BAT-11');
    expect(made.ok && made.value.createdNow).toBe(true);
    expect(await readFile(path.join(ws, 'README.md'), 'utf8')).toBe('hello\n');
    expect(await readFile(path.join(ws, 'prepared.txt'), 'utf8')).toBe('prepared\n');
    expect(await git(ws, 'status', '--porcelain')).toBe('?? prepared.txt');
    expect(await git(repo, 'worktree', 'list', '--porcelain')).not.toContain('locked');
    expect(await readdir(root)).toEqual(['BAT-11']);
    // Made once, it is reused as it is from then on.
    await writeFile(path.join(ws, 'README.md'), 'agent work\n');
    const again = await manager.ensure('BAT-11');
    expect(again.ok && again.value.createdNow).toBe(false);
    expect(await readFile(path.join(ws, 'README.md'), 'utf8')).toBe('agent work\n');
  });

  it('after_create runs once; its failure removes the worktree and the branch it created', async () => {
    config = testConfig({ root, repo, hooks: { after_create: 'echo ran >> ../after-create.log; exit 4' } });
    const failed = await manager.ensure('BAT-10');
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.code).toBe('hook_failed');
    expect(await exists(path.join(root, 'BAT-10'))).toBe(false);
    expect(await branches()).toEqual(['main']);
    expect(await worktreePaths()).toHaveLength(1);

    config = testConfig({ root, repo, hooks: { after_create: 'echo ran >> ../after-create.log' } });
    expect((await manager.ensure('BAT-10')).ok).toBe(true);
    expect((await manager.ensure('BAT-10')).ok).toBe(true);
    expect(await readFile(path.join(root, 'after-create.log'), 'utf8')).toBe('ran\nran\n');
  });

  it('keeps a branch that existed before when after_create fails', async () => {
    await git(repo, 'branch', 'baton/BAT-11');
    config = testConfig({ root, repo, hooks: { after_create: 'exit 1' } });
    expect((await manager.ensure('BAT-11')).ok).toBe(false);
    expect(await branches()).toContain('baton/BAT-11');
    expect(await exists(path.join(root, 'BAT-11'))).toBe(false);
  });

  it('removes untracked tmp and .elixir_ls during prep but keeps tracked ones', async () => {
    await manager.ensure('BAT-12');
    const ws = path.join(root, 'BAT-12');
    await mkdir(path.join(ws, '.elixir_ls', 'cache'), { recursive: true });
    await writeFile(path.join(ws, 'tmp', 'scratch.txt'), 'untracked inside tracked tmp');
    await manager.ensure('BAT-12');
    expect(await exists(path.join(ws, '.elixir_ls'))).toBe(false);
    expect(await readFile(path.join(ws, 'tmp', 'keep.txt'), 'utf8')).toBe('tracked tmp\n');
    expect(await exists(path.join(ws, 'tmp', 'scratch.txt'))).toBe(true);
  });

  it('treats an empty directory at the workspace path as free', async () => {
    await mkdir(path.join(root, 'BAT-13'), { recursive: true });
    const made = await manager.ensure('BAT-13');
    expect(made.ok && made.value.createdNow).toBe(true);
    expect((await readdir(path.join(root, 'BAT-13'))).sort()).toEqual(['.git', 'README.md', 'src', 'tmp']);
  });
  it('reports worktree_add_failed when the branch is checked out in another worktree', async () => {
    await git(repo, 'worktree', 'add', '-q', '-b', 'baton/BAT-14', path.join(dir, 'elsewhere'));
    const result = await manager.ensure('BAT-14');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('worktree_add_failed');
    expect(await exists(path.join(root, 'BAT-14'))).toBe(false);
  });

  it('reports a locked worktree as worktree_remove_failed and keeps it', async () => {
    const made = await manager.ensure('BAT-15');
    if (!made.ok) throw new Error(made.error.message);
    await git(repo, 'worktree', 'lock', made.value.path);
    const removed = await manager.remove('BAT-15');
    expect(removed.ok).toBe(false);
    if (!removed.ok) expect(removed.error.code).toBe('worktree_remove_failed');
    expect(await exists(path.join(made.value.path, 'README.md'))).toBe(true);
    expect(await branches()).toContain('baton/BAT-15');
  });

  it('deletes nothing when the repository is unusable at removal time', async () => {
    const made = await manager.ensure('BAT-16');
    if (!made.ok) throw new Error(made.error.message);
    config = testConfig({ root, repo: path.join(dir, 'moved-away') });
    const removed = await manager.remove('BAT-16');
    expect(removed.ok).toBe(false);
    if (!removed.ok) expect(removed.error.code).toBe('workspace_repo_invalid');
    expect(await exists(path.join(made.value.path, 'README.md'))).toBe(true);
  });

  it('removes an empty directory left at a workspace path', async () => {
    await mkdir(path.join(root, 'BAT-17'), { recursive: true });
    expect(await manager.remove('BAT-17')).toEqual({ ok: true, value: { snapshotRef: null } });
    expect(await exists(path.join(root, 'BAT-17'))).toBe(false);
  });
  it('works with a bare repository', async () => {
    const bare = path.join(dir, 'bare.git');
    await git(dir, 'clone', '-q', '--bare', repo, bare);
    config = testConfig({ root, repo: bare });
    const made = await manager.ensure('BAT-18');
    expect(made.ok && made.value.baseBranch).toBe('main');
    if (!made.ok) return;
    await writeFile(path.join(made.value.path, 'new.txt'), 'n\n');
    const removed = await manager.remove('BAT-18');
    expect(removed.ok && removed.value.snapshotRef).toBe('refs/baton/snapshots/BAT-18/1');
    expect(await git(bare, 'show', 'refs/baton/snapshots/BAT-18/1:new.txt')).toBe('n');
  });
});
