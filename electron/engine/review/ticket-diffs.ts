import { err, ok, type Result } from '../lib/result.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { DiffService } from './diff/diff-service.js';
import type { DiffPort } from './review-ports.js';

export interface TicketDiffsDeps {
  config: () => ServiceConfig;
  /** The base branch's name (configured or the repository's current branch); null when unknown. */
  baseBranch: () => Promise<string | null>;
  /** The ticket's worktree path (it may not exist; the diff service says so). */
  pathFor: (identifier: string) => Promise<Result<string>>;
}

/**
 * The diff service addressed by ticket: each call resolves the repository, the base branch and
 * the ticket's worktree first (the config may have been reloaded since the last call).
 */
export function ticketDiffs(diffs: DiffService, deps: TicketDiffsDeps): DiffPort {
  const target = async (identifier: string) => {
    const repo = deps.config().workspace.repo;
    if (!repo) return err('no_repository', 'workspace.repo is not set: without a git repository there is no diff');
    const base = await deps.baseBranch();
    if (!base) return err('base_not_found', `the base branch of ${repo} cannot be resolved (set workspace.base_branch)`);
    const worktree = await deps.pathFor(identifier);
    if (!worktree.ok) return worktree;
    return ok({ repo, worktree: worktree.value, baseBranch: base, identifier });
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
    landed: async (identifier, from, to, path) => {
      const repo = deps.config().workspace.repo;
      if (!repo) return err('no_repository', 'workspace.repo is not set: without a git repository there is no diff');
      // Named after the base branch the change landed on, like a ticket's diff.
      return diffs.commitDiff({ repo, from, to, identifier, path, baseRef: (await deps.baseBranch()) ?? undefined });
    },
    changedFiles: async (identifier) => {
      const t = await target(identifier);
      return t.ok ? diffs.changedFiles(t.value) : t;
    },
    lineRanges: (snapshot, paths) => diffs.lineRanges(snapshot, paths),
  };
}
