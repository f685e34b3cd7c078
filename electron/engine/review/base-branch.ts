import type { Clock } from '../lib/clock.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { GitWorktrees } from '../workspace/git-worktree.js';

/**
 * How long a resolved base branch name is reused (ms). Each diff needs it and resolving costs four
 * git calls; an inbox load asks once per ticket within a second, while a checkout switched to another
 * branch is picked up two seconds later at most.
 */
export const BASE_BRANCH_TTL_MS = 2_000;

/**
 * The base branch's name — `workspace.base_branch`, or the repository's current branch — for
 * diffs, guidance and the landing's notion of "main"; null without a repository or when it cannot
 * be resolved (a detached HEAD, a branch that does not exist).
 */
export function baseBranchResolver(config: () => ServiceConfig, worktrees: GitWorktrees, clock: Clock): () => Promise<string | null> {
  let cached: { key: string; value: string | null; at: number } | null = null;
  return async () => {
    const { repo, base_branch: configured } = config().workspace;
    if (!repo) return null;
    const key = `${repo}\0${configured ?? ''}`;
    if (cached?.key === key && clock.now() - cached.at < BASE_BRANCH_TTL_MS) return cached.value;
    const opened = await worktrees.openRepo(repo);
    const base = opened.ok ? await worktrees.resolveBase(opened.value, configured) : null;
    const value = base?.ok ? base.value : null;
    cached = { key, value, at: clock.now() };
    return value;
  };
}
