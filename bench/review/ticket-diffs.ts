import { systemClock } from '../../electron/engine/lib/clock.js';
import { baseBranchResolver } from '../../electron/engine/review/base-branch.js';
import type { DiffService } from '../../electron/engine/review/diff/diff-service.js';
import type { DiffPort } from '../../electron/engine/review/review-ports.js';
import { ticketDiffs } from '../../electron/engine/review/ticket-diffs.js';
import type { GitExec } from '../../electron/engine/lib/git/git-exec.js';
import { GitWorktrees } from '../../electron/engine/workspace/git-worktree.js';
import type { ReviewRig } from './review-rig.js';

/**
 * The engine's per-ticket diff adapter and base-branch resolver over the rig, as the review loop
 * composes them, so the benchmark pays the same git calls an API request does.
 */
export function benchTicketDiffs(diffs: DiffService, rig: ReviewRig, git: GitExec): DiffPort {
  const worktrees = new GitWorktrees({ git, mutex: rig.repoMutex });
  const baseBranch = baseBranchResolver(() => rig.config, worktrees, systemClock);
  return ticketDiffs(diffs, { config: () => rig.config, baseBranch, pathFor: (id) => rig.workspaces.pathFor(id) });
}
