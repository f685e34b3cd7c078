import { err, ok } from '../../electron/engine/lib/result.js';
import type { DiffService } from '../../electron/engine/review/diff/diff-service.js';
import type { DiffPort } from '../../electron/engine/review/review-ports.js';
import type { GitExec } from '../../electron/engine/workspace/git-exec.js';
import { GitWorktrees } from '../../electron/engine/workspace/git-worktree.js';
import type { ReviewRig } from './review-rig.js';

/**
 * The diff service addressed by ticket, the way the engine's review loop adapts it (review-loop.ts
 * keeps its adapter private): every call resolves the repository, the base branch and the
 * ticket's worktree first, so the benchmark pays the same git calls an API request does.
 */
export function ticketDiffs(diffs: DiffService, rig: ReviewRig, git: GitExec): DiffPort {
  const worktrees = new GitWorktrees({ git, mutex: rig.repoMutex });
  const target = async (identifier: string) => {
    const repo = rig.config.workspace.repo;
    if (!repo) return err('no_repository', 'workspace.repo is not set');
    const opened = await worktrees.openRepo(repo);
    if (!opened.ok) return opened;
    const base = await worktrees.resolveBase(opened.value, rig.config.workspace.base_branch);
    if (!base.ok) return base;
    const worktree = await rig.workspaces.pathFor(identifier);
    if (!worktree.ok) return worktree;
    return ok({ repo, worktree: worktree.value, baseBranch: base.value, identifier });
  };
  return {
    diff: async (identifier, path) => {
      const t = await target(identifier);
      return t.ok ? diffs.diff({ ...t.value, path }) : t;
    },
    summary: async (identifier) => {
      const t = await target(identifier);
      return t.ok ? diffs.summary(t.value) : t;
    },
    changedFiles: async (identifier) => {
      const t = await target(identifier);
      return t.ok ? diffs.changedFiles(t.value) : t;
    },
  };
}
