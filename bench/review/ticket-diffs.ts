import type { DiffService } from '../../electron/engine/review/diff/diff-service.js';
import type { DiffPort } from '../../electron/engine/review/review-ports.js';
import { ticketDiffs } from '../../electron/engine/review/ticket-diffs.js';
import type { GitExec } from '../../electron/engine/workspace/git-exec.js';
import { GitWorktrees } from '../../electron/engine/workspace/git-worktree.js';
import type { ReviewRig } from './review-rig.js';

/**
 * The engine's per-ticket diff adapter over the rig, resolving the base branch on every call the
 * way the review loop does, so the benchmark pays the same git calls an API request does.
 */
export function benchTicketDiffs(diffs: DiffService, rig: ReviewRig, git: GitExec): DiffPort {
  const worktrees = new GitWorktrees({ git, mutex: rig.repoMutex });
  const baseBranch = async (): Promise<string | null> => {
    const repo = rig.config.workspace.repo;
    const opened = repo ? await worktrees.openRepo(repo) : null;
    if (!opened?.ok) return null;
    const base = await worktrees.resolveBase(opened.value, rig.config.workspace.base_branch);
    return base.ok ? base.value : null;
  };
  return ticketDiffs(diffs, { config: () => rig.config, baseBranch, pathFor: (id) => rig.workspaces.pathFor(id) });
}
