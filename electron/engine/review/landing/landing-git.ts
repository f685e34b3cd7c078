import { lstat } from 'node:fs/promises';
import { execGit, gitFailure, type GitExec, type GitExecOptions, type GitOutput } from '../../lib/git/git-exec.js';
import { GitClient } from '../../lib/git/simple-git-client.js';
import { identityFlags } from '../../workspace/git-identity.js';

/**
 * Bound on git calls that rewrite a working tree (merge, rebase, the base checkout's fast-forward):
 * a huge repository takes minutes to check out, a hung git must still not wedge the queue forever.
 */
export const LANDING_GIT_TIMEOUT_MS = 30 * 60_000;

/** Bound on a push: a remote that does not answer must not hold the queue for long. */
export const PUSH_TIMEOUT_MS = 5 * 60_000;

/** Read-only status must not refresh (write) a worktree's index. */
const READ_ONLY_ENV = { GIT_OPTIONAL_LOCKS: '0' };

/**
 * The git reads and writes the landing queue needs: simple-git (`client`) for the status it parses,
 * the raw runner (`exec`) for the rest — most of a landing's calls print nothing, which costs 50 ms
 * each through simple-git (docs/adr/0012-simple-git-as-the-git-layer.md).
 */
export class LandingGit {
  constructor(
    readonly exec: GitExec = execGit,
    readonly client: GitClient = new GitClient(),
  ) {}

  run(args: readonly string[], cwd: string, options: Omit<GitExecOptions, 'cwd'> = {}): Promise<GitOutput> {
    return this.exec(args, { cwd, ...options });
  }

  async revParse(cwd: string, rev: string): Promise<string | null> {
    const out = await this.exec(['rev-parse', '--verify', '--quiet', rev], { cwd });
    return out.code === 0 && out.stdout.trim() !== '' ? out.stdout.trim() : null;
  }

  async isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
    return (await this.exec(['merge-base', '--is-ancestor', ancestor, descendant], { cwd })).code === 0;
  }

  /** `-c user.*` only for what is missing, so a configured identity (or GIT_* variables) wins. */
  identity(cwd: string): Promise<string[]> {
    return identityFlags(this.exec, cwd);
  }

  /** Files with unresolved conflicts after a merge or rebase stopped. */
  async conflictedFiles(cwd: string): Promise<string[]> {
    const status = await this.client.status(cwd);
    return status.ok ? status.value.conflicted : [];
  }

  /** A merge or rebase is in progress in this worktree (ours after a crash, or someone else's). */
  async operationInProgress(cwd: string): Promise<'merge' | 'rebase' | null> {
    if ((await this.revParse(cwd, 'MERGE_HEAD')) !== null) return 'merge';
    for (const dir of ['rebase-merge', 'rebase-apply']) {
      const out = await this.exec(['rev-parse', '--path-format=absolute', '--git-path', dir], { cwd });
      if (out.code === 0 && (await lstat(out.stdout.trim()).then(() => true, () => false))) return 'rebase';
    }
    return null;
  }

  /** `git <operation> --abort`; true when nothing is left in progress. */
  async abort(cwd: string, operation: 'merge' | 'rebase'): Promise<boolean> {
    await this.exec([operation, '--abort'], { cwd, timeoutMs: LANDING_GIT_TIMEOUT_MS });
    return (await this.operationInProgress(cwd)) === null;
  }

  /** The worktree (the main checkout or another) that has `branch` checked out, or null. */
  async checkoutOf(repo: string, branch: string): Promise<string | null> {
    // Newline-separated rather than `-z` (git 2.36+): a worktree path with a newline is not a real case.
    const out = await this.exec(['worktree', 'list', '--porcelain'], { cwd: repo });
    if (out.code !== 0) return null;
    let current: string | null = null;
    for (const field of out.stdout.split('\n')) {
      if (field.startsWith('worktree ')) current = field.slice('worktree '.length);
      else if (field === `branch refs/heads/${branch}` && current !== null) return current;
    }
    return null;
  }

  /** Paths that differ between two commits. */
  async changedFiles(cwd: string, from: string, to: string): Promise<string[]> {
    const out = await this.exec(['diff', '--name-only', '--no-renames', '-z', from, to], { cwd });
    return out.code === 0 ? splitZ(out.stdout) : [];
  }

  /** Files a worktree changes against `base`: committed since the merge base, uncommitted and untracked. */
  async worktreeFiles(cwd: string, base: string): Promise<string[] | null> {
    const mergeBase = await this.exec(['merge-base', 'HEAD', base], { cwd });
    if (mergeBase.code !== 0) return null;
    const [tracked, untracked] = await Promise.all([
      this.exec(['diff', '--name-only', '--no-renames', '-z', mergeBase.stdout.trim()], { cwd, env: READ_ONLY_ENV }),
      this.exec(['ls-files', '--others', '--exclude-standard', '-z'], { cwd, env: READ_ONLY_ENV }),
    ]);
    if (tracked.code !== 0 || untracked.code !== 0) return null;
    return [...new Set([...splitZ(tracked.stdout), ...splitZ(untracked.stdout)])].sort();
  }
}

export { gitFailure };

function splitZ(text: string): string[] {
  return text.split('\0').filter((s) => s !== '');
}
