import type { LandStrategy } from '../../workflow/config-types.js';
import type { GitOutput } from '../../lib/git/git-exec.js';
import { gitFailure, LANDING_GIT_TIMEOUT_MS, type LandingGit } from './landing-git.js';

export type UpdateOutcome =
  | { kind: 'updated'; head: string }
  /** The update stopped on conflicts; it was aborted, so the worktree is as it was. */
  | { kind: 'conflict'; operation: 'merge' | 'rebase'; files: string[] }
  /** Git failed for another reason (a lock, an untracked file in the way); also aborted. */
  | { kind: 'error'; message: string };

/**
 * Brings the ticket's branch up to date with `baseCommit` in its worktree: `rebase` replays the
 * branch on it; `merge` and `squash` merge it into the branch (squash then lands the merged tree
 * as one commit). Repository hooks are skipped (`--no-verify`): the checks are the verification,
 * and a hook waiting for input would hang the queue. `--no-autostash` because the worktree is
 * clean at this point and an autostash could leave conflict markers behind.
 */
export async function updateBranch(git: LandingGit, worktree: string, strategy: LandStrategy, baseCommit: string, baseName: string, branch: string): Promise<UpdateOutcome> {
  const identity = await git.identity(worktree);
  const operation = strategy === 'rebase' ? 'rebase' : 'merge';
  const args =
    operation === 'rebase'
      ? [...identity, 'rebase', '--no-autostash', '--no-verify', baseCommit]
      : // --ff overrides a `merge.ff=only` setting, which would refuse every branch with its own commits.
        [...identity, 'merge', '--ff', '--no-edit', '--no-verify', '--no-autostash', '-m', `Merge ${baseName} into ${branch}`, baseCommit];
  const out = await git.run(args, worktree, { timeoutMs: LANDING_GIT_TIMEOUT_MS });
  if (out.code !== 0) return stopped(git, worktree, operation, out);
  const head = await git.revParse(worktree, 'HEAD');
  if (head === null) return { kind: 'error', message: `HEAD of ${worktree} cannot be read after the ${operation}` };
  return { kind: 'updated', head };
}

async function stopped(git: LandingGit, worktree: string, operation: 'merge' | 'rebase', out: GitOutput): Promise<UpdateOutcome> {
  const files = await git.conflictedFiles(worktree);
  const inProgress = await git.operationInProgress(worktree);
  if (inProgress !== null && !(await git.abort(worktree, inProgress))) {
    return { kind: 'error', message: `git ${operation} stopped (${gitFailure(out)}) and could not be aborted; finish or abort it in ${worktree}` };
  }
  if (files.length > 0) return { kind: 'conflict', operation, files };
  return { kind: 'error', message: `git ${operation} failed: ${gitFailure(out)}` };
}
