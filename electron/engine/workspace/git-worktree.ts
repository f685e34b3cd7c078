import { readdir, lstat, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { KeyedMutex } from '../lib/keyed-mutex.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import { execGit, gitFailure, type GitExec } from '../lib/git/git-exec.js';
import { GitClient } from '../lib/git/simple-git-client.js';

/** A validated `workspace.repo`. */
export interface RepoInfo {
  /** Absolute path as configured; git commands run here. */
  path: string;
  /** Real path of the shared git directory: the identity of the repository and its lock key. */
  commonDir: string;
}

/** What is at a workspace path, from git mode's point of view. */
export type WorktreeState = 'absent' | 'empty_dir' | 'worktree' | 'foreign_dir' | 'not_directory';

/** Huge repositories take minutes to check out (performance-and-reliability.md §5.1). */
const CHECKOUT_TIMEOUT_MS = 30 * 60_000;

export function branchFor(key: string): string {
  return `baton/${key}`;
}

/**
 * Worktrees of `workspace.repo`, one per issue on branch `baton/<key>`. Everything that writes the
 * repository's shared state (`.git/worktrees/`, branch refs, prune) runs under a per-repository lock:
 * concurrent `git worktree add` on one repository race on `.git/config` and `.git/worktrees/` and
 * fail (17 of 40 without a lock, performance-and-reliability.md §5.2). The slow part, populating
 * the files, runs outside the lock because each worktree has its own index.
 */
export class GitWorktrees {
  private readonly git: GitExec;
  private readonly client: GitClient;
  private readonly mutex: KeyedMutex;

  constructor(deps: { git?: GitExec; client?: GitClient; mutex?: KeyedMutex } = {}) {
    this.git = deps.git ?? execGit;
    this.client = deps.client ?? new GitClient();
    this.mutex = deps.mutex ?? new KeyedMutex();
  }

  withRepoLock<T>(repo: RepoInfo, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(repo.commonDir, fn);
  }

  async openRepo(configured: string): Promise<Result<RepoInfo>> {
    const repoPath = path.resolve(configured);
    const stats = await lstat(repoPath).catch(() => null);
    if (stats === null) return err('workspace_repo_invalid', `workspace.repo ${repoPath} does not exist`, { repo: repoPath });
    const info = await this.git(['rev-parse', '--path-format=absolute', '--git-common-dir', '--is-bare-repository'], { cwd: repoPath });
    if (info.code !== 0) {
      return err('workspace_repo_invalid', `workspace.repo ${repoPath} is not a git repository (${gitFailure(info)})`, { repo: repoPath });
    }
    const [commonDir = '', bare = ''] = info.stdout.split('\n');
    if (bare.trim() !== 'true') {
      // A folder inside some other repository would silently make worktrees of that repository.
      const top = await this.git(['rev-parse', '--show-toplevel'], { cwd: repoPath });
      const realTop = top.code === 0 ? await realpath(top.stdout.trim()).catch(() => null) : null;
      if (realTop !== (await realpath(repoPath))) {
        return err('workspace_repo_invalid', `workspace.repo ${repoPath} is not the top level of a git repository${realTop ? ` (that is ${realTop})` : ''}`, { repo: repoPath });
      }
    }
    return ok({ path: repoPath, commonDir: await realpath(commonDir.trim()) });
  }

  /** `workspace.base_branch`, or the repository's current branch; it must name a commit. */
  async resolveBase(repo: RepoInfo, configured: string | null): Promise<Result<string>> {
    let base = configured;
    if (!base) {
      const head = await this.git(['symbolic-ref', '--short', '-q', 'HEAD'], { cwd: repo.path });
      if (head.code !== 0 || head.stdout.trim() === '') {
        return err('base_branch_unresolved', `workspace.repo ${repo.path} has a detached HEAD; set workspace.base_branch`, { repo: repo.path });
      }
      base = head.stdout.trim();
    }
    const commit = await this.git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { cwd: repo.path });
    if (commit.code !== 0) {
      return err('base_branch_unresolved', `base branch "${base}" does not name a commit in ${repo.path}`, { repo: repo.path, base });
    }
    return ok(base);
  }

  async inspect(repo: RepoInfo, wtPath: string): Promise<WorktreeState> {
    const stats = await lstat(wtPath).catch(() => null);
    if (stats === null) return 'absent';
    if (!stats.isDirectory()) return 'not_directory';
    if ((await readdir(wtPath)).length === 0) return 'empty_dir';
    const out = await this.git(['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel'], { cwd: wtPath });
    if (out.code !== 0) return 'foreign_dir';
    const [commonDir = '', top = ''] = out.stdout.split('\n');
    const [realCommon, realTop, realWt] = await Promise.all([commonDir, top, wtPath].map((p) => realpath(p.trim()).catch(() => null)));
    return realCommon === repo.commonDir && realTop === realWt ? 'worktree' : 'foreign_dir';
  }

  async branchExists(repo: RepoInfo, branch: string): Promise<boolean> {
    const out = await this.git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: repo.path });
    return out.code === 0;
  }

  /** Current branch of a worktree, null when its HEAD is detached. */
  async currentBranch(wtPath: string): Promise<string | null> {
    const out = await this.git(['symbolic-ref', '--short', '-q', 'HEAD'], { cwd: wtPath });
    return out.code === 0 && out.stdout.trim() !== '' ? out.stdout.trim() : null;
  }

  /**
   * Creates the worktree on `baton/<key>`: a new branch from `base`, or the existing branch when one
   * is left from an earlier workspace (its commits are the previous attempt's work).
   */
  async add(repo: RepoInfo, wtPath: string, key: string, base: string): Promise<Result<{ branch: string; branchCreated: boolean }>> {
    const branch = branchFor(key);
    const registered = await this.withRepoLock(repo, async () => {
      // A worktree directory deleted by hand stays registered and blocks `add` for its path.
      await this.git(['worktree', 'prune'], { cwd: repo.path });
      const exists = await this.branchExists(repo, branch);
      const args = exists
        ? ['worktree', 'add', '--no-checkout', wtPath, branch]
        : ['worktree', 'add', '--no-checkout', '--no-track', '-b', branch, wtPath, base];
      const out = await this.git(args, { cwd: repo.path });
      if (out.code !== 0) return err('worktree_add_failed', `git worktree add ${wtPath} failed: ${gitFailure(out)}`, { branch });
      return ok({ branch, branchCreated: !exists });
    });
    if (!registered.ok) return registered;
    // Populating the files is the slow part; the index it writes belongs to this worktree alone.
    const checkout = await this.git(['reset', '--hard', '--quiet', 'HEAD'], { cwd: wtPath, timeoutMs: CHECKOUT_TIMEOUT_MS });
    if (checkout.code !== 0) {
      await this.remove(repo, wtPath, registered.value.branchCreated ? branch : null);
      return err('worktree_add_failed', `checking out ${branch} in ${wtPath} failed: ${gitFailure(checkout)}`, { branch });
    }
    return registered;
  }

  /**
   * A worktree with a detached HEAD at `commit` (no branch): a disposable copy of some state of the
   * work, such as the one a check runs in. Same lock-then-populate order as `add`.
   */
  async addDetached(repo: RepoInfo, wtPath: string, commit: string, options: { timeoutMs?: number } = {}): Promise<Result<void>> {
    const registered = await this.withRepoLock(repo, async () => {
      const out = await this.git(['worktree', 'add', '--no-checkout', '--detach', wtPath, commit], { cwd: repo.path });
      return out.code === 0 ? ok(undefined) : err('worktree_add_failed', `git worktree add --detach ${wtPath} failed: ${gitFailure(out)}`);
    });
    if (!registered.ok) return registered;
    const checkout = await this.git(['reset', '--hard', '--quiet', 'HEAD'], { cwd: wtPath, timeoutMs: options.timeoutMs ?? CHECKOUT_TIMEOUT_MS });
    if (checkout.code !== 0) {
      await this.remove(repo, wtPath, null);
      return err('worktree_add_failed', `checking out ${commit} in ${wtPath} failed: ${gitFailure(checkout)}`);
    }
    return ok(undefined);
  }

  /**
   * Removes the worktree (`--force`: callers save uncommitted work first), deletes `deleteBranch`
   * when given, and prunes. A locked worktree is refused by git and reported. A branch that cannot
   * be deleted (checked out elsewhere) is not an error: the worktree is gone either way, and a kept
   * branch loses nothing; `branchError` says why it stayed.
   */
  async remove(repo: RepoInfo, wtPath: string, deleteBranch: string | null): Promise<Result<{ branchError: string | null }>> {
    return this.withRepoLock(repo, async () => {
      const out = await this.git(['worktree', 'remove', '--force', wtPath], { cwd: repo.path });
      if (out.code !== 0) return err('worktree_remove_failed', `git worktree remove ${wtPath} failed: ${gitFailure(out)}`, { path: wtPath });
      let branchError: string | null = null;
      if (deleteBranch !== null && (await this.branchExists(repo, deleteBranch))) {
        const del = await this.client.deleteBranch(repo.path, deleteBranch);
        if (!del.ok) branchError = `deleting branch ${deleteBranch} failed: ${del.error.message}`;
      }
      await this.git(['worktree', 'prune'], { cwd: repo.path });
      return ok({ branchError });
    });
  }

  /**
   * Removes a worktree that holds nothing of value, whatever state it is in: half made, not
   * registered any more, or locked — a git killed in `worktree add` leaves it locked ("initializing"),
   * and prune and remove then skip it. Its registration goes too; a branch is kept. Only for
   * worktrees the caller knows are disposable (check copies, unfinished creations).
   */
  async discard(repo: RepoInfo, wtPath: string): Promise<Result<void>> {
    return this.withRepoLock(repo, async () => {
      await this.git(['worktree', 'unlock', wtPath], { cwd: repo.path });
      const removed = await this.git(['worktree', 'remove', '--force', wtPath], { cwd: repo.path });
      if (removed.code !== 0) {
        try {
          await rm(wtPath, { recursive: true, force: true });
        } catch (e) {
          return err('worktree_remove_failed', `removing ${wtPath} failed: ${errorMessage(e)}`, { path: wtPath });
        }
      }
      await this.git(['worktree', 'prune'], { cwd: repo.path });
      return ok(undefined);
    });
  }

  async prune(repo: RepoInfo): Promise<void> {
    await this.withRepoLock(repo, () => this.git(['worktree', 'prune'], { cwd: repo.path }));
  }

  /** Whether git tracks anything at `relPath` (a file or anything below a directory). */
  async isTracked(wtPath: string, relPath: string): Promise<Result<boolean>> {
    const out = await this.git(['--literal-pathspecs', 'ls-files', '-z', '--', relPath], { cwd: wtPath });
    if (out.code !== 0) return err('git_failed', `git ls-files in ${wtPath} failed: ${gitFailure(out)}`);
    return ok(out.stdout.length > 0);
  }
}
