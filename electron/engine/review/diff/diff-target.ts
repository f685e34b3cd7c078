import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../lib/result.js';
import { gitFailure, type GitExec } from '../../lib/git/git-exec.js';
import { READ_ONLY_GIT_ENV } from './diff-limits.js';

export interface DiffTargetInput {
  /** The source repository (`workspace.repo`). */
  repo: string;
  /** The ticket's worktree. */
  worktree: string;
  /** The base branch (`main`). */
  baseBranch: string;
}

/** What a diff compares, all resolved to commits. */
export interface DiffTarget {
  /** The worktree's real path (git runs there). */
  worktree: string;
  head: string;
  /** The checked-out branch, null on a detached HEAD. */
  headRef: string | null;
  /** merge-base of the base branch and HEAD. */
  base: string;
  baseRef: string;
}

const options = (cwd: string) => ({ cwd, env: { ...READ_ONLY_GIT_ENV } });

/**
 * Checks that `worktree` is the top level of a worktree of `repo` (so a folder left inside the
 * main checkout never diffs the main checkout), that its HEAD is a commit and that the base branch
 * exists, then finds the merge base: comparing against it rather than the base branch's tip keeps
 * work that landed on the base since the branch was cut from showing up as reverted.
 */
export async function resolveDiffTarget(git: GitExec, input: DiffTargetInput): Promise<Result<DiffTarget>> {
  const repoCommon = await commonDir(git, input.repo);
  if (repoCommon === null) return err('no_repository', `repository ${input.repo} does not exist or is not a git repository`, { repo: input.repo });
  const stats = await lstat(input.worktree).catch(() => null);
  if (stats === null || !stats.isDirectory()) {
    return err('workspace_not_found', `the worktree ${input.worktree} does not exist`, { worktree: input.worktree });
  }
  const worktree = await realpath(input.worktree);
  const info = await git(['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel'], options(worktree));
  const [common = '', top = ''] = info.stdout.split('\n').map((l) => l.trim());
  const [realCommon, realTop] = await Promise.all([common, top].map((p) => (p === '' ? null : realpath(p).catch(() => null))));
  if (info.code !== 0 || realCommon !== repoCommon || realTop !== worktree) {
    const why = info.code !== 0 ? gitFailure(info) : realCommon !== repoCommon ? `it belongs to ${common}` : `it is inside ${top}`;
    return err('workspace_not_found', `${input.worktree} is not a git worktree of ${input.repo} (${why})`, { worktree: input.worktree });
  }
  const [head, headRef, baseTip] = await Promise.all([
    commit(git, worktree, 'HEAD'),
    git(['symbolic-ref', '-q', 'HEAD'], options(worktree)),
    input.baseBranch.startsWith('-') ? Promise.resolve(null) : commit(git, worktree, input.baseBranch),
  ]);
  const refName = headRef.code === 0 ? headRef.stdout.trim().replace(/^refs\/heads\//, '') : null;
  if (head === null) {
    const branch = refName ? `its branch ${refName}` : 'its HEAD';
    return err('branch_not_found', `the worktree ${input.worktree} has no commit checked out: ${branch} no longer exists (deleted by hand?)`, { worktree: input.worktree, branch: refName });
  }
  if (baseTip === null) {
    return err('base_not_found', `the base branch "${input.baseBranch}" does not exist in ${input.repo}`, { base: input.baseBranch });
  }
  const mergeBase = await git(['merge-base', baseTip, head], options(worktree));
  if (mergeBase.code === 1 && mergeBase.stdout.trim() === '') {
    return err('base_not_found', `${refName ?? 'HEAD'} in ${input.worktree} shares no history with the base branch "${input.baseBranch}"`, { base: input.baseBranch });
  }
  if (mergeBase.code !== 0) return err('git_failed', `git merge-base ${input.baseBranch} HEAD failed in ${input.worktree}: ${gitFailure(mergeBase)}`);
  return ok({ worktree, head, headRef: refName, base: mergeBase.stdout.trim(), baseRef: input.baseBranch });
}

async function commonDir(git: GitExec, repo: string): Promise<string | null> {
  const exists = await lstat(repo).catch(() => null);
  if (exists === null) return null;
  const out = await git(['rev-parse', '--path-format=absolute', '--git-common-dir'], options(path.resolve(repo)));
  if (out.code !== 0) return null;
  return realpath(out.stdout.trim()).catch(() => null);
}

async function commit(git: GitExec, cwd: string, rev: string): Promise<string | null> {
  const out = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], options(cwd));
  return out.code === 0 && out.stdout.trim() !== '' ? out.stdout.trim() : null;
}
